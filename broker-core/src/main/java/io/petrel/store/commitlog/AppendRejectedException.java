package io.petrel.store.commitlog;

/**
 * An append refused before anything was written; {@link #status} says why, the message says what,
 * and {@link #isDiskFull} whether the refusal was for lack of space.
 */
public final class AppendRejectedException extends RuntimeException {

    private final AppendMessageStatus status;
    private final boolean diskFull;

    public AppendRejectedException(AppendMessageStatus status, String message) {
        this(status, message, false);
    }

    public AppendRejectedException(AppendMessageStatus status, String message, boolean diskFull) {
        super(message);
        this.status = status;
        this.diskFull = diskFull;
    }

    public AppendMessageStatus status() {
        return status;
    }

    /** Whether a file could not be created because the disk is (or would be) past its limit. */
    public boolean isDiskFull() {
        return diskFull;
    }
}
