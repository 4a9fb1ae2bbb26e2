package io.petrel.client;

import io.petrel.common.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The messages of one owned queue that were pulled but not yet consumed (RocketMQ's ProcessQueue),
 * by queue offset. The consume offset to commit is the smallest offset still here, or the next
 * offset after everything when it is empty, so a crash re-delivers but never skips. For orderly
 * consumption it also tracks the batch being consumed and the queue's broker lock.
 */
final class ProcessQueue {

    private final TreeMap<Long, MessageExt> messages = new TreeMap<>();
    private final TreeMap<Long, MessageExt> consumingOrderly = new TreeMap<>();
    private long queueOffsetMax = -1;
    private long sizeBytes;
    private boolean dropped;
    private boolean locked;
    private long lastLockNanos;
    private long lastPullNanos;
    private long lastConsumeNanos;
    private boolean consuming;
    private Runnable afterBatch;
    private boolean commitWhileDropped;

    /**
     * Adds pulled messages; returns whether orderly consumption should be kicked. A message already
     * out with the orderly listener (pulled again after an offset correction) is not held twice: its
     * batch commits or rolls it back.
     */
    boolean put(List<MessageExt> pulled) {
        for (MessageExt m : pulled) {
            if (consumingOrderly.containsKey(m.getQueueOffset())) {
                continue;
            }
            if (messages.put(m.getQueueOffset(), m) == null) {
                sizeBytes += m.getBody().length;
            }
            queueOffsetMax = Math.max(queueOffsetMax, m.getQueueOffset());
        }
        boolean kick = !messages.isEmpty() && !consuming;
        if (kick) {
            consuming = true;
        }
        return kick;
    }

    /** Removes consumed messages; returns the offset to commit, or -1 when nothing was held. */
    long remove(List<MessageExt> consumed) {
        if (messages.isEmpty()) {
            return -1;
        }
        for (MessageExt m : consumed) {
            MessageExt removed = messages.remove(m.getQueueOffset());
            if (removed != null) {
                sizeBytes -= removed.getBody().length;
            }
        }
        return messages.isEmpty() ? queueOffsetMax + 1 : messages.firstKey();
    }

    int count() {
        return messages.size();
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** Offset span of held messages (flow control for concurrent consumption). */
    long span() {
        return messages.isEmpty() ? 0 : messages.lastKey() - messages.firstKey();
    }

    long minOffset() {
        return messages.isEmpty() ? -1 : messages.firstKey();
    }

    long maxOffset() {
        return queueOffsetMax;
    }

    // ---- orderly -----------------------------------------------------------------------------

    /** Takes up to {@code n} messages in offset order for orderly consumption. */
    List<MessageExt> takeOrderly(int n) {
        List<MessageExt> taken = new ArrayList<>();
        while (taken.size() < n && !messages.isEmpty()) {
            var first = messages.pollFirstEntry();
            consumingOrderly.put(first.getKey(), first.getValue());
            taken.add(first.getValue());
        }
        if (taken.isEmpty()) {
            consuming = false;
        }
        return taken;
    }

    /** The batch was consumed: forget it; returns the offset to commit. */
    long commitOrderly() {
        long next = consumingOrderly.isEmpty() ? -1 : consumingOrderly.lastKey() + 1;
        for (MessageExt m : consumingOrderly.values()) {
            sizeBytes -= m.getBody().length;
        }
        consumingOrderly.clear();
        return next;
    }

    /** The batch failed: put it back to be consumed again first. */
    void rollbackOrderly() {
        messages.putAll(consumingOrderly);
        consumingOrderly.clear();
    }

    boolean hasBatchInFlight() {
        return !consumingOrderly.isEmpty();
    }

    /** Runs {@code action} once no orderly batch is out with the listener (at once when none is). */
    void whenNoBatchInFlight(Runnable action) {
        if (consumingOrderly.isEmpty()) {
            action.run();
        } else {
            afterBatch = action;
        }
    }

    /** The orderly batch was committed or rolled back: run what waited for it. */
    void batchFinished() {
        Runnable waiting = afterBatch;
        if (waiting != null && consumingOrderly.isEmpty()) {
            afterBatch = null;
            waiting.run();
        }
    }

    /** Forgets everything held (a seek or an offset reset moves the queue elsewhere). */
    void clear() {
        messages.clear();
        consumingOrderly.clear();
        sizeBytes = 0;
        queueOffsetMax = -1;
    }

    boolean isConsuming() {
        return consuming;
    }

    void setConsuming(boolean value) {
        consuming = value;
    }

    /**
     * The held messages and their bookkeeping agree: the cached size is the bodies' total over the
     * held and the orderly in-flight messages, no offset is in both, and none lies past the highest
     * offset seen. O(held messages); throws {@code Check.InvariantViolation}.
     */
    void invariants(Object queue) {
        long total = 0;
        for (MessageExt m : messages.values()) {
            total += m.getBody().length;
        }
        for (Map.Entry<Long, MessageExt> e : consumingOrderly.entrySet()) {
            Check.state(!messages.containsKey(e.getKey()), "{}: offset {} is both held and out with the listener",
                    queue, e.getKey());
            total += e.getValue().getBody().length;
        }
        Check.state(total == sizeBytes, "{}: cached size {} but the held bodies total {}", queue, sizeBytes, total);
        long highest = Math.max(messages.isEmpty() ? -1 : messages.lastKey(),
                consumingOrderly.isEmpty() ? -1 : consumingOrderly.lastKey());
        Check.state(highest <= queueOffsetMax, "{}: holds offset {} past the highest seen {}", queue, highest,
                queueOffsetMax);
    }

    // ---- state -------------------------------------------------------------------------------

    boolean isDropped() {
        return dropped;
    }

    /**
     * Whether consumption results may still move the offset: yes while owned, and for a queue
     * being handed back whose owner lets its last batch finish before committing and unlocking.
     */
    boolean mayCommit() {
        return !dropped || commitWhileDropped;
    }

    void allowCommitWhileDropped() {
        commitWhileDropped = true;
    }

    void drop() {
        dropped = true;
    }

    boolean isLocked() {
        return locked;
    }

    void setLocked(boolean value, long nowNanos) {
        locked = value;
        if (value) {
            lastLockNanos = nowNanos;
        }
    }

    boolean isLockExpired(long nowNanos, long lockMaxLiveMs) {
        return nowNanos - lastLockNanos > lockMaxLiveMs * 1_000_000L;
    }

    long lastLockNanos() {
        return lastLockNanos;
    }

    void onPulled(long nowNanos) {
        lastPullNanos = nowNanos;
    }

    void onConsumed(long nowNanos) {
        lastConsumeNanos = nowNanos;
    }

    long lastPullNanos() {
        return lastPullNanos;
    }

    long lastConsumeNanos() {
        return lastConsumeNanos;
    }
}
