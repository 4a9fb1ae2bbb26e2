package io.petrel.scenarios.history;

/** How a group consumes, which decides what the checker expects of it. */
public enum ConsumerKind {
    /** Push, clustering, concurrent listener: every message once per group (at least). */
    CLUSTERING,
    /** Push, broadcasting: every message to every member. */
    BROADCASTING,
    /** Push, clustering, orderly listener: also per-key and per-queue order. */
    ORDERLY,
    /** Lite pull, clustering: every message once per group, in queue order. */
    LITE_PULL
}
