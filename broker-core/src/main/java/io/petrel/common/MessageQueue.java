package io.petrel.common;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Comparator;

/**
 * One queue of a topic on one broker group, with RocketMQ's ordering (topic, broker name, queue
 * id) and printed form. As a map key in a body it is written as a JSON string holding the queue's
 * own JSON (see {@link MessageQueueKey}), the standard-JSON form the official client accepts for
 * fastjson's object keys; bodies from official peers go through {@link FastjsonBodies} first.
 */
@JsonSerialize(keyUsing = MessageQueueKey.Writer.class)
@JsonDeserialize(keyUsing = MessageQueueKey.Reader.class)
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {

    private static final Comparator<MessageQueue> ORDER = Comparator.comparing(MessageQueue::topic)
            .thenComparing(MessageQueue::brokerName).thenComparingInt(MessageQueue::queueId);

    @Override
    public int compareTo(MessageQueue other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return "MessageQueue [topic=" + topic + ", brokerName=" + brokerName + ", queueId=" + queueId + "]";
    }
}
