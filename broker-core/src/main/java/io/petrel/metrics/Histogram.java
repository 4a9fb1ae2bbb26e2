package io.petrel.metrics;

import java.util.Arrays;

/**
 * A histogram over fixed upper bounds, as Prometheus keeps one: a count per bucket (a value goes to
 * the first bucket whose bound is at least the value, or to the overflow bucket past the last), the
 * sum of every value and how many there were. Recording allocates nothing. The buckets are kept
 * apart and made cumulative only when rendered ({@link #cumulativeCount}). Single-threaded.
 */
public final class Histogram {

    /** RocketMQ 5.x's buckets for {@code rocketmq_rpc_latency}, in milliseconds. */
    public static final long[] RPC_LATENCY_MS = {1, 3, 5, 7, 10, 100, 1_000, 2_000, 3_000};

    private final long[] bounds;
    private final long[] counts;
    private long sum;
    private long count;

    /** {@code bounds}: the buckets' upper bounds, strictly increasing. */
    public Histogram(long[] bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("bounds must increase: " + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    public void record(long value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts[i]++;
        sum += value;
        count++;
    }

    public int buckets() {
        return bounds.length;
    }

    public long bound(int bucket) {
        return bounds[bucket];
    }

    /** Values at most {@code bound(bucket)}: the bucket's count plus every lower bucket's. */
    public long cumulativeCount(int bucket) {
        long total = 0;
        for (int i = 0; i <= bucket; i++) {
            total += counts[i];
        }
        return total;
    }

    public long sum() {
        return sum;
    }

    public long count() {
        return count;
    }
}
