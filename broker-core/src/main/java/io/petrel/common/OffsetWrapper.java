package io.petrel.common;

/**
 * One queue's consumption in GET_CONSUME_STATS: the queue's next offset, the group's committed
 * offset, and the store time of the last consumed message (0 when unknown).
 */
public record OffsetWrapper(long brokerOffset, long consumerOffset, long lastTimestamp) {
}
