package io.petrel.real.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.NodeLog;
import io.petrel.real.loop.NodeLoop;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every connection a node sees over Netty has, framed ({@link NettyConnection}) or byte
 * stream ({@link NettyStreamConnection}): its channel, addresses, and the close rules of the
 * {@code Connection} and {@code StreamConnection} contracts.
 *
 * <p>The first of a local close (or a refused send), or the channel going down, decides the
 * {@link CloseCause}; it is reported exactly once, on the loop, never inline from a close; what
 * reaches the loop after this side stopped being open is dropped, so nothing follows the report.
 * A local close ends the channel with an {@link OrderlyClose}, so the peer reads everything sent
 * before it. When the node stops, the runtime closes the channel without any report; when it is
 * killed ({@link #abort}), the channel is reset.
 *
 * <p>Node-side state (open, close reported) is confined to the node's loop, except
 * {@link #isOpen()} which any thread may read. The channel belongs to its IO thread.
 */
abstract class ChannelEnd {

    private final long id;
    private final Channel channel;
    private final Address localAddress;
    private final Address remoteAddress;
    final NodeLoop loop;
    final NodeLog log;
    private final long lingerMs;
    private final AtomicBoolean teardownStarted = new AtomicBoolean();
    private boolean closeReported;
    private volatile boolean open = true;

    ChannelEnd(long id, Channel channel, Address localAddress, Address remoteAddress, NodeLoop loop, NodeLog log,
            long lingerMs) {
        this.id = id;
        this.channel = channel;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.loop = loop;
        this.log = log;
        this.lingerMs = lingerMs;
    }

    public final long id() {
        return id;
    }

    public final Address localAddress() {
        return localAddress;
    }

    public final Address remoteAddress() {
        return remoteAddress;
    }

    public final boolean isOpen() {
        return open;
    }

    final Channel channel() {
        return channel;
    }

    /** The node's handler for this connection is set: events may be delivered. */
    abstract boolean hasHandler();

    /** Hands the close to the node's handler; called once, on the loop. */
    abstract void notifyClosed(CloseCause cause);

    /** Loop: closes this side with {@code cause}, reported later on the loop; idempotent. */
    final void closeWith(CloseCause cause) {
        if (!open) {
            return;
        }
        open = false;
        startTeardown();
        loop.execute(() -> report(cause));
    }

    /** Loop: drops the connection without any report, for one the node never took on. */
    final void abandon(String why) {
        log.debug("connection {} from {} dropped: {}", id, remoteAddress, why);
        open = false;
        closeReported = true;
        startTeardown();
    }

    /** Any thread: closes the channel for a stopping node; no report follows. */
    final void closeForShutdown() {
        open = false;
        startTeardown();
    }

    /** Any thread: resets the channel (RST, no FIN) for a killed node; no report follows. */
    final void abort() {
        open = false;
        teardownStarted.set(true);
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    /** Loop: the channel went down. If this side already closed, its own cause is reported instead. */
    final void onChannelClosed(CloseCause cause) {
        if (!open) {
            return;
        }
        open = false;
        report(cause);
    }

    private void startTeardown() {
        if (teardownStarted.compareAndSet(false, true)) {
            OrderlyClose.afterPendingWrites(channel, lingerMs);
        }
    }

    private void report(CloseCause cause) {
        if (closeReported) {
            return;
        }
        closeReported = true;
        logClose(cause);
        if (hasHandler()) {
            notifyClosed(cause);
        }
    }

    private void logClose(CloseCause cause) {
        switch (cause.kind()) {
            case LOCAL_CLOSE, PEER_CLOSED ->
                    log.debug("connection {} {} -> {} closed: {}", id, localAddress, remoteAddress, cause);
            default -> log.warn("connection {} {} -> {} closed: {}", id, localAddress, remoteAddress, cause);
        }
    }
}
