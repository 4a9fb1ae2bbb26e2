package io.petrel.remoting;

/** Why a request got no response. */
public record RemotingFailure(Kind kind, String message) {

    /** The ways a request can fail without a response. */
    public enum Kind {
        /** No connection could be made to the address. */
        CONNECT_FAILED,
        /** No response within the timeout. */
        TIMEOUT,
        /** The connection closed before the response arrived. */
        CONNECTION_CLOSED,
        /** The request could not be written (connection already closed, frame too large). */
        SEND_FAILED
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
