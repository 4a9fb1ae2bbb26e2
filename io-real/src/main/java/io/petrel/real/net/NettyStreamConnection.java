package io.petrel.real.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.NodeLog;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import io.petrel.real.loop.NodeLoop;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of a plain TCP byte stream as the node sees it: no framing of Petrel's own; what a read
 * returns is delivered as it came. The close rules are {@link ChannelEnd}'s.
 *
 * <p>Sending: each send is one Netty write of the caller's buffer, or of its parts as one composite
 * buffer (no copy here; Netty copies heap bytes into a direct buffer when it writes). {@link #pendingBytes}
 * counts the bytes whose write has not completed, that is not yet handed to the kernel; when it
 * drops to 0 after a send, {@link StreamHandler#onWritable} is posted to the loop. The count is
 * our own rather than Netty's writability, whose water marks (32 and 64 KiB by default) say
 * "mostly drained", not "everything taken" as the contract wants. A write that fails records
 * {@code RESET} and closes the channel.
 *
 * <p>Receiving: the socket is read straight into buffers of this connection's own
 * ({@link StreamReadBuffers}, at most {@value StreamReadBuffers#BYTES} bytes a read), and each read
 * is posted to the loop as a view of its buffer, so no Netty buffer reaches the node; once the
 * handler returned, the buffer goes back for a later read, as {@link StreamHandler#onBytes} allows.
 * (A buffer per read, allocated and zeroed on the heap, cost a catching-up slave's IO thread more
 * than the socket did, and touched fresh heap pages for the whole first gigabyte; a copy out of
 * Netty's read buffer cost as much as the socket; issue 16.) Reading pauses while more than
 * {@value #INBOUND_PAUSE_BYTES} bytes wait for the loop and resumes below
 * {@value #INBOUND_RESUME_BYTES}, so a slow node pushes back on its sender through TCP instead of
 * queueing without bound.
 *
 * <p>Threads: {@link #send}, {@link #close} and every callback on the node's loop; the counters
 * are also touched by the channel's IO thread.
 */
final class NettyStreamConnection extends ChannelEnd implements StreamConnection {

    static final long INBOUND_PAUSE_BYTES = 4L << 20;
    static final long INBOUND_RESUME_BYTES = 1L << 20;
    private final CloseReason reason;
    private final StreamReadBuffers readBuffers;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong inboundQueuedBytes = new AtomicLong();
    private StreamHandler handler;
    /** Loop: a send left bytes pending since the last onWritable. */
    private boolean writableOwed;

    NettyStreamConnection(long id, Channel channel, Address localAddress, Address remoteAddress, NodeLoop loop,
            NodeLog log, long lingerMs, CloseReason reason, StreamReadBuffers readBuffers) {
        super(id, channel, localAddress, remoteAddress, loop, log, lingerMs);
        this.reason = reason;
        this.readBuffers = readBuffers;
    }

    @Override
    public boolean send(ByteBuffer bytes) {
        loop.requireLoopThread("StreamConnection.send");
        Objects.requireNonNull(bytes, "bytes");
        if (!isOpen()) {
            return false;
        }
        int length = bytes.remaining();
        if (length == 0) {
            return true;
        }
        pendingBytes.addAndGet(length);
        writableOwed = true;
        channel().writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(written -> onWritten(length, written));
        return true;
    }

    @Override
    public boolean send(List<ByteBuffer> parts) {
        loop.requireLoopThread("StreamConnection.send");
        Objects.requireNonNull(parts, "parts");
        if (!isOpen()) {
            return false;
        }
        long total = 0;
        for (ByteBuffer part : parts) {
            total += part.remaining();
        }
        if (total == 0) {
            return true;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("one send of " + total + " bytes; the most is " + Integer.MAX_VALUE);
        }
        int length = (int) total;
        pendingBytes.addAndGet(length);
        writableOwed = true;
        // One write of all parts: Netty writes direct parts as they are (a gathering write) and joins
        // the whole into one direct buffer when a part is on the heap.
        channel().writeAndFlush(Unpooled.wrappedBuffer(parts.toArray(ByteBuffer[]::new)))
                .addListener(written -> onWritten(length, written));
        return true;
    }

    /** IO thread: one send's bytes reached the kernel, or could not. */
    private void onWritten(int length, Future<? super Void> written) {
        if (!written.isSuccess() && !(written.cause() instanceof ClosedChannelException)) {
            // A write failing on a channel already closing is a consequence of that close, not a cause.
            reason.offer(CloseCause.of(CloseCause.Kind.RESET,
                    "write failed: " + NettyNetwork.describe(written.cause())));
            channel().close();
        }
        if (pendingBytes.addAndGet(-length) == 0) {
            loop.post(this::onDrained);
        }
    }

    /** Loop: every pending byte was taken at some point; tell a waiting writer unless more came since. */
    private void onDrained() {
        if (writableOwed && pendingBytes.get() == 0 && isOpen() && handler != null) {
            writableOwed = false;
            handler.onWritable(this);
        }
    }

    @Override
    public long pendingBytes() {
        return pendingBytes.get();
    }

    @Override
    public void close() {
        loop.requireLoopThread("StreamConnection.close");
        closeWith(CloseCause.of(CloseCause.Kind.LOCAL_CLOSE, "closed by this node"));
    }

    /** Loop: the handler that receives this connection's events from now on. */
    void attach(StreamHandler streamHandler) {
        this.handler = Objects.requireNonNull(streamHandler, "the accept or connect handler returned no handler");
    }

    /**
     * IO thread: a read's bytes, posted to the loop as a view of the buffer they were read into, which
     * is released once the handler returned (a buffer not from {@link StreamReadBuffers} is copied).
     */
    void onBytesRead(ByteBuf in) {
        int length = in.readableBytes();
        if (length == 0) {
            in.release();
            return;
        }
        ByteBuf held = in;
        ByteBuffer bytes;
        if (in instanceof StreamReadBuffers.Read) {
            bytes = in.nioBuffer(in.readerIndex(), length);
        } else {
            bytes = ByteBuffer.allocate(length);
            in.readBytes(bytes);
            bytes.flip();
            in.release();
            held = null;
        }
        if (inboundQueuedBytes.addAndGet(length) > INBOUND_PAUSE_BYTES) {
            // Paused before posting, so the loop sees the pause when it handles these bytes and
            // resumes reading once it has caught up.
            channel().config().setAutoRead(false);
        }
        ByteBuf release = held;
        loop.post(() -> onBytesReceived(bytes, length, release));
    }

    /** Loop: bytes arrived; delivered only while this side is open. */
    private void onBytesReceived(ByteBuffer bytes, int length, ByteBuf release) {
        try {
            if (isOpen() && handler != null) {
                handler.onBytes(this, bytes);
            }
        } finally {
            if (release != null) {
                release.release();
            }
            if (inboundQueuedBytes.addAndGet(-length) <= INBOUND_RESUME_BYTES && !channel().config().isAutoRead()) {
                channel().config().setAutoRead(true);
            }
        }
    }

    /** Read buffers this connection's channel allocated so far (not reused ones); for tests. */
    int readBuffersAllocated() {
        return readBuffers.allocated();
    }

    /** Bytes read from the socket that the loop has not handled yet; for tests of the pause. */
    long inboundQueuedBytes() {
        return inboundQueuedBytes.get();
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
        return "stream " + id() + " " + localAddress() + " -> " + remoteAddress();
    }
}
