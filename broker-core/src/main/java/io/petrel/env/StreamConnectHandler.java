package io.petrel.env;

/** The outcome of {@link Network#connectStream}, delivered once on the connecting node's loop. */
public interface StreamConnectHandler {

    /** The connection is up. Returns the handler for its events; no bytes are delivered before this returns. */
    StreamHandler onConnected(StreamConnection connection);

    /** The connection could not be made: refused, unreachable, timed out. */
    void onConnectFailed(Address remote, String reason);
}
