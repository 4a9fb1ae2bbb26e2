package io.petrel.store.commitlog;

import java.util.Objects;

/** One queue of one topic; ordered by topic then queue id so tables iterate the same way every run. */
public record TopicQueue(String topic, int queueId) implements Comparable<TopicQueue> {

    public TopicQueue {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public int compareTo(TopicQueue o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(queueId, o.queueId);
    }

    @Override
    public String toString() {
        return topic + "/" + queueId;
    }
}
