package io.petrel.toy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The toy's frames (big-endian), each starting with a type byte and an 8-byte request id:
 * <pre>
 *   APPEND      1 | id | record bytes (see {@link ToyRecordFormat})
 *   ACK         2 | id | offset (8)
 *   ERROR       3 | id | reason (UTF-8)
 *   READ        4 | id | from offset (8) | max bytes (4)
 *   READ_RESULT 5 | id | end of log (8) | record bytes
 * </pre>
 */
public final class ToyProtocol {

    public static final byte APPEND = 1;
    public static final byte ACK = 2;
    public static final byte ERROR = 3;
    public static final byte READ = 4;
    public static final byte READ_RESULT = 5;

    private ToyProtocol() {
    }

    public static ByteBuffer append(long id, ByteBuffer record) {
        return ByteBuffer.allocate(9 + record.remaining()).put(APPEND).putLong(id).put(record).flip();
    }

    public static ByteBuffer ack(long id, long offset) {
        return ByteBuffer.allocate(17).put(ACK).putLong(id).putLong(offset).flip();
    }

    public static ByteBuffer error(long id, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + text.length).put(ERROR).putLong(id).put(text).flip();
    }

    public static ByteBuffer read(long id, long from, int maxBytes) {
        return ByteBuffer.allocate(21).put(READ).putLong(id).putLong(from).putInt(maxBytes).flip();
    }

    public static ByteBuffer readResult(long id, long endOfLog, ByteBuffer records) {
        return ByteBuffer.allocate(17 + records.remaining()).put(READ_RESULT).putLong(id).putLong(endOfLog)
                .put(records).flip();
    }
}
