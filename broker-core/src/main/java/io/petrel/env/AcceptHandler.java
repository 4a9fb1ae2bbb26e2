package io.petrel.env;

/** Called on the listening node's loop for each accepted connection. */
@FunctionalInterface
public interface AcceptHandler {

    /**
     * Returns the handler for the new connection's events. No frame is delivered before this
     * returns.
     */
    ConnectionHandler onAccept(Connection connection);
}
