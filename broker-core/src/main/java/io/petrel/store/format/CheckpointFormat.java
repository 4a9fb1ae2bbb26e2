package io.petrel.store.format;

import io.petrel.common.message.MessageCrc;
import java.nio.ByteBuffer;

/**
 * The checkpoint file (docs/protocol.md §5.3): 4096 bytes, one page, rewritten in place and forced.
 * <pre>
 *   offset size
 *    0      8   physicMsgTimestamp   store time of the last message made durable in the commit log
 *    8      8   logicsMsgTimestamp   ... in every consume queue
 *   16      8   indexMsgTimestamp    ... in the index
 *   -- Petrel extension; RocketMQ leaves these bytes unused and ignores them --
 *   24      4   magic                0x5054524C ("PTRL")
 *   28      8   physicOffset         commit-log offset below which the commit log is durable
 *   36      8   logicsOffset         commit-log offset below which every consume-queue entry is durable
 *   44      8   indexOffset          commit-log offset below which the index is durable
 *   52      4   CRC-32 (masked) of bytes 0..51
 *   56   4040   zeros
 * </pre>
 * Why offsets: RocketMQ picks the recovery start from the timestamps, which breaks when the wall
 * clock steps back (apache/rocketmq#678). Petrel recovers from the offsets and keeps the timestamps
 * for RocketMQ's tools. A checkpoint without a valid extension (written by RocketMQ, or torn) has no
 * offsets, and recovery then scans from the first commit-log file. Stateless.
 */
public final class CheckpointFormat {

    public static final int FILE_SIZE = 4096;
    public static final int PETREL_MAGIC = 0x5054524C;
    private static final int CRC_POSITION = 52;

    private CheckpointFormat() {
    }

    /** The checkpoint's content; {@code hasOffsets} is false when the extension is absent or damaged. */
    public record Checkpoint(long physicMsgTimestamp, long logicsMsgTimestamp, long indexMsgTimestamp,
            boolean hasOffsets, long physicOffset, long logicsOffset, long indexOffset) {

        public static final Checkpoint NONE = new Checkpoint(0, 0, 0, false, 0, 0, 0);

        /** The smallest offset every part of the store is durable up to. */
        public long minOffset() {
            return Math.min(physicOffset, Math.min(logicsOffset, indexOffset));
        }
    }

    public static ByteBuffer encode(Checkpoint c) {
        ByteBuffer b = ByteBuffer.allocate(FILE_SIZE);
        b.putLong(c.physicMsgTimestamp()).putLong(c.logicsMsgTimestamp()).putLong(c.indexMsgTimestamp());
        if (c.hasOffsets()) {
            b.putInt(PETREL_MAGIC).putLong(c.physicOffset()).putLong(c.logicsOffset()).putLong(c.indexOffset());
            b.putInt(CRC_POSITION, MessageCrc.crc32(b.array(), 0, CRC_POSITION));
        }
        b.position(0);
        return b;
    }

    public static Checkpoint decode(ByteBuffer src) {
        long physic = src.getLong(0);
        long logics = src.getLong(8);
        long index = src.getLong(16);
        boolean valid = src.getInt(24) == PETREL_MAGIC
                && MessageCrc.crc32(src, 0, CRC_POSITION) == src.getInt(CRC_POSITION);
        if (!valid) {
            return new Checkpoint(physic, logics, index, false, 0, 0, 0);
        }
        return new Checkpoint(physic, logics, index, true, src.getLong(28), src.getLong(36), src.getLong(44));
    }
}
