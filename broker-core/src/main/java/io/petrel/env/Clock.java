package io.petrel.env;

/**
 * A node's view of time.
 *
 * <p>Contract kept by both implementations:
 * <ul>
 *   <li>{@link #nowMs()} is wall-like time in ms since the epoch. It is what gets stored in
 *       messages and checkpoints and compared with {@code deleteWhen}. It may be skewed per node,
 *       may drift, and may step backwards (an operator or NTP fixing the clock); code must not
 *       assume it is monotonic.</li>
 *   <li>{@link #nanoTime()} is monotonic and never goes backwards. Use it for timeouts, latencies
 *       and rates. Its origin is arbitrary.</li>
 * </ul>
 * Read the clock once per event and pass the value down rather than reading it repeatedly.
 */
public interface Clock {

    /** Wall-like milliseconds since the epoch; may jump, may go backwards. */
    long nowMs();

    /** Monotonic nanoseconds with an arbitrary origin. */
    long nanoTime();
}
