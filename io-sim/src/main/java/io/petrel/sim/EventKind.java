package io.petrel.sim;

/**
 * The kinds of simulator events, folded into the trace hash and shown in the event log. Plain
 * int codes: they are part of the trace hash, so they must never be renumbered casually.
 */
final class EventKind {

    static final int TASK = 1;
    static final int TIMER = 2;
    static final int ACCEPT = 3;
    static final int CONNECTED = 4;
    static final int CONNECT_FAILED = 5;
    static final int FRAME = 6;
    static final int CLOSE = 7;
    static final int FORCE = 8;
    static final int DIR_SYNC = 9;
    static final int FAULT = 10;
    static final int LIFECYCLE = 11;
    static final int DRIVER = 12;
    /** Bytes of a byte stream arriving (one chunk, maybe read with later ones). */
    static final int STREAM_BYTES = 13;
    /** A byte stream's backlog drained: its writer may send again. */
    static final int WRITABLE = 14;

    private static final String[] NAMES = {
        "?", "task", "timer", "accept", "connected", "connect-failed", "frame", "close", "force",
        "dir-sync", "fault", "lifecycle", "driver",
        "stream-bytes", "writable"
    };

    private EventKind() {
    }

    static String name(int kind) {
        return kind > 0 && kind < NAMES.length ? NAMES[kind] : "kind-" + kind;
    }
}
