package io.petrel.sim;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Network;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One side of a simulated connection. The two sides share nothing but references to each other;
 * every crossing of the wire goes through {@link SimNetwork}, which applies latency and faults.
 */
final class SimConnection implements Connection {

    /** Marks the orderly close in the stream of frames, so it arrives after them. */
    static final Object FIN = new Object();

    final SimNetwork net;
    final SimNode owner;
    final int incarnation;
    final long id;
    final Address local;
    final Address remote;
    SimConnection peer;
    ConnectionHandler handler;
    /** This side can still send and receive. */
    boolean open = true;
    /** onClose has been delivered or scheduled; never twice. */
    boolean closeScheduled;
    /** A frame this side sent was lost: the connection is doomed to be reset. */
    boolean broken;
    /** Arrival time of the last frame this side sent, to keep the direction FIFO. */
    long lastArrivalNanos;
    /** Frames (and FIN) waiting on a clogged link, in order. */
    final ArrayDeque<Object> clogged = new ArrayDeque<>();

    SimConnection(SimNetwork net, SimNode owner, int incarnation, long id, Address local, Address remote) {
        this.net = net;
        this.owner = owner;
        this.incarnation = incarnation;
        this.id = id;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Address localAddress() {
        return local;
    }

    @Override
    public Address remoteAddress() {
        return remote;
    }

    @Override
    public boolean send(ByteBuffer frame) {
        if (!open) {
            return false;
        }
        if (frame.remaining() > Network.MAX_FRAME_PAYLOAD_BYTES) {
            closeLocally(CloseCause.of(CloseCause.Kind.FRAME_TOO_LARGE,
                    "frame of " + frame.remaining() + " bytes exceeds " + Network.MAX_FRAME_PAYLOAD_BYTES));
            net.transmit(this, FIN);
            return false;
        }
        net.transmit(this, frame.slice());
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        closeLocally(CloseCause.of(CloseCause.Kind.LOCAL_CLOSE, ""));
        net.transmit(this, FIN);
    }

    /** Closes this side now and reports the cause later on the loop. */
    void closeLocally(CloseCause cause) {
        open = false;
        scheduleCloseReport(0, cause);
    }

    /** Reports a close to this side's handler after {@code delayNanos}, once. */
    void scheduleCloseReport(long delayNanos, CloseCause cause) {
        if (closeScheduled) {
            return;
        }
        closeScheduled = true;
        net.sim().enqueue(net.sim().nowNanos() + delayNanos, owner, incarnation, EventKind.CLOSE,
                cause.kind().ordinal(), () -> {
                    open = false;
                    net.forget(this);
                    if (handler != null) {
                        handler.onClose(this, cause);
                    }
                });
    }

    /** The peer's data arrived. */
    void deliver(ByteBuffer frame) {
        if (open && handler != null) {
            handler.onFrame(this, frame);
        }
    }

    /** The peer's orderly close arrived. */
    void deliverFin() {
        if (open && !closeScheduled) {
            open = false;
            closeScheduled = true;
            net.forget(this);
            if (handler != null) {
                handler.onClose(this, CloseCause.of(CloseCause.Kind.PEER_CLOSED, ""));
            }
        }
    }

    /** The process died: this side vanishes with no callbacks. */
    void vanish() {
        open = false;
        closeScheduled = true;
        clogged.clear();
    }

    @Override
    public String toString() {
        return "conn#" + id + " " + local + "->" + remote;
    }
}
