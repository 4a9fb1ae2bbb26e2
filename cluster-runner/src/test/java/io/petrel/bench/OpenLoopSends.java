package io.petrel.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Sends at a fixed arrival rate, whatever the broker answers (an open loop): the n-th send is due
 * at {@code start + n / rate}, issued then (or at once when the sender is behind), asynchronously
 * through the official producer, and its latency runs from that due time to its answer. A stall
 * therefore shows in the latency of every send due during it, not only in the one that met it
 * (the closed loop's coordinated omission). A warm-up comes first; only sends due in the measured
 * window count.
 */
final class OpenLoopSends {

    /** Sends still unanswered after the window: waited for this long at most. */
    private static final long DRAIN_SECONDS = 30;

    private OpenLoopSends() {
    }

    /**
     * The measured window: sends due in it, those answered SEND_OK and those that failed (other
     * statuses, exceptions, or no answer after the drain), the latency of each answered one in µs,
     * the failures by kind, and the most the sender fell behind a due time, in µs.
     */
    record Result(long due, long acknowledged, long failed, Histogram latencyUs, Map<String, Long> failureKinds,
            long mostBehindUs) {

        double latencyMs(double percentile) {
            return latencyUs.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    static Result run(DefaultMQProducer producer, String topic, double ratePerSecond, long warmupSeconds, long seconds)
            throws InterruptedException {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("an open loop needs a positive rate, not " + ratePerSecond);
        }
        Recorder latencies = new Recorder(3);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        Map<String, Long> kinds = new ConcurrentSkipListMap<>();
        byte[] body = new byte[1024];
        double intervalNanos = 1e9 / ratePerSecond;
        long start = System.nanoTime();
        long windowStart = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = windowStart + TimeUnit.SECONDS.toNanos(seconds);
        long due = 0;
        long mostBehind = 0;
        for (long n = 0; ; n++) {
            long dueAt = start + (long) (n * intervalNanos);
            if (dueAt >= end) {
                break;
            }
            long now = System.nanoTime();
            if (dueAt > now) {
                LockSupport.parkNanos(dueAt - now);
            } else {
                mostBehind = Math.max(mostBehind, now - dueAt);
            }
            boolean measured = dueAt >= windowStart;
            due += measured ? 1 : 0;
            SendCallback callback = new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    if (measured) {
                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                            latencies.recordValue(Math.max(0, (System.nanoTime() - dueAt) / 1_000));
                            acknowledged.incrementAndGet();
                        } else {
                            kinds.merge(r.getSendStatus().name(), 1L, Long::sum);
                        }
                        answered.incrementAndGet();
                    }
                }

                @Override
                public void onException(Throwable e) {
                    if (measured) {
                        kinds.merge(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).split("\n")[0],
                                1L, Long::sum);
                        answered.incrementAndGet();
                    }
                }
            };
            try {
                producer.send(new Message(topic, "TagA", body), callback);
            } catch (Exception e) {
                callback.onException(e);
            }
        }
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        while (answered.get() < due && System.nanoTime() < drainDeadline) {
            Thread.sleep(10);
        }
        long unanswered = due - answered.get();
        if (unanswered > 0) {
            kinds.merge("no answer within " + DRAIN_SECONDS + " s after the window", unanswered, Long::sum);
        }
        return new Result(due, acknowledged.get(), due - acknowledged.get(), latencies.getIntervalHistogram(), kinds,
                mostBehind / 1_000);
    }
}
