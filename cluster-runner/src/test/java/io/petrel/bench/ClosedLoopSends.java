package io.petrel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Synchronous sends in a closed loop: each of N threads sends its next message as soon as the
 * previous one is answered, through a warm-up and then a measured window. Every broker load runs
 * through here (the official client, Petrel's, {@code bin/bench compare}), so their figures mean
 * the same. The caller's threads only sleep; the load runs on threads started here and joined
 * before {@link #run} returns.
 */
final class ClosedLoopSends {

    private ClosedLoopSends() {
    }

    /** One synchronous send; null when it was acknowledged SEND_OK, else what went wrong. */
    @FunctionalInterface
    interface SendOnce {
        String send();
    }

    /**
     * What the measured window gave: acknowledged and failed sends, the window's length, every
     * send's latency in µs, how many failed of each kind, and the CPU time the broker spent in the
     * window (0 when nobody asked).
     */
    record Result(long acknowledged, long failed, double seconds, Histogram latencyUs, Map<String, Long> failureKinds,
            long brokerCpuNanos) {

        double tps() {
            return acknowledged / seconds;
        }

        double latencyMs(double percentile) {
            return latencyUs.getValueAtPercentile(percentile) / 1000.0;
        }

        /** The broker's CPU time per acknowledged message, in µs. */
        double brokerCpuUsPerMessage() {
            return brokerCpuNanos / 1000.0 / acknowledged;
        }
    }

    /**
     * {@code threads} threads sending through {@code sendOnce} for {@code warmupSeconds}, then
     * {@code seconds} measured; {@code brokerCpuNanos} is read as the window opens and as it closes.
     */
    static Result run(int threads, long warmupSeconds, long seconds, SendOnce sendOnce, LongSupplier brokerCpuNanos)
            throws InterruptedException {
        Recorder latencies = new Recorder(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, AtomicLong> failureKinds = new ConcurrentSkipListMap<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    String failure = sendOnce.send();
                    if (measuring.get()) {
                        latencies.recordValue((System.nanoTime() - start) / 1_000);
                        (failure == null ? sent : failed).incrementAndGet();
                        if (failure != null) {
                            failureKinds.computeIfAbsent(failure, k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
            }, "bench-producer-" + t);
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(warmupSeconds * 1_000);
        latencies.reset();
        long cpuBefore = brokerCpuNanos.getAsLong();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1_000);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = brokerCpuNanos.getAsLong() - cpuBefore;
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        Map<String, Long> kinds = new TreeMap<>();
        failureKinds.forEach((kind, count) -> kinds.put(kind, count.get()));
        return new Result(sent.get(), failed.get(), elapsed, latencies.getIntervalHistogram(), kinds, cpu);
    }
}
