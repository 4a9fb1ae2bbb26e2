package io.petrel.store.format;

import java.nio.ByteBuffer;

/**
 * An index file (docs/protocol.md §5.2), big-endian:
 * <pre>
 *   header, 40 bytes:
 *     0  8  beginTimestamp     store time of the first entry (ms)
 *     8  8  endTimestamp       store time of the last entry
 *    16  8  beginPhyOffset     commit-log offset of the first entry
 *    24  8  endPhyOffset       commit-log offset of the last entry
 *    32  4  hashSlotCount      slots in use
 *    36  4  indexCount         entries used + 1 (entry 0 is never used)
 *   slots, hashSlotNum × 4 bytes: the newest entry number of each slot, 0 = empty
 *   entries, indexNum × 20 bytes:
 *     0  4  keyHash            |String.hashCode()| of "topic#key" (0 when abs overflows)
 *     4  8  commit-log offset
 *    12  4  timeDiff           seconds since beginTimestamp
 *    16  4  previous entry number in the same slot (0 = end of chain)
 * </pre>
 * Files are named by their creation time, {@code yyyyMMddHHmmssSSS} in local time. Stateless.
 */
public final class IndexFileFormat {

    public static final int INDEX_HEADER_SIZE = 40;
    public static final int HASH_SLOT_SIZE = 4;
    public static final int INDEX_SIZE = 20;
    public static final int INVALID_INDEX = 0;

    private IndexFileFormat() {
    }

    /** The header fields. */
    public record Header(long beginTimestamp, long endTimestamp, long beginPhyOffset, long endPhyOffset,
            int hashSlotCount, int indexCount) {

        public static final Header EMPTY = new Header(0, 0, 0, 0, 0, 1);

        public static Header read(ByteBuffer src) {
            return new Header(src.getLong(0), src.getLong(8), src.getLong(16), src.getLong(24), src.getInt(32), src.getInt(36));
        }

        public ByteBuffer encode() {
            ByteBuffer b = ByteBuffer.allocate(INDEX_HEADER_SIZE);
            b.putLong(beginTimestamp).putLong(endTimestamp).putLong(beginPhyOffset).putLong(endPhyOffset)
                    .putInt(hashSlotCount).putInt(indexCount);
            return b.flip();
        }

        /** RocketMQ's {@code isTimeMatched}: whether [begin, end] overlaps this file's time range. */
        public boolean isTimeMatched(long begin, long end) {
            return (begin < beginTimestamp && end > endTimestamp)
                    || (begin >= beginTimestamp && begin <= endTimestamp)
                    || (end >= beginTimestamp && end <= endTimestamp);
        }
    }

    public static long fileSize(int hashSlotNum, int indexNum) {
        return INDEX_HEADER_SIZE + (long) hashSlotNum * HASH_SLOT_SIZE + (long) indexNum * INDEX_SIZE;
    }

    public static int keyHash(String key) {
        return positive(key.hashCode());
    }

    /** {@code keyHash(buildKey(topic, key))} without building the string. */
    public static int keyHash(String topic, String key) {
        int h = topic.hashCode() * 31 + '#';
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        return positive(h);
    }

    private static int positive(int hash) {
        int positive = Math.abs(hash);
        return positive < 0 ? 0 : positive;
    }

    public static long slotPosition(int keyHash, int hashSlotNum) {
        return INDEX_HEADER_SIZE + (long) (keyHash % hashSlotNum) * HASH_SLOT_SIZE;
    }

    public static long entryPosition(int hashSlotNum, int entryNumber) {
        return INDEX_HEADER_SIZE + (long) hashSlotNum * HASH_SLOT_SIZE + (long) entryNumber * INDEX_SIZE;
    }

    public static String buildKey(String topic, String key) {
        return topic + "#" + key;
    }
}
