package io.petrel.ha;

import java.nio.ByteBuffer;

/**
 * The bytes of RocketMQ 4.9's replication stream on {@code haListenPort} (facts: Apache
 * {@code store/ha/HAConnection.java} and {@code HAService.HAClient}, tag rocketmq-all-4.9.8; vectors
 * {@code ha_*.hex}). The stream has no framing of the transport's own and no handshake; integers are
 * big-endian.
 *
 * <pre>
 * slave -> master: a report                 master -> slave: a transfer
 *   0                 8                        0                 8          12            12+n
 *   +-----------------+                        +-----------------+----------+-------------+
 *   | offset (int64)  |                        | offset (int64)  | n (int32)| n bytes     |
 *   +-----------------+                        +-----------------+----------+-------------+
 *   the slave's commit-log end                 commit-log offset of the first byte; the bytes
 *                                              are the master's commit log as stored; n = 0
 *                                              is a heartbeat
 * </pre>
 */
public final class HaFormat {

    /** A slave's report: its commit-log end. */
    public static final int REPORT_BYTES = 8;

    /** A transfer's header: offset and size. */
    public static final int HEADER_BYTES = 12;

    /**
     * The most one transfer may carry. An Apache slave reads into a 4 MiB buffer, so a master never
     * sends more, and a slave refuses a header that announces more as a broken stream.
     */
    public static final int MAX_TRANSFER_BYTES = 4 * 1024 * 1024 - HEADER_BYTES;

    private HaFormat() {
    }

    /** A report of {@code offset}, ready to send. */
    public static ByteBuffer report(long offset) {
        return ByteBuffer.allocate(REPORT_BYTES).putLong(0, offset);
    }

    /** A transfer of {@code data}'s remaining bytes from {@code offset}, header included, ready to send. */
    public static ByteBuffer transfer(long offset, ByteBuffer data) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + data.remaining());
        frame.putLong(offset).putInt(data.remaining()).put(data.duplicate());
        return frame.flip();
    }

    /** A heartbeat: a transfer of nothing, naming where the next one starts. */
    public static ByteBuffer heartbeat(long nextOffset) {
        return ByteBuffer.allocate(HEADER_BYTES).putLong(0, nextOffset).putInt(8, 0);
    }
}
