package io.petrel.common;

import java.io.ByteArrayOutputStream;

/**
 * Reads bodies whose maps are keyed by objects, as fastjson writes them:
 * {@code {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:{...}}}}. That is not JSON,
 * so {@link #normalize} first rewrites every object in a key position as a JSON string holding
 * the object's text, which {@link MessageQueueKey} then parses. Bodies already in that string
 * form, and ordinary JSON, pass through unchanged. Official brokers and clients send such
 * bodies for ConsumeStats, TopicStatsTable, GetConsumerStatusBody, ResetOffsetBody and
 * ConsumerRunningInfo.
 */
public final class FastjsonBodies {

    /** Nesting deeper than this is refused: no real body comes near it. */
    private static final int MAX_DEPTH = 256;

    private FastjsonBodies() {
    }

    /**
     * Parses a body that may use object keys.
     *
     * @throws BodyException when the body is missing or malformed
     */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new BodyException("missing " + type.getSimpleName() + " body");
        }
        return Json.read(normalize(body), type);
    }

    /**
     * Rewrites object keys as string keys. Structure outside keys is copied byte for byte; UTF-8
     * inside strings is untouched because only ASCII bytes are structural.
     *
     * @throws BodyException when brackets do not balance or nest too deeply
     */
    public static byte[] normalize(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 32);
        boolean[] inObject = new boolean[MAX_DEPTH];
        boolean expectKey = false;
        int depth = 0;
        int i = 0;
        while (i < json.length) {
            byte b = json[i];
            if (b == '"') {
                int end = stringEnd(json, i);
                out.write(json, i, end - i);
                i = end;
                expectKey = false;
                continue;
            }
            if (b == '{' && expectKey) {
                int end = objectEnd(json, i);
                writeAsString(out, json, i, end);
                i = end;
                expectKey = false;
                continue;
            }
            if (b == '{' || b == '[') {
                if (depth == MAX_DEPTH) {
                    throw new BodyException("body nests deeper than " + MAX_DEPTH + " levels");
                }
                inObject[depth++] = b == '{';
                expectKey = b == '{';
            } else if (b == '}' || b == ']') {
                if (depth == 0) {
                    throw new BodyException("unbalanced '" + (char) b + "' at byte " + i);
                }
                depth--;
                expectKey = false;
            } else if (b == ',') {
                expectKey = depth > 0 && inObject[depth - 1];
            } else if (b == ':') {
                expectKey = false;
            }
            out.write(b);
            i++;
        }
        return out.toByteArray();
    }

    /** The index just past the string starting at {@code start} (a quote). */
    private static int stringEnd(byte[] json, int start) {
        int i = start + 1;
        while (i < json.length) {
            if (json[i] == '\\') {
                i += 2;
            } else if (json[i] == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new BodyException("unterminated string starting at byte " + start);
    }

    /** The index just past the object starting at {@code start}, skipping strings. */
    private static int objectEnd(byte[] json, int start) {
        int depth = 0;
        int i = start;
        while (i < json.length) {
            byte b = json[i];
            if (b == '"') {
                i = stringEnd(json, i);
                continue;
            }
            if (b == '{') {
                depth++;
            } else if (b == '}' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        throw new BodyException("unterminated object key starting at byte " + start);
    }

    private static void writeAsString(ByteArrayOutputStream out, byte[] json, int from, int to) {
        out.write('"');
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (b == '"' || b == '\\') {
                out.write('\\');
            }
            out.write(b);
        }
        out.write('"');
    }
}
