package io.petrel.acl;

import io.petrel.env.Address;
import io.petrel.env.Env;

/**
 * Logs refused requests at WARN, at most {@value #LINES_PER_WINDOW} lines per
 * {@value #WINDOW_MS} ms, then one line counting the rest: a client that hammers the broker
 * unsigned (or a scanner) must not fill the disk with log lines. Uses the node's monotonic clock.
 */
final class RefusalLog {

    static final int LINES_PER_WINDOW = 100;
    static final long WINDOW_MS = 60_000;

    private final Env env;
    private long windowStartNanos;
    private boolean started;
    private int logged;
    private long suppressed;

    RefusalLog(Env env) {
        this.env = env;
    }

    void onRefused(String request, Address from, String reason) {
        long now = env.clock().nanoTime();
        if (!started || now - windowStartNanos >= WINDOW_MS * 1_000_000L) {
            if (suppressed > 0) {
                env.log().warn("ACL refused {} more requests in the last {} ms without logging each", suppressed, WINDOW_MS);
            }
            started = true;
            windowStartNanos = now;
            logged = 0;
            suppressed = 0;
        }
        if (logged < LINES_PER_WINDOW) {
            logged++;
            env.log().warn("ACL refused {} from {}: {}", request, from, reason);
        } else {
            suppressed++;
        }
    }
}
