package io.petrel.client;

/**
 * A client operation failed. {@link #responseCode()} is the broker's or NameServer's response
 * code when one answered (RocketMQ's codes), else -1. Messages are in RocketMQ's words where users
 * know them ("No route info of this topic: ...").
 */
public final class ClientException extends RuntimeException {

    private final int responseCode;

    public ClientException(int responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    public ClientException(int responseCode, String message, Throwable cause) {
        super(message, cause);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }
}
