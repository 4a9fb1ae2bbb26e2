package io.petrel.common;

/**
 * One consume-queue entry in QUERY_CONSUME_QUEUE's body (RocketMQ's {@code ConsumeQueueData}): the
 * commit-log offset and size of the message and its tag hash code. The extension fields
 * ({@code extendDataJson}, {@code bitMap}, {@code eval}, {@code msg}) describe RocketMQ's consume
 * queue extension, which Petrel does not keep, so they stay empty.
 */
public record ConsumeQueueData(long physicOffset, int physicSize, long tagsCode, String extendDataJson, String bitMap,
        boolean eval, String msg) {
}
