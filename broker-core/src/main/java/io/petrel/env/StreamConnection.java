package io.petrel.env;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One end of an established, bidirectional, unframed byte stream (plain TCP): what RocketMQ 4.9's
 * replication speaks on {@code haListenPort}, where the slave sends 8-byte offsets and the master
 * 12-byte headers followed by raw commit-log bytes, with no length prefix of the transport's own.
 *
 * <p>Contract kept by both implementations:
 * <ul>
 *   <li>While the connection is up, the bytes of every {@link #send} arrive exactly once, in order,
 *       after the bytes of every earlier send. Chunk boundaries carry no meaning: one send may
 *       arrive in several {@link StreamHandler#onBytes} calls and several sends in one, so a reader
 *       must parse the stream itself. A connection that loses bytes is broken and reports
 *       {@link CloseCause.Kind#RESET}; nothing sent after lost bytes is ever delivered.</li>
 *   <li>{@link #send} takes ownership of the buffer's remaining bytes (the caller must not touch the
 *       buffer afterwards), never blocks and returns false, sending nothing, when the connection is
 *       closed. Bytes the network has not taken yet are counted by {@link #pendingBytes}, so a writer
 *       can keep its own backlog bounded instead of queueing without limit.</li>
 *   <li>{@link #close} is idempotent. Bytes sent before it are delivered to the peer before the peer
 *       sees the close, unless the connection breaks first. After {@code close()} nothing is
 *       delivered to this side.</li>
 *   <li>{@link StreamHandler#onClose} is delivered exactly once on each side, later on the loop
 *       (never inline from {@code close}), after the last bytes.</li>
 *   <li>When the node crashes, its side vanishes without callbacks, and its peers see
 *       {@link CloseCause.Kind#RESET} after a delay.</li>
 * </ul>
 * Call every method from the owning node's loop.
 */
public interface StreamConnection {

    /** A number unique among this node's connections (framed and stream), for logs and maps. */
    long id();

    Address localAddress();

    /** The peer's address as this side sees it (for an accepted connection, the client's ip:port). */
    Address remoteAddress();

    /** Queues the buffer's remaining bytes for sending; see the class contract. */
    boolean send(ByteBuffer bytes);

    /**
     * Queues the parts' remaining bytes for sending, in order, exactly as {@link #send} would their
     * concatenation (it takes every part), but without joining them: for a writer whose bytes lie
     * in several buffers, such as a master's transfer headers and the log bytes between them.
     */
    boolean send(List<ByteBuffer> parts);

    /** Bytes handed to {@link #send} that the network has not taken yet; 0 when all are on their way. */
    long pendingBytes();

    /** True until this side closes or learns of a close. */
    boolean isOpen();

    /** Closes the connection; idempotent. */
    void close();
}
