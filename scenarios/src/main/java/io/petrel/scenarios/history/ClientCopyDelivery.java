package io.petrel.scenarios.history;

/**
 * A delivery of a retry copy the consumer made itself (its fallback when CONSUMER_SEND_MSG_BACK
 * failed, or an orderly message out of retries), told apart by the count the copy was tagged with
 * when it left: a copy the broker later made of it inherits the tag but carries a higher count.
 * Kept beside {@link Delivery}, which cannot say which path made the copy it delivered: its
 * properties are the original's, and the client's copy passes through the schedule topic.
 */
public record ClientCopyDelivery(String consumer, String group, String storedTopic, String brokerName, String id,
        int reconsumeTimes, long atMs) {

    @Override
    public String toString() {
        return consumer + " (" + group + ") got the client's own copy of " + id + " from " + storedTopic + " on "
                + brokerName + " at reconsume " + reconsumeTimes + " at " + atMs + " ms";
    }
}
