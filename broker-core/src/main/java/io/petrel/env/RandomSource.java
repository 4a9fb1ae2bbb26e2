package io.petrel.env;

/**
 * The node's only source of randomness.
 *
 * <p>In simulation it is a stream derived from the run's seed, the node's name and the purpose,
 * so that the same seed replays the same choices. In production it is seeded once from the
 * operating system by the io-real main. Nothing in broker-core may use another source
 * (the JDK's global random values, an unseeded {@code Random}, random {@code UUID}s, ...).
 */
public interface RandomSource {

    /** A uniformly distributed 64-bit value. */
    long nextLong();

    /** A uniformly distributed value in {@code [0, bound)}; {@code bound} must be positive. */
    default int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Lemire's multiply-shift with rejection, so every value is exactly equally likely.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A uniformly distributed value in {@code [0, 1)}. */
    default double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A fair coin. */
    default boolean nextBoolean() {
        return nextLong() < 0;
    }
}
