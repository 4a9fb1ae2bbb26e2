package io.petrel.store.format;

import java.nio.ByteBuffer;

/**
 * One consume-queue entry (docs/protocol.md §5.1), big-endian:
 * <pre>
 *   offset size
 *    0      8   commit-log offset of the message
 *    8      4   message size
 *   12      8   tagsCode (tag hash; for SCHEDULE_TOPIC_XXXX the deliver time in ms)
 * </pre>
 * Entry n of a queue sits at logical byte position n × 20; files are named by the logical byte
 * position they start at. A filler entry {@code (0, 0x7FFFFFFF, 0)} stands for a queue offset that
 * has no message (before the first entry of a queue that starts mid-file, or where a damaged
 * message could not be rebuilt); readers skip it. A left-out entry {@code (o, 0x7FFFFFFF, 0)}, o > 0,
 * is a filler that names the commit-log record at o, which belongs to this queue but whose queue
 * offset cannot be believed (Petrel only; RocketMQ has no such entry). All zeros is "never
 * written". Stateless.
 */
public final class ConsumeQueueFormat {

    public static final int CQ_STORE_UNIT_SIZE = 20;
    public static final int FILLER_SIZE = Integer.MAX_VALUE;

    private ConsumeQueueFormat() {
    }

    /** A decoded entry. */
    public record Entry(long commitLogOffset, int size, long tagsCode) {

        /** A slot without a message to serve: a plain filler or a left-out entry. */
        public boolean isFiller() {
            return size == FILLER_SIZE;
        }

        /** A filler standing for the record at {@link #commitLogOffset()}, whose queue offset was not believed. */
        public boolean isLeftOut() {
            return size == FILLER_SIZE && commitLogOffset > 0;
        }

        /** A written entry: a message or a filler; all zeros means the slot was never written. */
        public boolean isWritten() {
            return size > 0 && commitLogOffset >= 0;
        }

        public long commitLogEnd() {
            return commitLogOffset + size;
        }
    }

    public static final Entry FILLER = new Entry(0, FILLER_SIZE, 0);

    public static void write(ByteBuffer dst, long commitLogOffset, int size, long tagsCode) {
        dst.putLong(commitLogOffset).putInt(size).putLong(tagsCode);
    }

    /** Reads the entry at absolute {@code position} without moving the buffer. */
    public static Entry read(ByteBuffer src, int position) {
        return new Entry(src.getLong(position), src.getInt(position + 8), src.getLong(position + 12));
    }

    /** RocketMQ's rounding of {@code mappedFileSizeConsumeQueue}: up to a whole number of entries. */
    public static int roundFileSize(int configured) {
        int units = (int) Math.ceil(configured / (double) CQ_STORE_UNIT_SIZE);
        return units * CQ_STORE_UNIT_SIZE;
    }
}
