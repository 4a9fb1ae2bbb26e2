package io.petrel.common;

/**
 * One queue in QUERY_CONSUME_TIME_SPAN's body: the store times of its oldest and newest message,
 * of the last message the group consumed (the oldest when it consumed none), and how long the next
 * unconsumed message has waited, in ms (0 when the group is caught up). -1 stands for "no message".
 */
public record QueueTimeSpan(MessageQueue messageQueue, long minTimeStamp, long maxTimeStamp, long consumeTimeStamp,
        long delayTime) {
}
