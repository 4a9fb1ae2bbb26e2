package io.petrel.store.commitlog;

import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The four properties dispatch reads (TAGS, KEYS, UNIQ_KEY, DELAY), found in a stored record's
 * properties bytes without decoding the rest: a slave dispatches every record it replicates, and
 * building each record's whole property map cost it more than the consume-queue entry and the index
 * keys together (issue 16).
 *
 * <p>Gives what {@link MessageProperties#decode} then {@code get} gives, byte for byte: entries are
 * split at {@code \u0002}, an entry counts when its first {@code \u0001} leaves a name and a value
 * of at least one byte, and the last entry of a name wins. Both separators are single bytes that
 * UTF-8 never uses inside a character (a decoder that meets a malformed sequence resumes at them),
 * so splitting the bytes splits the decoded text at the same places, and a name equals one of the
 * four ASCII names exactly when its bytes do.
 */
final class DispatchProperties {

    private static final byte[] TAGS = ascii(MessageConst.PROPERTY_TAGS);
    private static final byte[] KEYS = ascii(MessageConst.PROPERTY_KEYS);
    private static final byte[] UNIQ_KEY = ascii(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
    private static final byte[] DELAY = ascii(MessageConst.PROPERTY_DELAY_TIME_LEVEL);

    String tags;
    String keys;
    String uniqKey;
    String delay;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the properties in {@code [from, from + length)} of {@code buffer} (not moved). */
    static DispatchProperties scan(ByteBuffer buffer, int from, int length) {
        DispatchProperties p = new DispatchProperties();
        int end = from + length;
        for (int entry = from; entry < end; ) {
            int entryEnd = indexOf(buffer, MessageProperties.PROPERTY_SEPARATOR, entry, end);
            int sep = indexOf(buffer, MessageProperties.NAME_VALUE_SEPARATOR, entry, entryEnd);
            if (sep > entry && sep < entryEnd - 1) {
                p.take(buffer, entry, sep, entryEnd);
            }
            entry = entryEnd + 1;
        }
        return p;
    }

    private void take(ByteBuffer buffer, int name, int sep, int valueEnd) {
        int nameLength = sep - name;
        if (nameLength == 4 && is(buffer, name, TAGS)) {
            tags = utf8(buffer, sep + 1, valueEnd);
        } else if (nameLength == 4 && is(buffer, name, KEYS)) {
            keys = utf8(buffer, sep + 1, valueEnd);
        } else if (nameLength == 8 && is(buffer, name, UNIQ_KEY)) {
            uniqKey = utf8(buffer, sep + 1, valueEnd);
        } else if (nameLength == 5 && is(buffer, name, DELAY)) {
            delay = utf8(buffer, sep + 1, valueEnd);
        }
    }

    /** The delay level asked for, as {@link MessageProperties#delayLevel}: 0 for none or an unreadable value. */
    int delayLevel() {
        if (delay == null) {
            return 0;
        }
        try {
            return Integer.parseInt(delay.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The first {@code c} in {@code [from, end)}, or {@code end}. */
    private static int indexOf(ByteBuffer buffer, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer.get(i) == c) {
                return i;
            }
        }
        return end;
    }

    private static boolean is(ByteBuffer buffer, int at, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (buffer.get(at + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static String utf8(ByteBuffer buffer, int from, int end) {
        byte[] bytes = new byte[end - from];
        buffer.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
