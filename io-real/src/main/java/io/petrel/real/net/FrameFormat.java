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
 *  length >= 0 and 4 + length <= Network.MAX_FRAME_BYTES (16 MiB)
 * </pre>
 *
 * Pure functions; no state.
 */
final class FrameFormat {

    static final int LENGTH_FIELD_BYTES = 4;

    private FrameFormat() {
    }

    /** Why a received length field is unacceptable, or null when it is fine. */
    static CloseCause checkReceivedLength(int length) {
        if (length < 0) {
            return CloseCause.of(CloseCause.Kind.PROTOCOL_ERROR, "received a negative frame length " + length);
        }
        if (length > Network.MAX_FRAME_PAYLOAD_BYTES) {
            return CloseCause.of(CloseCause.Kind.FRAME_TOO_LARGE, "received a frame length of " + length
                    + " bytes; the limit is " + Network.MAX_FRAME_PAYLOAD_BYTES);
        }
        return null;
    }

    /** True when a payload of this size may be sent. */
    static boolean fitsInFrame(int payloadBytes) {
        return payloadBytes <= Network.MAX_FRAME_PAYLOAD_BYTES;
    }

    /**
     * The wire form of {@code payload}, wrapping it without a copy; the buffer now belongs to the
     * returned {@code ByteBuf}.
     */
    static ByteBuf encode(ByteBuffer payload) {
        return Unpooled.wrappedBuffer(Unpooled.copyInt(payload.remaining()), Unpooled.wrappedBuffer(payload));
    }
}
