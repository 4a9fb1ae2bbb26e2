package io.petrel.common.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * One stored message, every field of {@link MessageFormat} decoded. {@code body} holds the stored
 * bytes (compressed if SYSFLAG says so). Immutable apart from the body array, which callers must not
 * change.
 */
public record StoredMessage(
        int storeSize,
        int bodyCrc,
        int queueId,
        int flag,
        long queueOffset,
        long physicalOffset,
        int sysFlag,
        long bornTimestamp,
        HostAddress bornHost,
        long storeTimestamp,
        HostAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        String topic,
        String propertiesString) {

    public StoredMessage {
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(storeHost, "storeHost");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(topic, "topic");
        propertiesString = propertiesString == null ? "" : propertiesString;
    }

    /**
     * Decodes the record at absolute {@code position} without moving the buffer.
     *
     * @throws MessageFormatException when the bytes are not a valid message record (the CRC is
     *     checked when {@code checkCrc})
     */
    public static StoredMessage decode(ByteBuffer buffer, int position, boolean checkCrc) {
        MessageFormat.RecordCheck check = MessageFormat.check(buffer, position, buffer.limit() - position, checkCrc, -1);
        if (check.kind() != MessageFormat.RecordCheck.Kind.MESSAGE) {
            throw new MessageFormatException("no message at " + position + ": "
                    + (check.kind() == MessageFormat.RecordCheck.Kind.BLANK ? "blank end-of-file record" : check.problem()));
        }
        ByteBuffer b = buffer.duplicate();
        b.position(position);
        int size = b.getInt();
        b.getInt();
        int bodyCrc = b.getInt();
        int queueId = b.getInt();
        int flag = b.getInt();
        long queueOffset = b.getLong();
        long physicalOffset = b.getLong();
        int sysFlag = b.getInt();
        long bornTimestamp = b.getLong();
        HostAddress bornHost = HostAddress.read(b, (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) != 0);
        long storeTimestamp = b.getLong();
        HostAddress storeHost = HostAddress.read(b, (sysFlag & MessageSysFlag.STOREHOSTADDRESS_V6_FLAG) != 0);
        int reconsumeTimes = b.getInt();
        long preparedTransactionOffset = b.getLong();
        byte[] body = new byte[b.getInt()];
        b.get(body);
        byte[] topic = new byte[b.get()];
        b.get(topic);
        byte[] properties = new byte[b.getShort()];
        b.get(properties);
        return new StoredMessage(size, bodyCrc, queueId, flag, queueOffset, physicalOffset, sysFlag, bornTimestamp,
                bornHost, storeTimestamp, storeHost, reconsumeTimes, preparedTransactionOffset, body,
                new String(topic, StandardCharsets.UTF_8), new String(properties, StandardCharsets.UTF_8));
    }

    /** Encodes this message into a new buffer (flipped, ready to read). */
    public ByteBuffer encode() {
        int topicBytes = topic.getBytes(StandardCharsets.UTF_8).length;
        int propertiesBytes = propertiesString.getBytes(StandardCharsets.UTF_8).length;
        int flags = MessageSysFlag.withHostFlags(sysFlag, bornHost, storeHost);
        ByteBuffer buffer = ByteBuffer.allocate(MessageFormat.calMsgLength(flags, body.length, topicBytes, propertiesBytes));
        MessageFormat.encode(this, buffer);
        return buffer.flip();
    }

    public LinkedHashMap<String, String> properties() {
        return MessageProperties.decode(propertiesString);
    }

    public String property(String name) {
        return properties().get(name);
    }

    /** The offsetMsgId the broker answers a send with (docs/protocol.md §4.7). */
    public String offsetMsgId() {
        return MessageId.createMessageId(storeHost, physicalOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage m && storeSize == m.storeSize && bodyCrc == m.bodyCrc && queueId == m.queueId
                && flag == m.flag && queueOffset == m.queueOffset && physicalOffset == m.physicalOffset
                && sysFlag == m.sysFlag && bornTimestamp == m.bornTimestamp && bornHost.equals(m.bornHost)
                && storeTimestamp == m.storeTimestamp && storeHost.equals(m.storeHost)
                && reconsumeTimes == m.reconsumeTimes && preparedTransactionOffset == m.preparedTransactionOffset
                && Arrays.equals(body, m.body) && topic.equals(m.topic) && propertiesString.equals(m.propertiesString);
    }

    @Override
    public int hashCode() {
        return Objects.hash(physicalOffset, queueOffset, topic, queueId, bodyCrc);
    }

    @Override
    public String toString() {
        return "StoredMessage[" + topic + "/" + queueId + "@" + queueOffset + ", physicalOffset=" + physicalOffset
                + ", size=" + storeSize + ", bodyBytes=" + body.length + "]";
    }
}
