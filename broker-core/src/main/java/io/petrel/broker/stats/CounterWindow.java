package io.petrel.broker.stats;

/**
 * The last few samples of one counter taken at a fixed interval, oldest first: the sampler adds a
 * sample per tick and readers ask how much the counter moved over the newest {@code n} intervals.
 * A bounded ring, so memory does not grow with uptime. Single-threaded on the broker's loop.
 */
final class CounterWindow {

    /** How much a counter moved between two samples. */
    record Delta(long value, long times, long elapsedNanos) {

        /** Per second; 0 before two samples exist. */
        double perSecond() {
            return elapsedNanos <= 0 ? 0 : value * 1e9 / elapsedNanos;
        }

        /** Value per increment (RocketMQ's avgpt); 0 when nothing was added. */
        double perIncrement() {
            return times <= 0 ? 0 : (double) value / times;
        }
    }

    private final long[] nanos;
    private final long[] values;
    private final long[] times;
    private int size;
    private int next;

    CounterWindow(int capacity) {
        this.nanos = new long[capacity];
        this.values = new long[capacity];
        this.times = new long[capacity];
    }

    void sample(long nowNanos, long value, long timesValue) {
        nanos[next] = nowNanos;
        values[next] = value;
        times[next] = timesValue;
        next = (next + 1) % nanos.length;
        size = Math.min(size + 1, nanos.length);
    }

    /** The change over the newest {@code intervals} intervals, or over all kept samples if fewer. */
    Delta deltaOver(int intervals) {
        if (size < 2) {
            return new Delta(0, 0, 0);
        }
        int newest = index(size - 1);
        int oldest = index(Math.max(0, size - 1 - intervals));
        return new Delta(values[newest] - values[oldest], times[newest] - times[oldest], nanos[newest] - nanos[oldest]);
    }

    /** The change over every kept sample (the whole window). */
    Delta deltaOverAll() {
        return deltaOver(nanos.length - 1);
    }

    /** The physical index of the i-th oldest kept sample. */
    private int index(int i) {
        int oldest = size < nanos.length ? 0 : next;
        return (oldest + i) % nanos.length;
    }
}
