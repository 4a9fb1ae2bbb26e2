package io.petrel.remoting;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ROCKETMQ binary header (big-endian):
 * <pre>
 *   code:2 | language:1 | version:2 | opaque:4 | flag:4 |
 *   remarkLen:4 | remark | extLen:4 | ( keyLen:2 | key | valueLen:4 | value )*
 * </pre>
 * A header with no remark and no ext fields is 21 bytes. Zero-length strings decode as null, and
 * an ext section of length 0 decodes as no ext fields at all, exactly as RocketMQ's decoder does.
 */
final class RocketMqHeaderCodec {

    static final int FIXED_BYTES = 21;

    private RocketMqHeaderCodec() {
    }

    static byte[] encode(RemotingCommand c) {
        if (c.code() > Short.MAX_VALUE || c.code() < Short.MIN_VALUE) {
            throw new IllegalArgumentException("code " + c.code() + " does not fit the ROCKETMQ header's 2 bytes");
        }
        byte[] remark = c.remark() == null ? new byte[0] : Utf8.encode(c.remark());
        byte[] ext = encodeExt(c.extFields());
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + remark.length + ext.length);
        b.putShort((short) c.code());
        b.put((byte) (c.language() == null ? LanguageCode.OTHER.code() : c.language().code()));
        b.putShort((short) c.version());
        b.putInt(c.opaque());
        b.putInt(c.flag());
        b.putInt(remark.length).put(remark);
        b.putInt(ext.length).put(ext);
        return b.array();
    }

    private static byte[] encodeExt(Map<String, String> ext) {
        if (ext == null || ext.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * ext.size());
        for (Map.Entry<String, String> e : ext.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            byte[] key = Utf8.encode(e.getKey());
            byte[] value = Utf8.encode(e.getValue());
            out.write(key.length >>> 8);
            out.write(key.length);
            out.writeBytes(key);
            out.write(value.length >>> 24);
            out.write(value.length >>> 16);
            out.write(value.length >>> 8);
            out.write(value.length);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    static RemotingCommand decode(ByteBuffer header) {
        if (header.remaining() < FIXED_BYTES) {
            throw new RemotingCodecException("ROCKETMQ header of " + header.remaining() + " bytes is shorter than "
                    + FIXED_BYTES);
        }
        try {
            RemotingCommand c = new RemotingCommand();
            c.code(header.getShort());
            c.language(LanguageCode.ofCode(header.get()));
            c.version(header.getShort());
            c.opaque(header.getInt());
            c.flag(header.getInt());
            c.remark(readString(header, header.getInt(), "remark"));
            int extLength = header.getInt();
            checkLength(extLength, header, "ext fields");
            if (extLength > 0) {
                c.extFields(decodeExt(header.slice().limit(extLength)));
                header.position(header.position() + extLength);
            }
            return c;
        } catch (BufferUnderflowException e) {
            throw new RemotingCodecException("ROCKETMQ header ends in the middle of a field");
        }
    }

    private static Map<String, String> decodeExt(ByteBuffer ext) {
        Map<String, String> fields = new LinkedHashMap<>();
        while (ext.hasRemaining()) {
            String key = readString(ext, ext.getShort() & 0xFFFF, "ext field name");
            String value = readString(ext, ext.getInt(), "ext field '" + key + "'");
            if (key != null) {
                fields.put(key, value);
            }
        }
        return fields;
    }

    private static String readString(ByteBuffer b, int length, String what) {
        checkLength(length, b, what);
        if (length == 0) {
            return null;
        }
        ByteBuffer bytes = b.slice().limit(length);
        b.position(b.position() + length);
        return Utf8.decode(bytes, what);
    }

    private static void checkLength(int length, ByteBuffer b, String what) {
        if (length < 0 || length > b.remaining()) {
            throw new RemotingCodecException(what + " length " + length + " exceeds the " + b.remaining()
                    + " header bytes left");
        }
    }
}
