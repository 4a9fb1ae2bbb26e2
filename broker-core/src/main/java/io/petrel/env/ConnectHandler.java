package io.petrel.env;

/** The outcome of {@link Network#connect}, delivered once on the connecting node's loop. */
public interface ConnectHandler {

    /**
     * The connection is up. Returns the handler for its events; no frame is delivered before this
     * returns.
     */
    ConnectionHandler onConnected(Connection connection);

    /** The connection could not be made: refused, unreachable, timed out. */
    void onConnectFailed(Address remote, String reason);
}
