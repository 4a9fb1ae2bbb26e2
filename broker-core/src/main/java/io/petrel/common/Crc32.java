package io.petrel.common;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** RocketMQ's CRC: standard CRC-32 masked to 31 bits (UtilAll.crc32). */
public final class Crc32 {

    private Crc32() {
    }

    public static int masked(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    public static int masked(ByteBuffer bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes.duplicate());
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
