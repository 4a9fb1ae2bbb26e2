package io.petrel.env.contract;

import io.petrel.env.Address;
import io.petrel.env.Env;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a contract suite needs from a runtime: nodes, a way to act on a node's loop, and a way to
 * wait. In simulation waiting advances virtual time; against the real runtime it polls with a
 * bound. Test code never sleeps.
 */
public interface SeamHarness extends AutoCloseable {

    /** Starts a node; all nodes of one harness can reach each other. */
    Env startNode(String name);

    /** The node's own host with port 0, to listen on any free port. */
    Address anyPort(Env node);

    /** An address on the node's network where nothing listens. */
    Address deadAddress(Env node);

    /** A directory on the node's disk that the test may use freely. */
    String diskRoot(Env node);

    /**
     * Kills the node's process as the seam contracts describe a crash: nothing more of it runs and
     * none of its callbacks fire; its peers see its connections reset.
     */
    void crash(Env node);

    /** Runs {@code action} on the node's loop, waits for it, and returns its result. */
    <T> T onLoop(Env node, Supplier<T> action);

    default void onLoop(Env node, Runnable action) {
        onLoop(node, () -> {
            action.run();
            return null;
        });
    }

    /** True when the calling thread is the node's loop (always true in simulation). */
    boolean isLoopThread(Env node);

    /** Lets the runtime run until {@code condition} holds; fails naming {@code what} after the bound. */
    void await(String what, BooleanSupplier condition, long timeoutMs);

    @Override
    void close();
}
