package io.petrel.common.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The property string of a stored message (docs/protocol.md §4.3): entries {@code name 0x01 value}
 * separated by {@code 0x02}, with no trailing separator.
 * <pre>
 *   KEYS 0x01 KEY1 KEY2 0x02 TAGS 0x01 TagA 0x02 UNIQ_KEY 0x01 7F00...
 * </pre>
 * Encoding skips null values and keeps the map's iteration order. Decoding follows RocketMQ: split on
 * 0x02, skip pieces shorter than 3 characters, split each at its first 0x01, and skip a piece
 * whose 0x01 is first or last (so empty names and values do not survive). Stateless.
 */
public final class MessageProperties {

    public static final char NAME_VALUE_SEPARATOR = 1;
    public static final char PROPERTY_SEPARATOR = 2;

    private MessageProperties() {
    }

    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(properties.size() * 16);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (s.length() > 0) {
                s.append(PROPERTY_SEPARATOR);
            }
            s.append(e.getKey()).append(NAME_VALUE_SEPARATOR).append(e.getValue());
        }
        return s.toString();
    }

    /** The properties in the order they appear; an empty map for null or empty text. */
    public static LinkedHashMap<String, String> decode(String text) {
        LinkedHashMap<String, String> properties = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return properties;
        }
        int from = 0;
        while (from <= text.length()) {
            int end = text.indexOf(PROPERTY_SEPARATOR, from);
            if (end < 0) {
                end = text.length();
            }
            if (end - from >= 3) {
                int sep = text.indexOf(NAME_VALUE_SEPARATOR, from);
                if (sep > from && sep < end - 1) {
                    properties.put(text.substring(from, sep), text.substring(sep + 1, end));
                }
            }
            from = end + 1;
        }
        return properties;
    }

    /**
     * The consume-queue tag hash of a TAGS value (docs/protocol.md §4.5): {@code String.hashCode} widened to long; 0
     * when the message has no tag.
     */
    public static long tagsCode(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }

    /** The delay level a message asks for, 0 for none or an unreadable value. */
    public static int delayLevel(Map<String, String> properties) {
        String level = properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        if (level == null) {
            return 0;
        }
        try {
            return Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the producer waits for the flush (WAIT absent or anything but "false"). */
    public static boolean waitStoreMsgOk(Map<String, String> properties) {
        String wait = properties.get(MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
        return wait == null || Boolean.parseBoolean(wait);
    }
}
