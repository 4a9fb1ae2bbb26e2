package io.petrel.store.commitlog;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The next queue offset of every topic queue (RocketMQ's {@code topicQueueTable}): assigned at append,
 * rebuilt at recovery from the consume queues and the records recovery read. Sorted, so dumps and
 * iteration are the same every run. Lost on a crash; recovery rebuilds it.
 */
public final class QueueOffsetTable {

    private final TreeMap<TopicQueue, Long> next = new TreeMap<>();

    public long next(TopicQueue q) {
        return next.getOrDefault(q, 0L);
    }

    public void set(TopicQueue q, long nextOffset) {
        next.put(q, nextOffset);
    }

    /** Raises the next offset of {@code q} to at least {@code nextOffset}. */
    public void raise(TopicQueue q, long nextOffset) {
        next.merge(q, nextOffset, Math::max);
    }

    public void remove(TopicQueue q) {
        next.remove(q);
    }

    public Map<TopicQueue, Long> snapshot() {
        return Collections.unmodifiableMap(new TreeMap<>(next));
    }
}
