package io.petrel.common.message;

/**
 * Bytes that are not a valid stored record (or a valid request body). The message says what is wrong
 * and where, so it can go to an operator as is.
 */
public final class MessageFormatException extends RuntimeException {

    public MessageFormatException(String message) {
        super(message);
    }
}
