package io.petrel.remoting;

/**
 * A custom header that is missing a required field or holds a malformed value. The RPC layer
 * answers it with SYSTEM_ERROR and this message as the remark; the connection stays open.
 */
public final class HeaderException extends RuntimeException {

    public HeaderException(String message) {
        super(message);
    }
}
