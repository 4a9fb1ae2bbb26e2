package io.petrel.common.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of SEND_BATCH_MESSAGE (docs/protocol.md §4.6): messages back to back, each
 * <pre>
 *   offset size
 *    0      4   TOTALSIZE     this entry, this field included
 *    4      4   MAGICCODE     0
 *    8      4   BODYCRC       0
 *   12      4   FLAG
 *   16    4+n   BODY          int length, bytes
 *    .    2+n   PROPERTIES    short length, UTF-8 property string (§4.3)
 * </pre>
 * Decoding is for remote input: every length is checked against what is left and the total, and a
 * violation is a {@link MessageFormatException} naming the entry. Stateless.
 */
public final class BatchBodyFormat {

    private static final int FIXED_BYTES = 4 + 4 + 4 + 4 + 4 + 2;

    private BatchBodyFormat() {
    }

    /** One message of a batch. */
    public record Entry(int flag, byte[] body, String propertiesString) {
    }

    /** Decodes every entry; {@code maxEntries} bounds the work done for hostile input. */
    public static List<Entry> decode(ByteBuffer body, int maxEntries) {
        ByteBuffer b = body.duplicate();
        List<Entry> entries = new ArrayList<>();
        while (b.hasRemaining()) {
            if (entries.size() >= maxEntries) {
                throw new MessageFormatException("batch has more than " + maxEntries + " messages");
            }
            entries.add(decodeOne(b, entries.size()));
        }
        if (entries.isEmpty()) {
            throw new MessageFormatException("batch body is empty");
        }
        return entries;
    }

    private static Entry decodeOne(ByteBuffer b, int index) {
        int start = b.position();
        if (b.remaining() < FIXED_BYTES) {
            throw new MessageFormatException("batch entry " + index + " is truncated: " + b.remaining() + " bytes");
        }
        int total = b.getInt();
        if (total < FIXED_BYTES || total > b.remaining() + 4) {
            throw new MessageFormatException("batch entry " + index + " has total size " + total
                    + " but " + (b.remaining() + 4) + " bytes are left");
        }
        b.getInt();
        b.getInt();
        int flag = b.getInt();
        int bodyLength = b.getInt();
        if (bodyLength < 0 || bodyLength > total - FIXED_BYTES) {
            throw new MessageFormatException("batch entry " + index + " has body length " + bodyLength);
        }
        byte[] messageBody = new byte[bodyLength];
        b.get(messageBody);
        int propertiesLength = b.getShort();
        if (propertiesLength < 0 || FIXED_BYTES + bodyLength + propertiesLength != total) {
            throw new MessageFormatException("batch entry " + index + " lengths do not add up to " + total);
        }
        byte[] properties = new byte[propertiesLength];
        b.get(properties);
        if (b.position() - start != total) {
            throw new MessageFormatException("batch entry " + index + " is malformed");
        }
        return new Entry(flag, messageBody, new String(properties, StandardCharsets.UTF_8));
    }

    /** Encodes entries as the official client does. */
    public static ByteBuffer encode(List<Entry> entries) {
        List<byte[]> properties = new ArrayList<>();
        int size = 0;
        for (Entry e : entries) {
            byte[] p = e.propertiesString().getBytes(StandardCharsets.UTF_8);
            properties.add(p);
            size += FIXED_BYTES + e.body().length + p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] p = properties.get(i);
            out.putInt(FIXED_BYTES + e.body().length + p.length).putInt(0).putInt(0).putInt(e.flag())
                    .putInt(e.body().length).put(e.body()).putShort((short) p.length).put(p);
        }
        return out.flip();
    }
}
