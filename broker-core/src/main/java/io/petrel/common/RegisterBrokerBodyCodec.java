package io.petrel.common;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * REGISTER_BROKER bodies in both forms. Uncompressed: RegisterBrokerBody JSON. Compressed (a
 * broker with {@code compressedRegister=true}): a zlib stream of
 * <pre>
 *   len:4 | DataVersion JSON | topicCount:4 | ( len:4 | "name readQ writeQ perm SINGLE_TAG|MULTI_TAG" )* |
 *   len:4 | filter server list JSON
 * </pre>
 * The compressed form loses topicSysFlag and the order flag, as RocketMQ's does.
 */
public final class RegisterBrokerBodyCodec {

    /** Refuses a compressed body that inflates beyond this, against zip bombs. */
    private static final int MAX_INFLATED_BYTES = 64 << 20;

    private RegisterBrokerBodyCodec() {
    }

    public static RegisterBrokerBody decode(byte[] body, boolean compressed) {
        return compressed ? decodeCompressed(body) : Json.read(body, RegisterBrokerBody.class);
    }

    public static byte[] encode(RegisterBrokerBody body, boolean compressed) {
        return compressed ? encodeCompressed(body) : Json.write(body);
    }

    private static RegisterBrokerBody decodeCompressed(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(inflate(body));
        try {
            DataVersion version = Json.read(chunk(b), DataVersion.class);
            int count = b.getInt();
            if (count < 0 || count > b.remaining() / 4) {
                throw new BodyException("compressed register body claims " + count + " topics");
            }
            Map<String, TopicConfig> topics = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                TopicConfig topic = parseTopic(new String(chunk(b), StandardCharsets.UTF_8));
                topics.put(topic.topicName(), topic);
            }
            String[] filters = Json.read(chunk(b), String[].class);
            return new RegisterBrokerBody(new TopicConfigSerializeWrapper(topics, version), List.of(filters));
        } catch (BufferUnderflowException e) {
            throw new BodyException("compressed register body ends in the middle of a field");
        }
    }

    private static byte[] chunk(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new BodyException("compressed register body has a field of " + length + " bytes with "
                    + b.remaining() + " left");
        }
        byte[] bytes = new byte[length];
        b.get(bytes);
        return bytes;
    }

    private static TopicConfig parseTopic(String text) {
        String[] parts = text.split(" ");
        if (parts.length != 5) {
            throw new BodyException("compressed register body has a malformed topic '" + text + "'");
        }
        try {
            return new TopicConfig(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]), TopicFilterType.valueOf(parts[4]), 0, false);
        } catch (IllegalArgumentException e) {
            throw new BodyException("compressed register body has a malformed topic '" + text + "'");
        }
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BodyException("compressed register body is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new BodyException("compressed register body inflates beyond " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BodyException("compressed register body is not a zlib stream: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static byte[] encodeCompressed(RegisterBrokerBody body) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        writeChunk(raw, Json.write(body.topicConfigSerializeWrapper().dataVersion()));
        Map<String, TopicConfig> topics = body.topicConfigSerializeWrapper().topicConfigTable();
        writeInt(raw, topics.size());
        for (TopicConfig t : topics.values()) {
            writeChunk(raw, (t.topicName() + " " + t.readQueueNums() + " " + t.writeQueueNums() + " " + t.perm() + " "
                    + t.topicFilterType().name()).getBytes(StandardCharsets.UTF_8));
        }
        writeChunk(raw, Json.write(body.filterServerList() == null ? new ArrayList<String>() : body.filterServerList()));
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(raw.toByteArray());
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeChunk(ByteArrayOutputStream out, byte[] bytes) {
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
