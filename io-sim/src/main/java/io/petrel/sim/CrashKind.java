package io.petrel.sim;

/** How a node dies. */
public enum CrashKind {
    /** kill -9: the process is gone, the page cache (every written byte) survives. */
    PROCESS,
    /** The machine loses power: only forced bytes and synced names survive; unforced pages tear. */
    POWER_LOSS
}
