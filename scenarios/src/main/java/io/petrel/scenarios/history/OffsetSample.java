package io.petrel.scenarios.history;

/** A broker's committed consume offset of one group and queue, with the queue's max offset, at a moment. */
public record OffsetSample(long atMs, String brokerName, String group, String topic, int queueId, long offset,
        long maxOffset) {

    public String queue() {
        return group + "@" + topic + "/" + brokerName + "/" + queueId;
    }
}
