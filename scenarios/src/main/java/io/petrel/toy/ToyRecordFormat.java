package io.petrel.toy;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * One record of the toy log, as stored and as sent to readers (big-endian):
 * <pre>
 *   0        4        8                16               24          length
 *   +--------+--------+----------------+----------------+-------------+
 *   | length | crc32  |   writer id    |    sequence    |   payload   |
 *   +--------+--------+----------------+----------------+-------------+
 * </pre>
 * {@code length} counts the whole record; {@code crc32} covers bytes 8 to the end. A zero length
 * ends the log. The payload of (writer, sequence) is a pure function of both, so any alteration of
 * a record is detectable by whoever knows what was sent.
 */
public final class ToyRecordFormat {

    public static final int HEADER_BYTES = 24;

    private ToyRecordFormat() {
    }

    /** A record as read back. */
    public record Entry(long offset, long writer, long sequence, byte[] payload) {
    }

    public static byte[] payloadFor(long writer, long sequence) {
        int length = 16 + (int) ((writer * 31 + sequence * 7) % 200);
        byte[] payload = new byte[length];
        long x = writer * 0x9E3779B97F4A7C15L + sequence;
        for (int i = 0; i < length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            payload[i] = (byte) (x >>> 56);
        }
        return payload;
    }

    public static ByteBuffer encode(long writer, long sequence, byte[] payload) {
        int length = HEADER_BYTES + payload.length;
        ByteBuffer record = ByteBuffer.allocate(length);
        record.putInt(length).putInt(0).putLong(writer).putLong(sequence).put(payload);
        record.putInt(4, crc(record, length));
        return record.flip();
    }

    private static int crc(ByteBuffer record, int length) {
        CRC32 crc = new CRC32();
        crc.update(record.duplicate().position(8).limit(length));
        return (int) crc.getValue();
    }

    /**
     * The record starting at {@code position} in {@code data}, or null when the log ends there: a
     * zero or impossible length, a record running past the data, or a CRC mismatch.
     */
    public static Entry decode(ByteBuffer data, int position, long offset) {
        if (position + HEADER_BYTES > data.limit()) {
            return null;
        }
        int length = data.getInt(position);
        if (length < HEADER_BYTES || position + length > data.limit()) {
            return null;
        }
        ByteBuffer record = data.duplicate().position(position).limit(position + length).slice();
        if (record.getInt(4) != crc(record, length)) {
            return null;
        }
        byte[] payload = new byte[length - HEADER_BYTES];
        record.get(HEADER_BYTES, payload);
        return new Entry(offset, record.getLong(8), record.getLong(16), payload);
    }
}
