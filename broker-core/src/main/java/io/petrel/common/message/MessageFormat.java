package io.petrel.common.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored message layout of RocketMQ 4.9.x (docs/protocol.md §4.1): used in the commit log, in
 * pull, query and view bodies, and by the official client's {@code MessageDecoder}. Big-endian.
 * <pre>
 *   offset size
 *    0      4   TOTALSIZE            whole record, this field included
 *    4      4   MAGICCODE            0xDAA320A7 (a blank end-of-file record: 0xCBD43194)
 *    8      4   BODYCRC              CRC-32 of the stored body, masked to 31 bits
 *   12      4   QUEUEID
 *   16      4   FLAG
 *   20      8   QUEUEOFFSET          consume-queue index (0 for PREPARED/ROLLBACK)
 *   28      8   PHYSICALOFFSET       commit-log offset of this record
 *   36      4   SYSFLAG              {@link MessageSysFlag}
 *   40      8   BORNTIMESTAMP
 *   48    8|20  BORNHOST             IPv4 + int port, or IPv6 + int port (SYSFLAG bit 4)
 *    .      8   STORETIMESTAMP
 *    .    8|20  STOREHOST            as BORNHOST, switched by SYSFLAG bit 5
 *    .      4   RECONSUMETIMES
 *    .      8   PREPARED TRANSACTION OFFSET
 *    .    4+n   BODY                 int length, bytes
 *    .    1+n   TOPIC                1-byte length (so at most 127 bytes), UTF-8
 *    .    2+n   PROPERTIES           short length (at most 32767 bytes), UTF-8, §4.3
 * </pre>
 * Fixed overhead: 91 bytes with both hosts IPv4, 115 with both IPv6. {@link #check} also treats a NUL
 * byte in the topic or properties as damage (see {@code hasNul}). A blank record is only
 * {@code TOTALSIZE} (= the space left in the file) and the blank magic; the rest of the file is zeros.
 * Stateless.
 */
public final class MessageFormat {

    public static final int MESSAGE_MAGIC_CODE = 0xDAA320A7;
    public static final int BLANK_MAGIC_CODE = 0xCBD43194;

    public static final int TOTAL_SIZE_POSITION = 0;
    public static final int MAGIC_POSITION = 4;
    public static final int BODY_CRC_POSITION = 8;
    public static final int QUEUE_ID_POSITION = 12;
    /** The highest queue id a record may carry (writers refuse more; a record claiming more is damaged). */
    public static final int MAX_QUEUE_ID = 0xFFFF;
    public static final int FLAG_POSITION = 16;
    public static final int QUEUE_OFFSET_POSITION = 20;
    public static final int PHYSICAL_OFFSET_POSITION = 28;
    public static final int SYS_FLAG_POSITION = 36;
    public static final int BORN_TIMESTAMP_POSITION = 40;
    public static final int BORN_HOST_POSITION = 48;

    /** A blank end-of-file record needs these 8 bytes; a message fits only if size + 8 ≤ space left. */
    public static final int END_FILE_MIN_BLANK_LENGTH = 8;
    /** The smallest possible record: both hosts IPv4, empty body, topic and properties. */
    public static final int MIN_MESSAGE_LENGTH = calMsgLength(0, 0, 0, 0);

    /** The problem {@link #check} reports for a body whose CRC does not match (see {@link RecordCheck#isCrcMismatch}). */
    public static final String BODY_CRC_MISMATCH = "body CRC mismatch";

    public static final int MAX_TOPIC_BYTES = Byte.MAX_VALUE;
    public static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;

    private MessageFormat() {
    }

    /** RocketMQ's {@code calMsgLength}: the record size for these field lengths. */
    public static int calMsgLength(int sysFlag, int bodyLength, int topicLength, int propertiesLength) {
        return 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8
                + MessageSysFlag.bornHostLength(sysFlag)
                + 8
                + MessageSysFlag.storeHostLength(sysFlag)
                + 4 + 8
                + 4 + Math.max(bodyLength, 0)
                + 1 + topicLength
                + 2 + Math.max(propertiesLength, 0);
    }

    public static int storeTimestampPosition(int sysFlag) {
        return BORN_HOST_POSITION + MessageSysFlag.bornHostLength(sysFlag);
    }

    public static int storeHostPosition(int sysFlag) {
        return storeTimestampPosition(sysFlag) + 8;
    }

    /** Where the 4-byte body length sits. */
    public static int bodyLengthPosition(int sysFlag) {
        return storeHostPosition(sysFlag) + MessageSysFlag.storeHostLength(sysFlag) + 4 + 8;
    }

    /** Writes {@code m} at the buffer's position (moving it) and returns the record size. */
    public static int encode(StoredMessage m, ByteBuffer dst) {
        byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = m.propertiesString() == null ? new byte[0] : m.propertiesString().getBytes(StandardCharsets.UTF_8);
        checkLengths(topic.length, properties.length);
        int sysFlag = MessageSysFlag.withHostFlags(m.sysFlag(), m.bornHost(), m.storeHost());
        int size = calMsgLength(sysFlag, m.body().length, topic.length, properties.length);
        dst.putInt(size).putInt(MESSAGE_MAGIC_CODE).putInt(MessageCrc.crc32(m.body()))
                .putInt(m.queueId()).putInt(m.flag()).putLong(m.queueOffset()).putLong(m.physicalOffset())
                .putInt(sysFlag).putLong(m.bornTimestamp());
        m.bornHost().write(dst);
        dst.putLong(m.storeTimestamp());
        m.storeHost().write(dst);
        dst.putInt(m.reconsumeTimes()).putLong(m.preparedTransactionOffset())
                .putInt(m.body().length).put(m.body())
                .put((byte) topic.length).put(topic)
                .putShort((short) properties.length).put(properties);
        return size;
    }

    /** @throws MessageFormatException when a topic or property string cannot be stored */
    public static void checkLengths(int topicBytes, int propertiesBytes) {
        if (topicBytes == 0 || topicBytes > MAX_TOPIC_BYTES) {
            throw new MessageFormatException("topic must be 1 to " + MAX_TOPIC_BYTES + " bytes of UTF-8, not " + topicBytes);
        }
        if (propertiesBytes > MAX_PROPERTIES_BYTES) {
            throw new MessageFormatException("properties must be at most " + MAX_PROPERTIES_BYTES
                    + " bytes of UTF-8, not " + propertiesBytes);
        }
    }

    /**
     * Checks the record at absolute {@code position} without moving the buffer: total size within
     * {@code available} bytes and consistent with the field lengths, magic, and (when asked) the body
     * CRC and the physical offset the record claims.
     */
    public static RecordCheck check(ByteBuffer buffer, int position, int available, boolean checkCrc,
            long expectedPhysicalOffset) {
        if (available < END_FILE_MIN_BLANK_LENGTH) {
            return RecordCheck.invalid("only " + available + " bytes left");
        }
        int total = buffer.getInt(position + TOTAL_SIZE_POSITION);
        int magic = buffer.getInt(position + MAGIC_POSITION);
        if (magic == BLANK_MAGIC_CODE) {
            return total == available ? RecordCheck.blank(total)
                    : RecordCheck.invalid("blank record of " + total + " bytes where " + available + " are left");
        }
        if (magic != MESSAGE_MAGIC_CODE) {
            return RecordCheck.invalid(total == 0 && magic == 0 ? "zeros" : "bad magic 0x" + Integer.toHexString(magic));
        }
        if (total < MIN_MESSAGE_LENGTH || total > available) {
            return RecordCheck.invalid("total size " + total + " out of range (" + available + " bytes left)");
        }
        return checkFields(buffer, position, total, checkCrc, expectedPhysicalOffset);
    }

    /**
     * Whether the record at {@code position}, which {@link #check} found whole, names {@code topic}
     * (its encoded bytes). No CRC covers the topic; a reader that knows which queue the record
     * belongs to compares it, as it compares the queue id and offset.
     */
    public static boolean topicIs(ByteBuffer buffer, int position, byte[] topic) {
        int bodyLengthAt = position + bodyLengthPosition(buffer.getInt(position + SYS_FLAG_POSITION));
        int topicAt = bodyLengthAt + 4 + buffer.getInt(bodyLengthAt);
        if (buffer.get(topicAt) != topic.length) {
            return false;
        }
        for (int i = 0; i < topic.length; i++) {
            if (buffer.get(topicAt + 1 + i) != topic[i]) {
                return false;
            }
        }
        return true;
    }

    private static RecordCheck checkFields(ByteBuffer buffer, int position, int total, boolean checkCrc,
            long expectedPhysicalOffset) {
        int sysFlag = buffer.getInt(position + SYS_FLAG_POSITION);
        int bodyLengthAt = position + bodyLengthPosition(sysFlag);
        if (bodyLengthAt + 4 > position + total) {
            return RecordCheck.invalid("host fields overrun the record");
        }
        int bodyLength = buffer.getInt(bodyLengthAt);
        if (bodyLength < 0 || bodyLength > total) {
            return RecordCheck.invalid("body length " + bodyLength + " overruns the record");
        }
        int topicAt = bodyLengthAt + 4 + bodyLength;
        if (topicAt + 1 > position + total) {
            return RecordCheck.invalid("body length " + bodyLength + " overruns the record");
        }
        int topicLength = buffer.get(topicAt);
        int propertiesAt = topicAt + 1 + topicLength;
        if (topicLength <= 0 || propertiesAt + 2 > position + total) {
            return RecordCheck.invalid("topic length " + topicLength + " is invalid");
        }
        int propertiesLength = buffer.getShort(propertiesAt);
        if (propertiesLength < 0 || calMsgLength(sysFlag, bodyLength, topicLength, propertiesLength) != total) {
            return RecordCheck.invalid("field lengths do not add up to total size " + total);
        }
        if (hasNul(buffer, topicAt + 1, topicLength) || hasNul(buffer, propertiesAt + 2, propertiesLength)) {
            return RecordCheck.invalid("NUL byte in the topic or properties (a torn page)");
        }
        // Neither field is under the body CRC; a writer never stores these values, a flipped bit may
        // (fuzz2-732374: queue id 1 read back as 4194305, and recovery built a queue no start could load).
        int queueId = buffer.getInt(position + QUEUE_ID_POSITION);
        if (queueId < 0 || queueId > MAX_QUEUE_ID) {
            return RecordCheck.invalid("queue id " + queueId + " is out of range 0.." + MAX_QUEUE_ID);
        }
        // Every record of a queue takes at least MIN_MESSAGE_LENGTH bytes of the log before this one,
        // so its queue offset cannot pass that count (fuzz2-733357: bit 59 flipped made a queue
        // continue at 576460752303423513, and its next consume-queue position overflowed).
        long queueOffset = buffer.getLong(position + QUEUE_OFFSET_POSITION);
        long physicalOffset = buffer.getLong(position + PHYSICAL_OFFSET_POSITION);
        if (queueOffset < 0) {
            return RecordCheck.invalid("queue offset " + queueOffset + " is negative");
        }
        if (physicalOffset >= 0 && queueOffset > physicalOffset / MIN_MESSAGE_LENGTH) {
            return RecordCheck.invalid("queue offset " + queueOffset + " is more than the " + physicalOffset
                    + " bytes of log before the record could hold");
        }
        if (expectedPhysicalOffset >= 0 && buffer.getLong(position + PHYSICAL_OFFSET_POSITION) != expectedPhysicalOffset) {
            return RecordCheck.invalid("record claims physical offset " + buffer.getLong(position + PHYSICAL_OFFSET_POSITION));
        }
        if (checkCrc && MessageCrc.crc32(buffer, bodyLengthAt + 4, bodyLength) != buffer.getInt(position + BODY_CRC_POSITION)) {
            return RecordCheck.invalid(BODY_CRC_MISMATCH);
        }
        return RecordCheck.message(total);
    }

    /**
     * The body CRC does not cover the topic and properties, so a page of them lost to a torn write
     * (which reads back as zeros) would go unnoticed; text fields never hold NUL, so a NUL there is
     * damage. Producers' NULs are refused at the door for the same reason.
     */
    private static boolean hasNul(ByteBuffer buffer, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (buffer.get(i) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Writes a blank end-of-file record of {@code spaceLeft} bytes (only its 8 header bytes). */
    public static ByteBuffer blankRecord(int spaceLeft) {
        ByteBuffer blank = ByteBuffer.allocate(END_FILE_MIN_BLANK_LENGTH);
        blank.putInt(spaceLeft).putInt(BLANK_MAGIC_CODE).flip();
        return blank;
    }

    /** The outcome of {@link #check}: a message, a blank end-of-file record, or invalid bytes. */
    public record RecordCheck(Kind kind, int size, String problem) {

        /** What the bytes are. */
        public enum Kind { MESSAGE, BLANK, INVALID }

        static RecordCheck message(int size) {
            return new RecordCheck(Kind.MESSAGE, size, "");
        }

        static RecordCheck blank(int size) {
            return new RecordCheck(Kind.BLANK, size, "");
        }

        static RecordCheck invalid(String problem) {
            return new RecordCheck(Kind.INVALID, 0, problem);
        }

        public boolean isValid() {
            return kind != Kind.INVALID;
        }

        /** Whether the record is framed correctly but its body does not match its CRC (decay or a bit flip). */
        public boolean isCrcMismatch() {
            return isCrcMismatch(problem);
        }

        /** Whether a problem reported by {@link #check} is the body CRC mismatch. */
        public static boolean isCrcMismatch(String problem) {
            return BODY_CRC_MISMATCH.equals(problem);
        }
    }
}
