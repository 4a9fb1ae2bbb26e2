package io.petrel.real.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.petrel.env.CloseCause;
import io.petrel.env.Network;
import java.nio.ByteBuffer;

/**
 * The frame on the wire, which is RocketMQ's: a 4-byte big-endian length counting the bytes that
 * follow, then the payload. At the seam a frame is the payload alone.
 *
 * <pre>
 *  0               4                                   4 + length
 *  +---------------+-----------------------------------+
 *  | length (int)  | payload: length bytes             |
 *  +---------------+-----------------------------------+
 *  length >= 0 and 4 + length <= the maximum frame size
 * </pre>
 *
 * The maximum frame size is {@link Network#MAX_FRAME_BYTES} (16 MiB), or the value of the system
 * property {@value #MAX_FRAME_PROPERTY} (RocketMQ's own name for this limit) when it is set.
 * Pure functions; no state.
 */
final class FrameFormat {

    static final int LENGTH_FIELD_BYTES = 4;

    /** The system property RocketMQ reads for its frame limit, honoured here with the same meaning. */
    static final String MAX_FRAME_PROPERTY = "com.rocketmq.remoting.frameMaxLength";

    /** The smallest limit accepted: room for a remoting header and a small body. */
    static final int MIN_MAX_FRAME_BYTES = 1024;

    private FrameFormat() {
    }

    /**
     * The largest payload a frame may carry: the maximum frame size from {@code propertyValue} (the
     * value of {@value #MAX_FRAME_PROPERTY}, or null for the default) minus the length field.
     *
     * @throws IllegalArgumentException naming the property and value when it is not a whole number
     *     between {@value #MIN_MAX_FRAME_BYTES} and {@link Integer#MAX_VALUE}
     */
    static int maxPayloadBytes(String propertyValue) {
        if (propertyValue == null) {
            return Network.MAX_FRAME_PAYLOAD_BYTES;
        }
        long bytes;
        try {
            bytes = Long.parseLong(propertyValue.trim());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < MIN_MAX_FRAME_BYTES || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad value for " + MAX_FRAME_PROPERTY + ": '" + propertyValue
                    + "' (a frame size in bytes from " + MIN_MAX_FRAME_BYTES + " to " + Integer.MAX_VALUE + ")");
        }
        return (int) bytes - LENGTH_FIELD_BYTES;
    }

    /** Why a received length field is unacceptable under {@code maxPayload}, or null when it is fine. */
    static CloseCause checkReceivedLength(int length, int maxPayload) {
        if (length < 0) {
            return CloseCause.of(CloseCause.Kind.PROTOCOL_ERROR, "received a negative frame length " + length);
        }
        if (length > maxPayload) {
            return CloseCause.of(CloseCause.Kind.FRAME_TOO_LARGE, "received a frame length of " + length
                    + " bytes; the limit is " + maxPayload);
        }
        return null;
    }

    /**
     * The wire form of {@code payload}, wrapping it without a copy; the buffer now belongs to the
     * returned {@code ByteBuf}.
     */
    static ByteBuf encode(ByteBuffer payload) {
        return Unpooled.wrappedBuffer(Unpooled.copyInt(payload.remaining()), Unpooled.wrappedBuffer(payload));
    }
}
