package io.petrel.store;

/**
 * Told when new consume-queue entries are dispatched, so held pulls can be answered at once (the
 * broker's long polling). Called on the loop, after the entry is readable; must not call back into
 * the store's put path.
 */
@FunctionalInterface
public interface MessageArrivingListener {

    /** {@code maxOffset} is the queue's new max offset (exclusive). */
    void arriving(String topic, int queueId, long maxOffset, long tagsCode, long storeTimestamp);

    MessageArrivingListener NONE = (topic, queueId, maxOffset, tagsCode, storeTimestamp) -> { };
}
