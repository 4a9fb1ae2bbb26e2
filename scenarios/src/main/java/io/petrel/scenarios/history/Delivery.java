package io.petrel.scenarios.history;

/**
 * One message handed to a consumer: who got it, where it was stored (the queue it was pulled from,
 * a retry topic's queue for a retry), its body as received, whether the listener consumed it, and
 * the broker's store timestamp of that stored copy; when the listener's work on it began and ended
 * ({@code doneMs} -1 while it has not ended, or never did: its consumer crashed); and where the
 * record it was read from starts in that broker's commit log (-1 when unknown).
 */
public record Delivery(String consumer, String group, ConsumerKind kind, String topic, String storedTopic,
        String brokerName, int queueId, long queueOffset, String body, int reconsumeTimes, boolean consumed,
        long storeTimestamp, long atMs, long doneMs, long commitLogOffset) {

    /** The message id at the front of the body (null when the body was mangled beyond that). */
    public String id() {
        return Bodies.id(body);
    }

    /** The stored position: topic, broker, queue and offset. */
    public String position() {
        return storedTopic + "/" + brokerName + "/" + queueId + "@" + queueOffset;
    }

    public String queue() {
        return storedTopic + "/" + brokerName + "/" + queueId;
    }

    @Override
    public String toString() {
        return consumer + " (" + group + ") got " + id() + " from " + position() + " reconsume " + reconsumeTimes
                + (consumed ? "" : " [rejected]") + " at " + atMs + " ms";
    }
}
