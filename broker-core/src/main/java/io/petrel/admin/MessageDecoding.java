package io.petrel.admin;

import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns a pull, query or view body (stored records back to back) into {@link AdminMessage}s, as
 * RocketMQ's client does: records are decoded until the bytes run out, and decoding stops
 * quietly at the first record that does not decode. A compressed body is inflated when it is
 * zlib (compression type 0 or 3); LZ4 and ZSTD bodies are shown as stored.
 */
final class MessageDecoding {

    private static final int COMPRESSION_TYPE_SHIFT = 8;
    private static final int COMPRESSION_TYPE_MASK = 0x700;
    private static final int ZLIB = 3;
    /** Inflated bodies larger than this are cut; a message is at most 4 MiB before compression. */
    private static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;

    private MessageDecoding() {
    }

    static List<AdminMessage> decodeAll(byte[] body, String brokerName) {
        List<AdminMessage> messages = new ArrayList<>();
        if (body == null) {
            return messages;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int position = 0;
        while (position < body.length) {
            StoredMessage stored;
            try {
                stored = StoredMessage.decode(buffer, position, false);
            } catch (MessageFormatException | IndexOutOfBoundsException | BufferUnderflowException e) {
                break;
            }
            messages.add(new AdminMessage(stored, stored.properties(), uncompressed(stored), brokerName));
            position += stored.storeSize();
        }
        return messages;
    }

    static byte[] uncompressed(StoredMessage stored) {
        int sysFlag = stored.sysFlag();
        int type = (sysFlag & COMPRESSION_TYPE_MASK) >>> COMPRESSION_TYPE_SHIFT;
        if ((sysFlag & MessageSysFlag.COMPRESSED_FLAG) == 0 || (type != 0 && type != ZLIB)) {
            return stored.body();
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored.body());
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.body().length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished() && out.size() < MAX_INFLATED_BYTES) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return stored.body();
        } finally {
            inflater.end();
        }
    }
}
