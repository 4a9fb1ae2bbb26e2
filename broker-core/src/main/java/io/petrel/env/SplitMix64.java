package io.petrel.env;

/**
 * SplitMix64 (Steele, Lea and Flood), written out here rather than borrowed from
 * {@code SplittableRandom} so that the sequence for a seed can never change with the JDK.
 * Not thread-safe: each node owns its own.
 */
public final class SplitMix64 implements RandomSource {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** The SplitMix64 finalizer: a bijective 64-bit mix, handy for deriving seeds. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
