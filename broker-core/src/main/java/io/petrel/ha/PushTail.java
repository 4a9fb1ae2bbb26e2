package io.petrel.ha;

import io.petrel.remoting.Required;

/**
 * Petrel's one request beyond RocketMQ's protocol: a slave hands its master back the commit-log tail
 * the master lost (a power loss under ASYNC_FLUSH) while the master waits for it after an abnormal
 * restart (see {@link HaRecovery}). Header: the commit-log offset of the first byte; body: the raw
 * bytes, at most {@link #MAX_BYTES}. A master that is not waiting, or whose log does not end at that
 * offset, refuses it; an Apache master answers REQUEST_CODE_NOT_SUPPORTED, and the slave then drops
 * the tail instead (the master will never have it).
 */
public final class PushTail {

    /** Outside RocketMQ's codes (4.9 uses up to the 300s, 5.x stays below 30000). */
    public static final int REQUEST_CODE = 30_001;

    /** The most one push carries. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** The request header. */
    public record Header(@Required Long offset) {
    }

    private PushTail() {
    }
}
