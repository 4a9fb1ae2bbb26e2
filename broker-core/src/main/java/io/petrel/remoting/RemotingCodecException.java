package io.petrel.remoting;

/**
 * A frame or header that cannot be decoded. The message says what is wrong with it; the RPC layer
 * logs it and closes the connection (a bad frame) or answers with an error (a bad header).
 */
public final class RemotingCodecException extends RuntimeException {

    public RemotingCodecException(String message) {
        super(message);
    }

    public RemotingCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
