package io.petrel.common;

/**
 * One queue's offsets in GET_TOPIC_STATS_INFO: the first and the next logical offset, and the
 * store time of the last message (0 when the queue is empty).
 */
public record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
}
