package io.petrel.store.commitlog;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * The same request as {@link #of} on {@code StoredMessage.decode(buffer, position, ...)}, read
     * straight from the record at absolute {@code position} without copying its body, which dispatch
     * does not need: a slave dispatches every replicated record this way, so copying each body would
     * cost as much as the replication itself. The record must already have passed
     * {@link MessageFormat#check}. Does not move the buffer. Of the properties it reads only the four
     * dispatch needs ({@link DispatchProperties}).
     */
    public static DispatchRequest decode(ByteBuffer buffer, int position, DelayLevelTable delays) {
        int size = buffer.getInt(position + MessageFormat.TOTAL_SIZE_POSITION);
        int queueId = buffer.getInt(position + MessageFormat.QUEUE_ID_POSITION);
        long queueOffset = buffer.getLong(position + MessageFormat.QUEUE_OFFSET_POSITION);
        long physicalOffset = buffer.getLong(position + MessageFormat.PHYSICAL_OFFSET_POSITION);
        int sysFlag = buffer.getInt(position + MessageFormat.SYS_FLAG_POSITION);
        long storeTimestamp = buffer.getLong(position + MessageFormat.storeTimestampPosition(sysFlag));
        int bodyLengthAt = position + MessageFormat.bodyLengthPosition(sysFlag);
        int topicAt = bodyLengthAt + 4 + buffer.getInt(bodyLengthAt);
        int topicLength = buffer.get(topicAt);
        int propertiesAt = topicAt + 1 + topicLength;
        String topic = utf8(buffer, topicAt + 1, topicLength);
        DispatchProperties p = DispatchProperties.scan(buffer, propertiesAt + 2, buffer.getShort(propertiesAt));
        long tagsCode = MessageProperties.tagsCode(p.tags);
        if (TopicValidator.RMQ_SYS_SCHEDULE_TOPIC.equals(topic) && p.delayLevel() > 0) {
            tagsCode = delays.deliverTimestamp(p.delayLevel(), storeTimestamp);
        }
        return new DispatchRequest(topic, queueId, physicalOffset, size, tagsCode, storeTimestamp, queueOffset, p.keys,
                p.uniqKey, sysFlag);
    }

    private static String utf8(ByteBuffer buffer, int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
