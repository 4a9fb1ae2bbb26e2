package io.petrel.env;

/**
 * A node's lifecycle as its runtime drives it. The runtime builds the node with a
 * {@link NodeFactory} on the node's loop, then calls {@link #start()}; later it may ask for a
 * graceful {@link #shutdown}. A crash calls nothing: the node simply stops receiving events.
 */
public interface Node {

    /** Starts listening, connecting, scheduling. Called once, on the node's loop. */
    void start();

    /**
     * Stops gracefully: finish or fail in-flight work, flush, say goodbye to peers, close files
     * and connections, then run {@code done} on the loop. The runtime stops the node's loop after
     * {@code done} runs.
     */
    void shutdown(Runnable done);

    /**
     * Checks the node's deeper invariants (its stateful parts' {@code invariants()}: positions,
     * tables, queues) and throws {@code Check.InvariantViolation} naming the first one broken.
     * Read-only and deterministic: it must not change state, draw randomness or schedule anything,
     * so a run that checks after every event behaves exactly like one that never does. The
     * simulator calls it between events (after every event in property tests, sampled in
     * campaigns); production never does.
     */
    default void invariants() {
        // A node without deeper invariants has nothing to check.
    }
}
