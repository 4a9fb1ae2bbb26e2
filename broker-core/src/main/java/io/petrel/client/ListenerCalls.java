package io.petrel.client;

/**
 * The listener calls a consume service has running, and its shutdown drain, shared by the
 * concurrent and the orderly service. Once draining, the service starts no new call; the drain's
 * continuation runs once: when the last running call answers, or after
 * {@code awaitTerminationMillisWhenShutdown} with a warning naming how many were still running
 * (their messages are not committed, so they are delivered again).
 */
final class ListenerCalls {

    private final PushContext context;
    private final String what;
    private int inFlight;
    private boolean draining;
    private Runnable drained;

    /** {@code what} names the calls in the shutdown warning ("listener calls", "orderly batches"). */
    ListenerCalls(PushContext context, String what) {
        this.context = context;
        this.what = what;
    }

    int inFlight() {
        return inFlight;
    }

    boolean draining() {
        return draining;
    }

    void started() {
        inFlight++;
    }

    /**
     * A call answered. Returns whether the service may start more: false while draining, when the
     * last answer runs the drain's continuation instead.
     */
    boolean finished() {
        inFlight--;
        if (!draining) {
            return true;
        }
        if (inFlight == 0 && drained != null) {
            Runnable done = drained;
            drained = null;
            done.run();
        }
        return false;
    }

    /** Starts the drain; {@code discardWaiting} forgets what was queued for the listener first. */
    void drain(Runnable discardWaiting, Runnable done) {
        draining = true;
        discardWaiting.run();
        if (inFlight == 0) {
            done.run();
            return;
        }
        drained = done;
        long awaitMs = context.config().awaitTerminationMillisWhenShutdown();
        context.env().scheduler().schedule(awaitMs, () -> {
            if (drained != null) {
                context.log().warn("shutdown: {} {} still running after {} ms; their messages will be delivered again",
                        inFlight, what, awaitMs);
                Runnable waitingDone = drained;
                drained = null;
                waitingDone.run();
            }
        });
    }
}
