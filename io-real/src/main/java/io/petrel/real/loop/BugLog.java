package io.petrel.real.loop;

import io.petrel.env.BugHandler;
import io.petrel.env.NodeLog;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Production's {@link BugHandler}: a bug is logged with its stack trace the first time it happens
 * at a site (exception class plus the frame that threw, or that called {@code Check}), then only counted, with a one-line
 * reminder at the 2nd, 4th, 8th, ... occurrence, so a bug on a hot path cannot flood the log
 * while the operator still sees that it keeps happening. The caller carries on (answers
 * SYSTEM_ERROR, or the loop runs its next task).
 *
 * <p>Thread-safe: the loop of its node and, for errors escaping Netty or flush callbacks posted
 * to that loop, nothing else calls it concurrently today, but the map does not rely on that.
 */
public final class BugLog implements BugHandler {

    private static final String CHECK_CLASS = "io.petrel.common.Check";

    private final NodeLog log;
    private final ConcurrentHashMap<String, AtomicLong> countsBySite = new ConcurrentHashMap<>();

    public BugLog(NodeLog log) {
        this.log = log;
    }

    @Override
    public void onBug(String what, RuntimeException bug) {
        report(what, bug);
    }

    /** Logs or counts {@code failure} caught while doing {@code what}; never throws. */
    public void report(String what, Throwable failure) {
        String site = site(failure);
        long count = countsBySite.computeIfAbsent(site, s -> new AtomicLong()).incrementAndGet();
        if (count == 1) {
            log.error("BUG while {}: {} (the stack is logged once per site; later ones are counted)", what,
                    failure.toString(), failure);
        } else if (Long.bitCount(count) == 1) {
            log.error("BUG while {}: {} again, {} times so far at {}", what, failure.toString(), count, site);
        }
    }

    /** How many bugs were reported at the site of {@code failure}'s kind and frame (tests, status). */
    public long count(Throwable failure) {
        AtomicLong count = countsBySite.get(site(failure));
        return count == null ? 0 : count.get();
    }

    /** The exception's class and the first frame that is not the {@code Check} helper itself. */
    static String site(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (!frame.getClassName().equals(CHECK_CLASS)) {
                return failure.getClass().getName() + " at " + frame;
            }
        }
        return failure.getClass().getName();
    }
}
