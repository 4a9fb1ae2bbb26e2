package io.petrel.env;

/**
 * What a node does with a bug it caught: an exception out of its own code (a failed
 * {@code Check}, a {@link NullPointerException}, an index out of bounds) at a boundary where it
 * could otherwise answer and carry on, such as a request processor or a task on its loop.
 *
 * <p>A peer's bad input is not a bug. It gets its typed error (a response code and a remark naming
 * the field) and is never handed here; only what the node's own code got wrong is.
 *
 * <p>The two runtimes keep opposite contracts on purpose:
 * <ul>
 *   <li>Simulation rethrows {@code bug} unchanged, so the run stops at the event where the bug
 *       happened and fails with its seed and replay command. A bug that a caller would otherwise turn
 *       into a {@code SYSTEM_ERROR} answer (which clients retry and a checker allows) is thus never
 *       hidden from a scenario.</li>
 *   <li>Production logs the stack trace once per distinct site (exception class and the frame that
 *       threw), counts later occurrences, and returns, so the caller can answer {@code SYSTEM_ERROR}
 *       and the node keeps serving whatever does not depend on the broken part.</li>
 * </ul>
 * Called on the node's loop.
 */
@FunctionalInterface
public interface BugHandler {

    /**
     * Reports a bug caught while doing {@code what} (for example "processing SEND_MESSAGE_V2 from
     * 10.0.0.7:50112"). Returns only in production.
     */
    void onBug(String what, RuntimeException bug);

    /** The simulation contract: every bug stops the run. */
    BugHandler RETHROW = (what, bug) -> {
        throw bug;
    };
}
