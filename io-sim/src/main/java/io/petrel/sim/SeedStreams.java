package io.petrel.sim;

import io.petrel.env.RandomSource;
import io.petrel.env.SplitMix64;
import java.nio.charset.StandardCharsets;

/**
 * Derives independent random streams from one run seed, by scope (usually a node name) and
 * purpose ("workload", "faults", "latency", "disk", ...). A stream depends only on the seed and
 * its two names, never on how many other streams exist or how much they were used, so adding a
 * consumer or a node to a scenario does not reshuffle the fault schedule.
 */
public final class SeedStreams {

    private final long seed;

    public SeedStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A fresh stream for (scope, purpose); asking twice gives two identical streams. */
    public RandomSource stream(String scope, String purpose) {
        return new SplitMix64(derive(scope, purpose));
    }

    /** The 64-bit seed of the (scope, purpose) stream. */
    public long derive(String scope, String purpose) {
        long h = SplitMix64.mix(seed);
        h = SplitMix64.mix(h ^ fnv1a(scope));
        return SplitMix64.mix(h ^ Long.rotateLeft(fnv1a(purpose), 17));
    }

    /** FNV-1a over UTF-8 bytes: stable across JVMs, unlike identity hashes. */
    static long fnv1a(String text) {
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }
}
