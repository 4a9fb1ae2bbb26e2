package io.petrel.common;

/** A request body that is missing or malformed; answered with an error response naming the problem. */
public final class BodyException extends RuntimeException {

    public BodyException(String message) {
        super(message);
    }
}
