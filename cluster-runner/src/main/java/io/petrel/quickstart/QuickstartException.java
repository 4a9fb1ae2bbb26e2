package io.petrel.quickstart;

/** A quickstart step that failed; the message is for the person at the terminal. */
final class QuickstartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    QuickstartException(String message) {
        super(message);
    }
}
