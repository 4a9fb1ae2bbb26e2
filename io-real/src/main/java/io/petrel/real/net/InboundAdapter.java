package io.petrel.real.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.petrel.env.CloseCause;
import io.petrel.real.loop.NodeLoop;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The last inbound handler of every connection's pipeline, framed or stream: turns Netty events
 * into node events and posts them to the node's loop, in the order Netty saw them (opened, data,
 * closed).
 *
 * <p>Runs on the channel's IO thread only and never calls node code. An exception (an IO error, a
 * failed write) records {@code RESET} and closes the channel; the close reaches the node once, as
 * the cause recorded first.
 *
 * @param <E> the node-side connection type
 */
final class InboundAdapter<E extends ChannelEnd> extends ChannelInboundHandlerAdapter {

    private final NodeLoop loop;
    private final CloseReason reason;
    private final Function<Channel, E> opener;
    private final Consumer<E> onOpened;
    private final BiConsumer<E, Object> onRead;
    private E connection;

    /**
     * @param opener IO thread: the node-side connection for a channel that just became active, or
     *     null (and the channel closed) when the node's network is closed
     * @param onOpened runs on the node's loop, before any data of the connection
     * @param onRead IO thread: hands one inbound message (it now owns it) towards the loop
     */
    InboundAdapter(NodeLoop loop, CloseReason reason, Function<Channel, E> opener, Consumer<E> onOpened,
            BiConsumer<E, Object> onRead) {
        this.loop = loop;
        this.reason = reason;
        this.opener = opener;
        this.onOpened = onOpened;
        this.onRead = onRead;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        E opened = opener.apply(ctx.channel());
        connection = opened;
        if (opened != null) {
            loop.post(() -> onOpened.accept(opened));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        E target = connection;
        if (target != null) {
            onRead.accept(target, msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reason.offer(CloseCause.of(CloseCause.Kind.RESET, NettyNetwork.describe(cause)));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        E target = connection;
        if (target != null) {
            CloseCause cause = reason.resolve();
            loop.post(() -> target.onChannelClosed(cause));
        }
        ctx.fireChannelInactive();
    }
}
