package io.petrel.store.commitlog;

import io.petrel.common.TopicValidator;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageCrc;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a {@link BrokerMessage} and turns it into stored bytes (RocketMQ's {@code MessageExtEncoder}
 * plus the broker's and commit log's rewrites):
 * <ul>
 *   <li>{@code WAIT} is dropped from the stored properties and {@code CLUSTER=<cluster>} added, as a
 *       4.9.8 broker does (no CLUSTER when the store has no cluster name);</li>
 *   <li>a non-transactional or committed message with {@code DELAY > 0} is saved with
 *       {@code REAL_TOPIC}/{@code REAL_QID} and moved to {@code SCHEDULE_TOPIC_XXXX} queue level − 1,
 *       the level clamped to the table;</li>
 *   <li>limits: topic 1–127 bytes of RocketMQ's topic characters, queue id 0–65535, body at most
 *       {@code maxMessageSize}, properties at most 32767 bytes, record at most
 *       {@code maxMessageSize} + 64 KiB and small enough to fit an empty commit-log file.</li>
 * </ul>
 * Keeps one reusable encode buffer. Driven by one loop; holds nothing a crash could lose.
 */
public final class MessageEncoder {

    /** Room RocketMQ reserves beside the body for the rest of a record. */
    public static final int RECORD_OVERHEAD_ALLOWANCE = 64 * 1024;
    public static final int MAX_QUEUE_ID = MessageFormat.MAX_QUEUE_ID;
    private static final int TOPIC_CACHE_SIZE = 4096;

    private final int maxMessageSize;
    private final int fileSize;
    private final DelayLevelTable delayLevels;
    private final HostAddress storeHost;
    private final String clusterName;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);
    private final Map<String, byte[]> topicCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > TOPIC_CACHE_SIZE;
        }
    };

    public MessageEncoder(int maxMessageSize, int fileSize, DelayLevelTable delayLevels, HostAddress storeHost,
            String clusterName) {
        this.maxMessageSize = maxMessageSize;
        this.fileSize = fileSize;
        this.delayLevels = delayLevels;
        this.storeHost = storeHost;
        this.clusterName = clusterName;
    }

    public HostAddress storeHost() {
        return storeHost;
    }

    /** @throws AppendRejectedException naming the problem; nothing is written */
    public PreparedMessage prepare(BrokerMessage msg) {
        byte[] topicBytes = checkTopic(msg.topic());
        if (msg.queueId() < 0 || msg.queueId() > MAX_QUEUE_ID) {
            throw new AppendRejectedException(AppendMessageStatus.MESSAGE_ILLEGAL,
                    "queueId " + msg.queueId() + " is out of range 0.." + MAX_QUEUE_ID);
        }
        if (msg.body().length > maxMessageSize) {
            throw new AppendRejectedException(AppendMessageStatus.MESSAGE_SIZE_EXCEEDED,
                    "message body of " + msg.body().length + " bytes exceeds maxMessageSize " + maxMessageSize);
        }
        Map<String, String> p = msg.properties();
        String topic = msg.topic();
        int queueId = msg.queueId();
        int level = MessageProperties.delayLevel(p);
        int tranType = MessageSysFlag.transactionValue(msg.sysFlag());
        boolean delayable = tranType == MessageSysFlag.TRANSACTION_NOT_TYPE || tranType == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        boolean rewrite = level > 0 && delayable && !TopicValidator.RMQ_SYS_SCHEDULE_TOPIC.equals(topic);
        boolean ownCluster = clusterName != null && !clusterName.isEmpty();
        StringBuilder text = storedProperties(p, rewrite, ownCluster, level);
        if (ownCluster) {
            append(text, MessageConst.PROPERTY_CLUSTER, clusterName);
        }
        if (rewrite) {
            level = delayLevels.clamp(level);
            append(text, MessageConst.PROPERTY_REAL_TOPIC, topic);
            append(text, MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(queueId));
            topic = TopicValidator.RMQ_SYS_SCHEDULE_TOPIC;
            queueId = DelayLevelTable.queueIdOf(level);
            topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        }
        return finish(msg, topic, queueId, topicBytes, text, rewrite || TopicValidator.RMQ_SYS_SCHEDULE_TOPIC.equals(topic) ? level : 0);
    }

    /** The stored property string: WAIT dropped, the broker's own CLUSTER and REAL_* left to be appended. */
    private StringBuilder storedProperties(Map<String, String> p, boolean rewrite, boolean ownCluster, int level) {
        StringBuilder text = new StringBuilder(64 + p.size() * 24);
        for (Map.Entry<String, String> e : p.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (value == null || name.equals(MessageConst.PROPERTY_WAIT_STORE_MSG_OK)
                    || (ownCluster && name.equals(MessageConst.PROPERTY_CLUSTER)) || (rewrite && isRewritten(name))) {
                continue;
            }
            append(text, name, rewrite && name.equals(MessageConst.PROPERTY_DELAY_TIME_LEVEL)
                    ? Integer.toString(delayLevels.clamp(level)) : value);
        }
        return text;
    }

    private static boolean isRewritten(String name) {
        return name.equals(MessageConst.PROPERTY_REAL_TOPIC) || name.equals(MessageConst.PROPERTY_REAL_QUEUE_ID);
    }

    private static void append(StringBuilder text, String name, String value) {
        if (text.length() > 0) {
            text.append(MessageProperties.PROPERTY_SEPARATOR);
        }
        text.append(name).append(MessageProperties.NAME_VALUE_SEPARATOR).append(value);
    }

    private PreparedMessage finish(BrokerMessage msg, String topic, int queueId, byte[] topicBytes, StringBuilder text,
            int delayLevel) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == 0) {
                throw new AppendRejectedException(AppendMessageStatus.MESSAGE_ILLEGAL,
                        "a property name or value contains a NUL character, which the store reserves for damage detection");
            }
        }
        byte[] propertiesBytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (propertiesBytes.length > MessageFormat.MAX_PROPERTIES_BYTES) {
            throw new AppendRejectedException(AppendMessageStatus.PROPERTIES_SIZE_EXCEEDED, "properties of "
                    + propertiesBytes.length + " bytes exceed the format's limit of " + MessageFormat.MAX_PROPERTIES_BYTES);
        }
        int sysFlag = MessageSysFlag.withHostFlags(msg.sysFlag(), msg.bornHost(), storeHost);
        int size = MessageFormat.calMsgLength(sysFlag, msg.body().length, topicBytes.length, propertiesBytes.length);
        if (size > (long) maxMessageSize + RECORD_OVERHEAD_ALLOWANCE) {
            throw new AppendRejectedException(AppendMessageStatus.MESSAGE_SIZE_EXCEEDED, "record of " + size
                    + " bytes exceeds maxMessageSize " + maxMessageSize + " plus " + RECORD_OVERHEAD_ALLOWANCE + " bytes of fields");
        }
        if (size + MessageFormat.END_FILE_MIN_BLANK_LENGTH > fileSize) {
            throw new AppendRejectedException(AppendMessageStatus.MESSAGE_SIZE_EXCEEDED, "record of " + size
                    + " bytes does not fit in a commit-log file of " + fileSize + " bytes");
        }
        Map<String, String> p = msg.properties();
        return new PreparedMessage(msg, topic, queueId, topicBytes, propertiesBytes, sysFlag, size,
                MessageProperties.waitStoreMsgOk(p), delayLevel, p.get(MessageConst.PROPERTY_TAGS),
                p.get(MessageConst.PROPERTY_KEYS), p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
    }

    /** The topic's UTF-8 bytes once it passed RocketMQ's topic rules; remembered for the topics in use. */
    private byte[] checkTopic(String topic) {
        byte[] known = topicCache.get(topic);
        if (known != null) {
            return known;
        }
        if (topic.isEmpty()) {
            throw new AppendRejectedException(AppendMessageStatus.MESSAGE_ILLEGAL, "topic is empty");
        }
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MessageFormat.MAX_TOPIC_BYTES) {
            throw new AppendRejectedException(AppendMessageStatus.MESSAGE_ILLEGAL,
                    "topic of " + bytes.length + " bytes is longer than " + MessageFormat.MAX_TOPIC_BYTES);
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-';
            if (!ok) {
                throw new AppendRejectedException(AppendMessageStatus.MESSAGE_ILLEGAL,
                        "topic '" + topic + "' has a character outside [%|a-zA-Z0-9_-]");
            }
        }
        topicCache.put(topic, bytes);
        return bytes;
    }

    /** A buffer of at least {@code bytes}, cleared; reused across appends. */
    ByteBuffer buffer(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(Math.max(bytes, Math.min(buffer.capacity() * 2, maxMessageSize + RECORD_OVERHEAD_ALLOWANCE)));
        }
        return buffer.clear();
    }

    /** Writes one record at the buffer's position with its offsets and store time. */
    void encode(PreparedMessage p, long queueOffset, long physicalOffset, long storeTimestamp, ByteBuffer dst) {
        BrokerMessage m = p.source();
        dst.putInt(p.size()).putInt(MessageFormat.MESSAGE_MAGIC_CODE).putInt(MessageCrc.crc32(m.body()))
                .putInt(p.queueId()).putInt(m.flag()).putLong(queueOffset).putLong(physicalOffset)
                .putInt(p.sysFlag()).putLong(m.bornTimestamp());
        m.bornHost().write(dst);
        dst.putLong(storeTimestamp);
        storeHost.write(dst);
        dst.putInt(m.reconsumeTimes()).putLong(m.preparedTransactionOffset())
                .putInt(m.body().length).put(m.body())
                .put((byte) p.topicBytes().length).put(p.topicBytes())
                .putShort((short) p.propertiesBytes().length).put(p.propertiesBytes());
    }

    public DelayLevelTable delayLevels() {
        return delayLevels;
    }
}
