package io.petrel.env;

/**
 * Where a node writes its log lines.
 *
 * <p>In simulation the lines go into the run's event log, stamped with virtual time and the node's
 * name, so {@code bin/replay} can show them in order with every other event. In production they
 * go to the node's log file. Messages use {@code {}} placeholders, filled in order from the
 * arguments; a trailing {@link Throwable} argument is logged with its stack trace.
 */
public interface NodeLog {

    boolean isDebugEnabled();

    void debug(String message, Object... args);

    void info(String message, Object... args);

    void warn(String message, Object... args);

    void error(String message, Object... args);

    /**
     * Marks that a rare but expected path ran (a coverage probe: abnormal recovery, a torn tail
     * truncated, a queue handed over after a crash, ...). Simulation campaigns count them and fail
     * when a probe never fires, which shows the faults reach the code they are meant to test.
     * Production ignores probes; names are short kebab-case words and listed in
     * {@code io.petrel.scenarios.fuzz.Probes}.
     */
    default void probe(String point) {
        // Counted only by simulation runtimes.
    }
}
