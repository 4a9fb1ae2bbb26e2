package io.petrel.scenarios.world;

/**
 * A NameServer, broker or client of a {@link World}, as a fault scenario drives it. A world that
 * cannot inflict a fault on its nodes (a real process cannot lose power on demand) throws
 * {@link UnsupportedOperationException} naming the fault and the node, so that a campaign asking for
 * it fails at once instead of running without it.
 *
 * <p>Transitions: {@code DOWN → RUNNING} ({@link #start}); {@code RUNNING ⇄ PAUSED} ({@link #pause},
 * {@link #resume}); {@code RUNNING or PAUSED → DOWN} ({@link #kill}, {@link #powerLoss}, and
 * {@link #shutdown}, which may take a while to get there).
 */
public interface WorldNode {

    enum State { DOWN, RUNNING, PAUSED }

    String name();

    State state();

    default boolean isUp() {
        return state() != State.DOWN;
    }

    /** Ends the process at once, as {@code kill -9}: what it wrote stays in the page cache. */
    void kill();

    /** Its machine loses power: what no force covered is lost. */
    void powerLoss();

    /** A graceful stop, as {@code bin/mqshutdown} (SIGTERM). */
    void shutdown();

    /** Starts the node again, onto the store it had. */
    void start();

    /** Freezes the process (SIGSTOP, a long GC pause): it keeps its connections and answers nothing. */
    void pause();

    /** Lets a paused process run again (SIGCONT). */
    void resume();
}
