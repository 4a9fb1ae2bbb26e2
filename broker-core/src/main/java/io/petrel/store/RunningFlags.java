package io.petrel.store;

import io.petrel.common.Check;
import java.util.Locale;

/**
 * Why the store refuses writes, if it does (RocketMQ's {@code RunningFlags}, with reasons instead of
 * bits). Each flag is set and cleared by the part that knows: the disk-space monitor, the commit-log
 * flush service, the dispatcher, the lifecycle, and {@link StoreGuard} when the store's own code
 * failed.
 *
 * <p>Lifecycle transitions: {@code STARTING -> SERVING -> SHUTTING_DOWN -> STOPPED}, and
 * {@code STARTING -> FAILED} when the files cannot be used, {@code SERVING -> FAILED} when the disk
 * refused a change halfway (a slave's cut of its log) so that what the store holds in memory no
 * longer matches its files: it then serves nothing and the broker exits for recovery to rebuild.
 */
final class RunningFlags {

    /** The store's lifecycle. */
    enum State { STARTING, SERVING, SHUTTING_DOWN, STOPPED, FAILED }

    private State state = State.STARTING;
    private String diskFull;
    private String flushFailure;
    private String dispatchStall;
    private String broken;
    private String heldForReplica;

    State state() {
        return state;
    }

    void moveTo(State next) {
        Check.state(allowed(state, next), "store cannot go from {} to {}", state, next);
        state = next;
    }

    private static boolean allowed(State from, State to) {
        return switch (from) {
            case STARTING -> to == State.SERVING || to == State.FAILED || to == State.SHUTTING_DOWN;
            case SERVING -> to == State.SHUTTING_DOWN || to == State.FAILED;
            case SHUTTING_DOWN -> to == State.STOPPED;
            case STOPPED, FAILED -> false;
        };
    }

    void setDiskFull(String reason) {
        diskFull = reason;
    }

    boolean isDiskFull() {
        return diskFull != null;
    }

    void setFlushFailure(String reason) {
        flushFailure = reason;
    }

    void setDispatchStall(String reason) {
        dispatchStall = reason;
    }

    /**
     * The store's own code failed ({@link StoreGuard}); writes stay refused until a restart. Returns
     * whether this is the first such failure (the one to log).
     */
    boolean setBroken(String reason) {
        if (broken != null) {
            return false;
        }
        broken = reason;
        return true;
    }

    /** Null when puts are accepted, otherwise the reason for SERVICE_NOT_AVAILABLE. */
    String whyNotWriteable() {
        if (broken != null) {
            return "the message store refuses writes since its own code failed (" + broken + "); restart the broker";
        }
        if (state != State.SERVING) {
            return "message store is " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        if (flushFailure != null) {
            return "the last commit-log force failed (" + flushFailure + "); writes are refused until a force succeeds";
        }
        if (diskFull != null) {
            return diskFull;
        }
        if (heldForReplica != null) {
            return heldForReplica;
        }
        if (dispatchStall != null) {
            return "consume queue dispatch is stalled (" + dispatchStall + ")";
        }
        return null;
    }

    /** Replication holds client writes (a master waiting for the tail its slave holds); null releases. */
    void setHeldForReplica(String reason) {
        heldForReplica = reason;
    }

    boolean isReadable() {
        return state == State.SERVING || state == State.SHUTTING_DOWN;
    }
}
