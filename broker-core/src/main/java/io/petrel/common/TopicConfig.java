package io.petrel.common;

/**
 * A topic as a broker holds it: queue counts, permission, filter type, system flags, order flag.
 * RocketMQ's defaults are 16 read and write queues and perm 6 (RW).
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm,
        TopicFilterType topicFilterType, int topicSysFlag, boolean order) {

    public static final int DEFAULT_QUEUE_NUMS = 16;

    public TopicConfig {
        if (topicFilterType == null) {
            topicFilterType = TopicFilterType.SINGLE_TAG;
        }
    }

    public static TopicConfig of(String topic, int readQueueNums, int writeQueueNums, int perm) {
        return new TopicConfig(topic, readQueueNums, writeQueueNums, perm, TopicFilterType.SINGLE_TAG, 0, false);
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, topicFilterType, topicSysFlag, order);
    }
}
