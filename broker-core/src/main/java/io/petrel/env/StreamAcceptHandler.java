package io.petrel.env;

/** Called on the listening node's loop for each accepted byte-stream connection. */
@FunctionalInterface
public interface StreamAcceptHandler {

    /** Returns the handler for the new connection's events; no bytes are delivered before this returns. */
    StreamHandler onAccept(StreamConnection connection);
}
