package io.petrel.broker.pull;

import io.petrel.env.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * Held pulls by topic and queue. A held pull is woken, once, by the first of: a message arriving
 * on its queue at or beyond its offset (and matching its filter when the tags code is known), the
 * periodic check finding the queue grew, or its deadline. Waking runs the pull again, which then
 * answers the client (with messages, or not-found at the deadline).
 */
public final class PullRequestHoldService {

    /** One held pull; {@code rerun} answers it. */
    public record HeldPull(String topic, int queueId, long queueOffset, long deadlineNanos, LongPredicate tagsMatch,
            Runnable rerun) {
    }

    /** Where a queue ends now (exclusive), for the periodic check. */
    @FunctionalInterface
    public interface MaxOffsets {
        long maxOffset(String topic, int queueId);
    }

    private final Env env;
    private final MaxOffsets maxOffsets;
    private final long checkIntervalMs;
    private final TreeMap<String, List<HeldPull>> held = new TreeMap<>();
    private boolean started;
    private boolean stopped;
    private long woken;
    private long timedOut;

    public PullRequestHoldService(Env env, MaxOffsets maxOffsets, long checkIntervalMs) {
        this.env = env;
        this.maxOffsets = maxOffsets;
        this.checkIntervalMs = checkIntervalMs;
    }

    private static String key(String topic, int queueId) {
        return topic + "@" + queueId;
    }

    public void start() {
        if (!started) {
            started = true;
            env.scheduler().schedule(checkIntervalMs, this::periodicCheck);
        }
    }

    public void hold(HeldPull pull) {
        held.computeIfAbsent(key(pull.topic(), pull.queueId()), k -> new ArrayList<>()).add(pull);
        long delayMs = Math.max(0, (pull.deadlineNanos() - env.clock().nanoTime()) / 1_000_000L) + 1;
        env.scheduler().schedule(delayMs, () -> expire(pull));
    }

    /** The store dispatched a message for a queue; {@code tagsCode} is null when unknown. */
    public void onMessageArriving(String topic, int queueId, long maxOffset, Long tagsCode) {
        List<HeldPull> pulls = held.get(key(topic, queueId));
        if (pulls == null) {
            return;
        }
        List<HeldPull> ready = new ArrayList<>();
        pulls.removeIf(p -> {
            boolean arrived = maxOffset > p.queueOffset() && (tagsCode == null || p.tagsMatch().test(tagsCode));
            if (arrived) {
                ready.add(p);
            }
            return arrived;
        });
        cleanUp(topic, queueId);
        woken += ready.size();
        if (!ready.isEmpty()) {
            env.log().probe("broker-long-poll-woken");
        }
        ready.forEach(p -> p.rerun().run());
    }

    private void expire(HeldPull pull) {
        List<HeldPull> pulls = held.get(key(pull.topic(), pull.queueId()));
        if (pulls != null && pulls.remove(pull)) {
            cleanUp(pull.topic(), pull.queueId());
            timedOut++;
            env.log().probe("broker-long-poll-timeout");
            pull.rerun().run();
        }
    }

    private void periodicCheck() {
        if (stopped) {
            return;
        }
        for (Map.Entry<String, List<HeldPull>> e : new ArrayList<>(held.entrySet())) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            HeldPull any = e.getValue().get(0);
            long max = maxOffsets.maxOffset(any.topic(), any.queueId());
            onMessageArriving(any.topic(), any.queueId(), max, null);
        }
        env.scheduler().schedule(checkIntervalMs, this::periodicCheck);
    }

    private void cleanUp(String topic, int queueId) {
        List<HeldPull> pulls = held.get(key(topic, queueId));
        if (pulls != null && pulls.isEmpty()) {
            held.remove(key(topic, queueId));
        }
    }

    /** Answers every held pull now (at shutdown), so clients are not left waiting for their timeouts. */
    public void stop() {
        stopped = true;
        List<HeldPull> all = new ArrayList<>();
        held.values().forEach(all::addAll);
        held.clear();
        all.forEach(p -> p.rerun().run());
    }

    public int heldCount() {
        int n = 0;
        for (List<HeldPull> pulls : held.values()) {
            n += pulls.size();
        }
        return n;
    }

    public long wokenByArrival() {
        return woken;
    }

    public long timedOut() {
        return timedOut;
    }
}
