package io.petrel.common.message;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The broker's offsetMsgId (RocketMQ's {@code MessageDecoder.createMessageId}, docs/protocol.md §4.7):
 * <pre>
 *   storeHost IP (4 or 16 bytes) | storeHost port (4-byte int) | commit-log offset (8 bytes)
 * </pre>
 * written as uppercase hex: 32 characters for IPv4, 56 for IPv6. Clients decode it and send
 * VIEW_MESSAGE_BY_ID to that address. Stateless.
 */
public final class MessageId {

    private MessageId() {
    }

    /** A decoded offsetMsgId. */
    public record Decoded(HostAddress storeHost, long commitLogOffset) {
    }

    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    public static String createMessageId(HostAddress storeHost, long commitLogOffset) {
        byte[] ip = storeHost.ip();
        char[] out = new char[(ip.length + 12) * 2];
        int at = 0;
        for (byte b : ip) {
            out[at++] = DIGITS[(b >> 4) & 0xF];
            out[at++] = DIGITS[b & 0xF];
        }
        at = hex(out, at, storeHost.port(), 8);
        hex(out, at, commitLogOffset, 16);
        return new String(out);
    }

    private static int hex(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
        return at + digits;
    }

    /** @throws IllegalArgumentException when {@code msgId} is not 32 or 56 hex characters */
    public static Decoded decodeMessageId(String msgId) {
        if (msgId == null || (msgId.length() != 32 && msgId.length() != 56)) {
            throw new IllegalArgumentException("an offsetMsgId has 32 or 56 hex characters: '" + msgId + "'");
        }
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(msgId.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + msgId + "' is not hex", e);
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        HostAddress host = HostAddress.read(b, raw.length == 28);
        return new Decoded(host, b.getLong());
    }
}
