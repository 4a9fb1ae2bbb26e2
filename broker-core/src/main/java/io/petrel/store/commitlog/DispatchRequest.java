package io.petrel.store.commitlog;

import io.petrel.common.TopicValidator;
import io.petrel.store.format.MessageConst;
import io.petrel.store.format.MessageProperties;
import io.petrel.store.format.MessageSysFlag;
import io.petrel.store.format.StoredMessage;
import java.util.Map;

/**
 * What the consume queues and the index need to know about one stored message (RocketMQ's
 * {@code DispatchRequest}): where it is in the commit log, its queue and queue offset, its tag hash
 * (or deliver time for a delayed message), its keys and store time. Immutable.
 */
public record DispatchRequest(
        String topic,
        int queueId,
        long commitLogOffset,
        int msgSize,
        long tagsCode,
        long storeTimestamp,
        long consumeQueueOffset,
        String keys,
        String uniqKey,
        int sysFlag) {

    public long commitLogEnd() {
        return commitLogOffset + msgSize;
    }

    public boolean hasConsumeQueueEntry() {
        return MessageSysFlag.hasConsumeQueueEntry(sysFlag);
    }

    public TopicQueue topicQueue() {
        return new TopicQueue(topic, queueId);
    }

    /** The tagsCode RocketMQ stores: the deliver time for SCHEDULE_TOPIC_XXXX, else the tag hash. */
    public static long tagsCodeOf(String topic, Map<String, String> properties, long storeTimestamp, DelayLevelTable delays) {
        if (TopicValidator.RMQ_SYS_SCHEDULE_TOPIC.equals(topic)) {
            int level = MessageProperties.delayLevel(properties);
            if (level > 0) {
                return delays.deliverTimestamp(level, storeTimestamp);
            }
        }
        return MessageProperties.tagsCode(properties.get(MessageConst.PROPERTY_TAGS));
    }

    /** Built from a record read back from the commit log (recovery, raw appends). */
    public static DispatchRequest of(StoredMessage m, DelayLevelTable delays) {
        Map<String, String> p = m.properties();
        return new DispatchRequest(m.topic(), m.queueId(), m.physicalOffset(), m.storeSize(),
                tagsCodeOf(m.topic(), p, m.storeTimestamp(), delays), m.storeTimestamp(), m.queueOffset(),
                p.get(MessageConst.PROPERTY_KEYS), p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX), m.sysFlag());
    }
}
