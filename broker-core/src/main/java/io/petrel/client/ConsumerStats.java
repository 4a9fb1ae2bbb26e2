package io.petrel.client;

import io.petrel.common.ConsumeStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer's per-topic rates over the last minute (pulls, pull round trips, consumed OK and
 * failed, listener time) and its total failures, as mqadmin consumerStatus shows them.
 */
final class ConsumerStats {

    private static final class Topic {
        final MinuteWindow pulled = new MinuteWindow();
        final MinuteWindow pullRtMs = new MinuteWindow();
        final MinuteWindow pulls = new MinuteWindow();
        final MinuteWindow consumedOk = new MinuteWindow();
        final MinuteWindow consumedFailed = new MinuteWindow();
        final MinuteWindow consumeRtMs = new MinuteWindow();
        final MinuteWindow consumeCalls = new MinuteWindow();
        long failedTotal;
    }

    private final TreeMap<String, Topic> topics = new TreeMap<>();

    private Topic topic(String name) {
        return topics.computeIfAbsent(name, t -> new Topic());
    }

    void onPull(String topic, long nowMs, long rtMs, int found) {
        Topic t = topic(topic);
        t.pulls.add(nowMs, 1);
        t.pullRtMs.add(nowMs, rtMs);
        t.pulled.add(nowMs, found);
    }

    void onConsumed(String topic, long nowMs, long rtMs, int ok, int failed) {
        Topic t = topic(topic);
        t.consumeCalls.add(nowMs, 1);
        t.consumeRtMs.add(nowMs, rtMs);
        t.consumedOk.add(nowMs, ok);
        t.consumedFailed.add(nowMs, failed);
        t.failedTotal += failed;
    }

    Map<String, ConsumeStatus> status(long nowMs) {
        Map<String, ConsumeStatus> result = new TreeMap<>();
        topics.forEach((name, t) -> result.put(name, new ConsumeStatus(
                average(t.pullRtMs.sum(nowMs), t.pulls.sum(nowMs)), t.pulled.sum(nowMs) / 60.0,
                average(t.consumeRtMs.sum(nowMs), t.consumeCalls.sum(nowMs)), t.consumedOk.sum(nowMs) / 60.0,
                t.consumedFailed.sum(nowMs) / 60.0, t.failedTotal)));
        return result;
    }

    private static double average(long total, long count) {
        return count == 0 ? 0 : (double) total / count;
    }
}
