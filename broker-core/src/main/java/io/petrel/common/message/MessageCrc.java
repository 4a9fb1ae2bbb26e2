package io.petrel.common.message;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * RocketMQ's {@code UtilAll.crc32}: the standard CRC-32 masked to 31 bits ({@code & 0x7FFFFFFF}),
 * so that it is never negative (docs/protocol.md §4.4). Stateless; safe on any thread.
 */
public final class MessageCrc {

    private MessageCrc() {
    }

    public static int crc32(byte[] bytes) {
        return crc32(bytes, 0, bytes.length);
    }

    public static int crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    /** The CRC of {@code length} bytes of {@code buffer} from absolute {@code position}; the buffer is not moved. */
    public static int crc32(ByteBuffer buffer, int position, int length) {
        CRC32 crc = new CRC32();
        ByteBuffer view = buffer.duplicate();
        view.limit(position + length).position(position);
        crc.update(view);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
