package io.petrel.remoting;

import java.nio.ByteBuffer;

/**
 * Turns commands into frame payloads and back. The payload is a RocketMQ frame without its
 * leading 4-byte length (the transport adds and strips that):
 * <pre>
 *   0      1            4                  4 + headerLength
 *   +------+------------+------------------+-----------------+
 *   | type | headerLen  |  header bytes    |  body bytes     |
 *   +------+------------+------------------+-----------------+
 *   type: 0 = JSON, 1 = ROCKETMQ binary; headerLen: 24-bit big-endian
 * </pre>
 * Decoding never throws anything but {@link RemotingCodecException}; the body of a decoded
 * command is a zero-copy view of the frame.
 */
public final class RemotingCodec {

    /** The largest header the 24-bit length can describe. */
    public static final int MAX_HEADER_BYTES = 0xFFFFFF;

    private RemotingCodec() {
    }

    public static ByteBuffer encode(RemotingCommand command) {
        byte[] header = command.serializeType() == SerializeType.ROCKETMQ
                ? RocketMqHeaderCodec.encode(command)
                : JsonHeaderCodec.encode(command);
        if (header.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header of " + header.length + " bytes exceeds the 24-bit limit");
        }
        ByteBuffer body = command.body();
        int bodyLength = body == null ? 0 : body.remaining();
        ByteBuffer frame = ByteBuffer.allocate(4 + header.length + bodyLength);
        frame.putInt(command.serializeType().code() << 24 | header.length);
        frame.put(header);
        if (body != null) {
            frame.put(body);
        }
        return frame.flip();
    }

    public static RemotingCommand decode(ByteBuffer frame) {
        ByteBuffer f = frame.duplicate();
        if (f.remaining() < 4) {
            throw new RemotingCodecException("frame of " + f.remaining() + " bytes is shorter than its 4-byte header length");
        }
        int word = f.getInt();
        int typeCode = word >>> 24;
        int headerLength = word & 0xFFFFFF;
        SerializeType type = SerializeType.ofCode(typeCode);
        if (type == null) {
            throw new RemotingCodecException("unknown serialize type " + typeCode);
        }
        if (headerLength > f.remaining()) {
            throw new RemotingCodecException("header length " + headerLength + " exceeds the "
                    + f.remaining() + " bytes left in the frame");
        }
        ByteBuffer header = f.slice().limit(headerLength);
        f.position(f.position() + headerLength);
        RemotingCommand command = type == SerializeType.ROCKETMQ
                ? RocketMqHeaderCodec.decode(header)
                : JsonHeaderCodec.decode(header);
        command.serializeType(type);
        if (f.hasRemaining()) {
            command.body(f.slice());
        }
        return command;
    }
}
