package io.petrel.env;

import java.nio.ByteBuffer;

/** Receives the events of one byte-stream connection, on the owning node's loop. */
public interface StreamHandler {

    /**
     * Some bytes arrived, in order. The buffer holds them (position 0 up to its limit) for the
     * length of this call only: the transport reuses it afterwards (production) or overwrites it
     * (simulation, to catch a handler that kept it), so a handler that needs bytes later copies
     * them. Their boundaries mean nothing: see {@link StreamConnection}.
     */
    void onBytes(StreamConnection connection, ByteBuffer bytes);

    /**
     * The network took every byte that was pending on this connection ({@link
     * StreamConnection#pendingBytes} dropped to 0): a writer waiting for room may send again.
     * Delivered later on the loop, at most once per send that left bytes pending.
     */
    default void onWritable(StreamConnection connection) {
        // Readers that never wait for room ignore it.
    }

    /** The connection closed; delivered exactly once, after the last bytes. */
    void onClose(StreamConnection connection, CloseCause cause);
}
