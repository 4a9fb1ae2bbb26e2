package io.petrel.env;

import java.nio.ByteBuffer;

/** Receives the events of one connection, on the owning node's loop. */
public interface ConnectionHandler {

    /**
     * One whole frame arrived. The buffer holds exactly the frame (position 0 up to its limit)
     * and belongs to the handler.
     */
    void onFrame(Connection connection, ByteBuffer frame);

    /** The connection closed; delivered exactly once, after the last frame. */
    void onClose(Connection connection, CloseCause cause);
}
