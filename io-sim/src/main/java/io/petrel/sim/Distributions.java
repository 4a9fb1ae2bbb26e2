package io.petrel.sim;

import io.petrel.env.RandomSource;

/**
 * Random durations for the simulated world. Computed with {@code StrictMath}, whose results are
 * bit-for-bit the same on every JVM, so a seed gives the same latencies everywhere.
 */
final class Distributions {

    private Distributions() {
    }

    /** An exponentially distributed value with the given mean. */
    static long exponential(RandomSource random, long mean) {
        if (mean <= 0) {
            return 0;
        }
        double u = random.nextDouble();
        return (long) (-StrictMath.log(1.0 - u) * mean);
    }

    /** min + exponential(meanExtra), capped at max; in the same unit as the arguments. */
    static long shiftedExponential(RandomSource random, long min, long meanExtra, long max) {
        return Math.min(max, min + exponential(random, meanExtra));
    }
}
