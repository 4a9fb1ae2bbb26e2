package io.petrel.sim;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import java.util.ArrayDeque;

/**
 * What every side of a simulated connection has, framed ({@link SimConnection}) or byte stream
 * ({@link SimStreamConnection}): its owner incarnation, addresses, peer, and the close state
 * machine that {@link SimNetwork}'s fault model drives.
 *
 * <p>States: open, then closed exactly once, by one of a local close (reported later on the
 * loop), the peer's FIN arriving (reported at once, after the bytes before it), a reset (reported
 * after one latency), or the owner's crash (never reported). The two sides share nothing but
 * references to each other; every crossing of the wire goes through {@link SimNetwork}.
 */
abstract class SimSide {

    /** Marks the orderly close in what a side sends, so it arrives after everything before it. */
    static final Object FIN = new Object();

    final SimNetwork net;
    final SimNode owner;
    final int incarnation;
    final long id;
    final Address local;
    final Address remote;
    SimSide peer;
    /** This side can still send and receive. */
    boolean open = true;
    /** onClose has been delivered or scheduled; never twice. */
    boolean closeScheduled;
    /** Something this side sent was lost: the connection is doomed to be reset. */
    boolean broken;
    /** Arrival time of the last thing this side sent, to keep the direction FIFO. */
    long lastArrivalNanos;
    /** What this side sent (frames or chunks, and FIN) waiting on a clogged link, in order. */
    final ArrayDeque<Object> clogged = new ArrayDeque<>();

    SimSide(SimNetwork net, SimNode owner, int incarnation, long id, Address local, Address remote) {
        this.net = net;
        this.owner = owner;
        this.incarnation = incarnation;
        this.id = id;
        this.local = local;
        this.remote = remote;
    }

    /** True for a byte stream: its latencies come from the stream's own random streams. */
    abstract boolean carriesStream();

    /** Hands the close to the handler, if one is attached. */
    abstract void notifyClosed(CloseCause cause);

    /** True when this side's process incarnation is still the running one. */
    final boolean ownerAlive() {
        return owner.isUp() && owner.incarnation() == incarnation;
    }

    /** Closes this side now and reports the cause later on the loop. */
    final void closeLocally(CloseCause cause) {
        open = false;
        scheduleCloseReport(0, cause);
    }

    /** Reports a close to this side's handler after {@code delayNanos}, once. */
    final void scheduleCloseReport(long delayNanos, CloseCause cause) {
        if (closeScheduled) {
            return;
        }
        closeScheduled = true;
        net.sim().enqueue(net.sim().nowNanos() + delayNanos, owner, incarnation, EventKind.CLOSE,
                cause.kind().ordinal(), () -> {
                    open = false;
                    net.forget(this);
                    notifyClosed(cause);
                });
    }

    /** The peer's orderly close arrived, after everything it sent before. */
    final void deliverFin() {
        if (open && !closeScheduled) {
            open = false;
            closeScheduled = true;
            net.forget(this);
            notifyClosed(CloseCause.of(CloseCause.Kind.PEER_CLOSED, ""));
        }
    }

    /** The connection was reset: nothing this side still holds will be sent. */
    void onReset() {
        broken = true;
        clogged.clear();
    }

    /** True while a closed side still has something to put on the wire; it then stays live. */
    abstract boolean holdsUnsent();

    /** The owner's process stopped gracefully: this side closes in an orderly way, unreported. */
    abstract void onOwnerStopped();

    /** The process died: this side vanishes with no callbacks. */
    void vanish() {
        open = false;
        closeScheduled = true;
        clogged.clear();
    }
}
