package io.petrel.env;

/**
 * Runs work on this node's single loop.
 *
 * <p>Contract kept by both implementations:
 * <ul>
 *   <li>Every task of a node runs on that node's loop, never concurrently with any other event of
 *       the same node. Nothing in a node needs locks.</li>
 *   <li>{@link #execute} runs the task after the current event returns, never inline. Tasks
 *       submitted with {@code execute} run in submission order.</li>
 *   <li>{@link #schedule} runs the task no earlier than {@code delayMs} after the call, measured
 *       on the monotonic clock. Tasks due at the same instant run in submission order.</li>
 *   <li>After the node stops or crashes, no task of it ever runs again.</li>
 * </ul>
 * Both methods must be called from the node's own loop.
 */
public interface Scheduler {

    /** Runs {@code task} on the loop after the current event. */
    Cancellable execute(Runnable task);

    /** Runs {@code task} on the loop once {@code delayMs} (≥ 0) has passed. */
    Cancellable schedule(long delayMs, Runnable task);
}
