package io.petrel.real.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes a TCP channel so that the peer receives every frame written before the close, then sees
 * an orderly end of stream rather than a reset.
 *
 * <p>Steps, all on the channel's IO thread: an empty write marks the end of the queued writes
 * (Netty completes writes in order, so its completion means every earlier frame has reached the
 * kernel); then the output is shut down, sending FIN after that data; then the channel keeps
 * reading (and the node ignores what it reads) until the peer closes its side, or until
 * {@code lingerMs} passes. Closing outright instead would make the kernel answer any still unread
 * inbound bytes with a reset, which can destroy frames the peer has not yet read.
 */
final class OrderlyClose {

    private OrderlyClose() {
    }

    static void afterPendingWrites(Channel channel, long lingerMs) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess() || !(channel instanceof SocketChannel socket) || !channel.isActive()) {
                channel.close();
                return;
            }
            socket.shutdownOutput().addListener(shut -> {
                if (!shut.isSuccess()) {
                    channel.close();
                    return;
                }
                var linger = channel.eventLoop().schedule(() -> channel.close(), lingerMs, TimeUnit.MILLISECONDS);
                channel.closeFuture().addListener(closed -> linger.cancel(false));
            });
        });
    }
}
