package io.petrel.scenarios.history;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Message bodies that carry their own check: {@code <id>|<payload>|<crc32 hex>}. A consumer (or
 * the checker) can tell a body that differs from what was sent by even one byte.
 */
public final class Bodies {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Bodies() {
    }

    /** A body for message {@code id} with {@code payloadBytes} pseudo-random characters drawn from {@code seed}. */
    public static String make(String id, int payloadBytes, long seed) {
        StringBuilder payload = new StringBuilder(payloadBytes);
        long x = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < payloadBytes; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            payload.append(ALPHABET[(int) Math.floorMod(x, (long) ALPHABET.length)]);
        }
        return id + "|" + payload + "|" + crc(id + "|" + payload);
    }

    /** The message id at the front of a body, or null when the body has no separator. */
    public static String id(String body) {
        int bar = body.indexOf('|');
        return bar < 0 ? null : body.substring(0, bar);
    }

    /** Whether the body's checksum matches its content. */
    public static boolean intact(String body) {
        int last = body.lastIndexOf('|');
        return last > 0 && body.substring(last + 1).equals(crc(body.substring(0, last)));
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
