package io.petrel.sim;

import io.petrel.env.SplitMix64;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A running 64-bit hash of every executed event, with a checkpoint every
 * {@value #CHECKPOINT_EVERY} events. Two runs of one seed must end with the same hash; when they
 * do not, comparing checkpoints narrows the divergence to a window of events.
 */
public final class TraceHash {

    public static final int CHECKPOINT_EVERY = 1_000;

    private static final long PRIME = 0x100000001B3L;

    private long hash;
    private long events;
    private long[] checkpoints = new long[64];
    private int checkpointCount;

    TraceHash(long seed) {
        this.hash = SplitMix64.mix(seed ^ 0xCBF29CE484222325L);
    }

    void fold(long timeNanos, int nodeId, int kind, long detail) {
        long h = hash;
        h = (h ^ timeNanos) * PRIME;
        h = (h ^ ((long) nodeId << 32 | kind)) * PRIME;
        h = (h ^ detail) * PRIME;
        hash = h;
        if (++events % CHECKPOINT_EVERY == 0) {
            if (checkpointCount == checkpoints.length) {
                checkpoints = Arrays.copyOf(checkpoints, checkpointCount * 2);
            }
            checkpoints[checkpointCount++] = SplitMix64.mix(h);
        }
    }

    /** Folds a value that is not an event (a checker verdict, a final state digest). */
    void foldValue(long value) {
        hash = (hash ^ value) * PRIME;
    }

    /** The hash so far, mixed so that nearby states give unrelated values. */
    public long value() {
        return SplitMix64.mix(hash ^ events);
    }

    public String hex() {
        return HexFormat.of().toHexDigits(value());
    }

    public long events() {
        return events;
    }

    /** The checkpoint hashes, one per {@value #CHECKPOINT_EVERY} events. */
    public long[] checkpoints() {
        return Arrays.copyOf(checkpoints, checkpointCount);
    }

    /**
     * The index of the first checkpoint where two traces differ, or -1 if one is a prefix of the
     * other. Checkpoint i covers events up to (i + 1) × {@value #CHECKPOINT_EVERY}.
     */
    public static int firstDivergence(long[] a, long[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return -1;
    }
}
