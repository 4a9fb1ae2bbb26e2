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

/**
 * One end of a framed TCP connection as the node sees it: each send is written with RocketMQ's
 * length prefix ({@link FrameFormat}), each frame the {@link FrameDecoder} cuts is delivered whole.
 * The close rules are {@link ChannelEnd}'s; a send over the frame limit is refused and closes the
 * connection with {@code FRAME_TOO_LARGE}.
 */
final class NettyConnection extends ChannelEnd implements Connection {

    private final int maxPayload;
    private ConnectionHandler handler;

    NettyConnection(long id, Channel channel, Address localAddress, Address remoteAddress,
            NodeLoop loop, NodeLog log, long lingerMs, int maxPayload) {
        super(id, channel, localAddress, remoteAddress, loop, log, lingerMs);
        this.maxPayload = maxPayload;
    }

    @Override
    public boolean send(ByteBuffer frame) {
        loop.requireLoopThread("Connection.send");
        Objects.requireNonNull(frame, "frame");
        if (!isOpen()) {
            return false;
        }
        int payloadBytes = frame.remaining();
        if (payloadBytes > maxPayload) {
            closeWith(CloseCause.of(CloseCause.Kind.FRAME_TOO_LARGE, "refused to send a frame of " + payloadBytes
                    + " bytes; the limit is " + maxPayload));
            return false;
        }
        channel().writeAndFlush(FrameFormat.encode(frame), channel().voidPromise());
        return true;
    }

    @Override
    public void close() {
        loop.requireLoopThread("Connection.close");
        closeWith(CloseCause.of(CloseCause.Kind.LOCAL_CLOSE, "closed by this node"));
    }

    /** Loop: the handler that receives this connection's events from now on. */
    void attach(ConnectionHandler connectionHandler) {
        this.handler = Objects.requireNonNull(connectionHandler, "the accept or connect handler returned no handler");
    }

    /** Loop: a frame arrived; delivered only while this side is open. */
    void onFrameReceived(ByteBuffer frame) {
        if (isOpen() && handler != null) {
            handler.onFrame(this, frame);
        }
    }

    @Override
    boolean hasHandler() {
        return handler != null;
    }

    @Override
    void notifyClosed(CloseCause cause) {
        handler.onClose(this, cause);
    }

    @Override
    public String toString() {
        return "connection " + id() + " " + localAddress() + " -> " + remoteAddress();
    }
}
