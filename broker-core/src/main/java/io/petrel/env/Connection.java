package io.petrel.env;

import java.nio.ByteBuffer;

/**
 * One end of an established, bidirectional, frame-oriented connection.
 *
 * <p>Contract kept by both implementations:
 * <ul>
 *   <li>A frame is an opaque byte sequence. On the wire the transport prefixes each frame with a
 *       4-byte big-endian length that counts the bytes after it, which is exactly RocketMQ's
 *       frame length field, so a frame here is a RocketMQ frame without its first four bytes.</li>
 *   <li>While the connection is up, frames are delivered whole, exactly once, in the order they
 *       were sent. No frame sent after a lost one is ever delivered: a connection that loses a
 *       frame is broken and will report {@link CloseCause.Kind#RESET}.</li>
 *   <li>{@link #send} takes ownership of the buffer's remaining bytes; the caller must not touch
 *       the buffer afterwards. It never blocks. It returns false, sending nothing, when the
 *       connection is closed. A frame over {@link Network#MAX_FRAME_BYTES} closes the connection
 *       with {@link CloseCause.Kind#FRAME_TOO_LARGE} and returns false.</li>
 *   <li>{@link #close} is idempotent. Frames sent before it are delivered to the peer before the
 *       peer sees the close, unless the connection breaks first. After {@code close()} no frame is
 *       delivered to this side, not even one already received by the transport.</li>
 *   <li>{@link ConnectionHandler#onClose} is delivered exactly once on each side, later on the
 *       loop (never inline from {@code close}), including on the side that called close. No
 *       frame is delivered after it.</li>
 *   <li>When the node crashes, its side of every connection vanishes without callbacks, and its
 *       peers see {@link CloseCause.Kind#RESET} after a delay.</li>
 * </ul>
 * Call every method from the owning node's loop.
 */
public interface Connection {

    /** A number unique among this node's connections, for logs and maps. */
    long id();

    Address localAddress();

    /** The peer's address as this side sees it (for an accepted connection, the client's ip:port). */
    Address remoteAddress();

    /** Sends one frame; see the class contract. */
    boolean send(ByteBuffer frame);

    /** True until this side closes or learns of a close. */
    boolean isOpen();

    /** Closes the connection; idempotent. */
    void close();
}
