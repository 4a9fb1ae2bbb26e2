package io.petrel.real.net;

import io.netty.channel.Channel;
import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.NodeLog;
import io.petrel.real.loop.NodeLoop;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One end of a TCP connection as the node sees it.
 *
 * <p>Owns the node-side state (handler, open, close reported); that state is confined to the
 * node's loop, except {@link #isOpen()} which any thread may read. The Netty channel belongs to
 * its IO thread; this class only writes to it and starts its {@link OrderlyClose}.
 *
 * <p>Close rules, as the {@link Connection} contract wants them: the first of a local close, a
 * refused oversize send, or the channel going down decides the {@link CloseCause}; it is reported
 * exactly once, on the loop, never inline from {@link #close()}; frames that reach the loop after
 * this side stopped being open are dropped, so none follows the report. When the node stops, the
 * runtime closes the channel without any report.
 */
final class NettyConnection implements Connection {

    private final long id;
    private final Channel channel;
    private final Address localAddress;
    private final Address remoteAddress;
    private final NodeLoop loop;
    private final NodeLog log;
    private final long lingerMs;
    private final int maxPayload;
    private final AtomicBoolean teardownStarted = new AtomicBoolean();
    private ConnectionHandler handler;
    private boolean closeReported;
    private volatile boolean open = true;

    NettyConnection(long id, Channel channel, Address localAddress, Address remoteAddress,
            NodeLoop loop, NodeLog log, long lingerMs, int maxPayload) {
        this.id = id;
        this.channel = channel;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.loop = loop;
        this.log = log;
        this.lingerMs = lingerMs;
        this.maxPayload = maxPayload;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Address localAddress() {
        return localAddress;
    }

    @Override
    public Address remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean send(ByteBuffer frame) {
        loop.requireLoopThread("Connection.send");
        Objects.requireNonNull(frame, "frame");
        if (!open) {
            return false;
        }
        int payloadBytes = frame.remaining();
        if (payloadBytes > maxPayload) {
            closeWith(CloseCause.of(CloseCause.Kind.FRAME_TOO_LARGE, "refused to send a frame of " + payloadBytes
                    + " bytes; the limit is " + maxPayload));
            return false;
        }
        channel.writeAndFlush(FrameFormat.encode(frame), channel.voidPromise());
        return true;
    }

    @Override
    public void close() {
        loop.requireLoopThread("Connection.close");
        closeWith(CloseCause.of(CloseCause.Kind.LOCAL_CLOSE, "closed by this node"));
    }

    private void closeWith(CloseCause cause) {
        if (!open) {
            return;
        }
        open = false;
        startTeardown();
        loop.execute(() -> report(cause));
    }

    /** Loop: the handler that receives this connection's events from now on. */
    void attach(ConnectionHandler connectionHandler) {
        this.handler = Objects.requireNonNull(connectionHandler, "the accept or connect handler returned no handler");
    }

    /** Loop: drops the connection without any report, for one the node never took on. */
    void abandon(String why) {
        log.debug("connection {} from {} dropped: {}", id, remoteAddress, why);
        open = false;
        closeReported = true;
        startTeardown();
    }

    /** Any thread: closes the channel for a stopping node; no report follows. */
    void closeForShutdown() {
        open = false;
        startTeardown();
    }

    Channel channel() {
        return channel;
    }

    /** Loop: a frame arrived; delivered only while this side is open. */
    void onFrameReceived(ByteBuffer frame) {
        if (open && handler != null) {
            handler.onFrame(this, frame);
        }
    }

    /** Loop: the channel went down. If this side already closed, its own cause is reported instead. */
    void onChannelClosed(CloseCause cause) {
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
        if (handler != null) {
            handler.onClose(this, cause);
        }
    }

    private void logClose(CloseCause cause) {
        switch (cause.kind()) {
            case LOCAL_CLOSE, PEER_CLOSED ->
                    log.debug("connection {} {} -> {} closed: {}", id, localAddress, remoteAddress, cause);
            default -> log.warn("connection {} {} -> {} closed: {}", id, localAddress, remoteAddress, cause);
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " " + localAddress + " -> " + remoteAddress;
    }
}
