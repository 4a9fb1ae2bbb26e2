package io.petrel.real.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.petrel.env.CloseCause;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Cuts the inbound byte stream into frames (see {@link FrameFormat}) and copies each into a heap
 * {@link ByteBuffer}, so no Netty buffer ever reaches a node and the cumulation is released by
 * {@link ByteToMessageDecoder}.
 *
 * <p>A bad length records its reason in the channel's {@link CloseReason} and closes the channel;
 * anything after it is discarded. A stream that ends inside a frame records {@code RESET}: the peer
 * vanished mid-frame. One instance per channel, used only by that channel's IO thread.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private final CloseReason reason;
    private final int maxPayload;
    private boolean failed;

    FrameDecoder(CloseReason reason, int maxPayload) {
        this.reason = reason;
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameFormat.LENGTH_FIELD_BYTES) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        CloseCause bad = FrameFormat.checkReceivedLength(length, maxPayload);
        if (bad != null) {
            fail(ctx, in, bad);
            return;
        }
        if (in.readableBytes() - FrameFormat.LENGTH_FIELD_BYTES < length) {
            return;
        }
        in.skipBytes(FrameFormat.LENGTH_FIELD_BYTES);
        ByteBuffer frame = ByteBuffer.allocate(length);
        in.readBytes(frame);
        out.add(frame.flip());
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!failed && in.isReadable()) {
            reason.offer(CloseCause.of(CloseCause.Kind.RESET, "the connection ended inside a frame, after "
                    + in.readableBytes() + " of its bytes (length field included)"));
        }
        in.skipBytes(in.readableBytes());
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, CloseCause cause) {
        failed = true;
        reason.offer(cause);
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
