package io.petrel.sim;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The run's readable history: node log lines always go to a bounded ring (printed when a run
 * fails), and, when a sink is attached (by {@code bin/replay}), every event and line is written
 * to it as it happens, optionally filtered by node.
 */
public final class EventLog {

    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private final int recentLimit;
    private PrintStream sink;
    private Predicate<String> nodeFilter = node -> true;
    private boolean eventsToSink;
    private boolean debug;
    private final List<LineWatcher> watchers = new ArrayList<>();

    /** Sees every node log line as it is written (before any filter), for checks on what nodes log. */
    @FunctionalInterface
    public interface LineWatcher {
        void onLine(String node, String level, String text);
    }

    EventLog(int recentLimit) {
        this.recentLimit = recentLimit;
    }

    /** Streams lines (and, if {@code withEvents}, every event) to {@code out}. */
    public EventLog attach(PrintStream out, boolean withEvents) {
        this.sink = out;
        this.eventsToSink = withEvents;
        return this;
    }

    /** Keeps only lines of nodes accepted by the filter ("sim" for simulator lines). */
    public EventLog filter(Predicate<String> nodes) {
        this.nodeFilter = nodes;
        return this;
    }

    /**
     * Adds a watcher of every log line: a test or a fuzzer that requires, for example, that no node
     * logs at ERROR for a peer's bad input.
     */
    public EventLog watch(LineWatcher watcher) {
        watchers.add(watcher);
        return this;
    }

    public EventLog debug(boolean enabled) {
        this.debug = enabled;
        return this;
    }

    boolean isDebug() {
        return debug;
    }

    boolean wantsEvents() {
        return eventsToSink;
    }

    void event(long timeNanos, String node, int kind, long detail, String text) {
        if (sink != null && eventsToSink && nodeFilter.test(node)) {
            sink.println(format(timeNanos, node, EventKind.name(kind), text.isEmpty() ? "#" + Long.toHexString(detail) : text));
        }
    }

    void line(long timeNanos, String node, String level, String text) {
        for (LineWatcher w : watchers) {
            w.onLine(node, level, text);
        }
        String formatted = format(timeNanos, node, level, text);
        if (recent.size() == recentLimit) {
            recent.removeFirst();
        }
        recent.addLast(formatted);
        if (sink != null && nodeFilter.test(node)) {
            sink.println(formatted);
        }
    }

    /** The most recent log lines, oldest first. */
    public List<String> recent() {
        return new ArrayList<>(recent);
    }

    static String format(long timeNanos, String node, String what, String text) {
        return String.format(Locale.ROOT, "%14.6f %-12s %-14s %s", timeNanos / 1e9, node, what, text);
    }
}
