package io.petrel.env;

/** A listening endpoint. */
public interface Listener {

    /** The bound address; when port 0 was asked for, the port actually chosen. */
    Address address();

    /**
     * Stops accepting new connections. Idempotent. Connections already accepted stay open. A
     * connect racing with the close may fail, or may connect and then see the connection close.
     */
    void close();
}
