package io.petrel.real.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.petrel.env.CloseCause;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The last inbound handler of every connection's pipeline: turns Netty events into node events
 * and posts them to the node's loop, in the order Netty saw them (opened, frames, closed).
 *
 * <p>Runs on the channel's IO thread only and never calls node code. An exception (an IO error, a
 * failed write) records {@code RESET} and closes the channel; the close reaches the node once, as
 * the cause recorded first.
 */
final class InboundAdapter extends ChannelInboundHandlerAdapter {

    private final NettyNetwork network;
    private final CloseReason reason;
    private final Consumer<NettyConnection> onOpened;
    private NettyConnection connection;

    /** {@code onOpened} runs on the node's loop, before any frame of the connection. */
    InboundAdapter(NettyNetwork network, CloseReason reason, Consumer<NettyConnection> onOpened) {
        this.network = network;
        this.reason = reason;
        this.onOpened = onOpened;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        NettyConnection opened = network.newConnection(ctx.channel());
        connection = opened;
        if (opened != null) {
            network.loop().post(() -> onOpened.accept(opened));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuffer frame = (ByteBuffer) msg;
        NettyConnection target = connection;
        if (target != null) {
            network.loop().post(() -> target.onFrameReceived(frame));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reason.offer(CloseCause.of(CloseCause.Kind.RESET, NettyNetwork.describe(cause)));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NettyConnection target = connection;
        if (target != null) {
            CloseCause cause = reason.resolve();
            network.loop().post(() -> target.onChannelClosed(cause));
        }
        ctx.fireChannelInactive();
    }
}
