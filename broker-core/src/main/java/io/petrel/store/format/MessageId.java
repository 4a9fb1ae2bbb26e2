package io.petrel.store.format;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The broker's offsetMsgId (RocketMQ's {@code MessageDecoder.createMessageId}, ROCKETMQ-WIRE.md §4.7):
 * <pre>
 *   storeHost IP (4 or 16 bytes) | storeHost port (4-byte int) | commit-log offset (8 bytes)
 * </pre>
 * written as uppercase hex: 32 characters for IPv4, 56 for IPv6. Clients decode it and send
 * VIEW_MESSAGE_BY_ID to that address. Stateless.
 */
public final class MessageId {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageId() {
    }

    /** A decoded offsetMsgId. */
    public record Decoded(HostAddress storeHost, long commitLogOffset) {
    }

    public static String createMessageId(HostAddress storeHost, long commitLogOffset) {
        ByteBuffer bytes = ByteBuffer.allocate(storeHost.storedLength() + 8);
        storeHost.write(bytes);
        bytes.putLong(commitLogOffset);
        return HEX.formatHex(bytes.array());
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
