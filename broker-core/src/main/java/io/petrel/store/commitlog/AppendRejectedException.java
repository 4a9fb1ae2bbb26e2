package io.petrel.store.commitlog;

/** An append refused before anything was written; {@link #status} says why, the message says what. */
public final class AppendRejectedException extends RuntimeException {

    private final AppendMessageStatus status;

    public AppendRejectedException(AppendMessageStatus status, String message) {
        super(message);
        this.status = status;
    }

    public AppendMessageStatus status() {
        return status;
    }
}
