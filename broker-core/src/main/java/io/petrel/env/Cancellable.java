package io.petrel.env;

/** A handle on a scheduled task. */
public interface Cancellable {

    /**
     * Prevents the task from running if it has not started yet. Idempotent. Cancelling a task
     * that already ran, or is running now, has no effect.
     */
    void cancel();

    /** A handle that cancels nothing, for code paths that had nothing to schedule. */
    Cancellable NONE = () -> { };
}
