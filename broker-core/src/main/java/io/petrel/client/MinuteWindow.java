package io.petrel.client;

/**
 * A sum over the last minute in one-second buckets, for the rates a consumer reports
 * (GET_CONSUMER_RUNNING_INFO). Driven by the caller's clock reading; no timers.
 */
final class MinuteWindow {

    private static final int BUCKETS = 60;

    private final long[] sums = new long[BUCKETS];
    private final long[] seconds = new long[BUCKETS];

    void add(long nowMs, long value) {
        long second = nowMs / 1000;
        int slot = (int) Math.floorMod(second, (long) BUCKETS);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            sums[slot] = 0;
        }
        sums[slot] += value;
    }

    /** The total of the last 60 seconds (the current one included). */
    long sum(long nowMs) {
        long second = nowMs / 1000;
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (second - seconds[i] < BUCKETS && seconds[i] <= second) {
                total += sums[i];
            }
        }
        return total;
    }
}
