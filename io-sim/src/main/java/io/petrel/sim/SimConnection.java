package io.petrel.sim;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Network;
import java.nio.ByteBuffer;

/**
 * One side of a simulated framed connection: each send crosses the wire as one whole frame. The
 * close state machine and the fault model are {@link SimSide}'s and {@link SimNetwork}'s.
 */
final class SimConnection extends SimSide implements Connection {

    ConnectionHandler handler;

    SimConnection(SimNetwork net, SimNode owner, int incarnation, long id, Address local, Address remote) {
        super(net, owner, incarnation, id, local, remote);
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

    @Override
    boolean carriesStream() {
        return false;
    }

    @Override
    void notifyClosed(CloseCause cause) {
        if (handler != null) {
            handler.onClose(this, cause);
        }
    }

    /**
     * Always false: a framed side is forgotten as soon as it closes, so frames and a FIN it left
     * on a clogged link are never delivered after heal. Kept as it is because fixing it would
     * change the trace of every existing scenario where it happens; streams do not share it.
     */
    @Override
    boolean holdsUnsent() {
        return false;
    }

    @Override
    void onOwnerStopped() {
        if (open) {
            open = false;
            net.transmit(this, FIN);
        }
        vanish();
    }

    /** The peer's frame arrived. */
    void deliver(ByteBuffer frame) {
        if (open && handler != null) {
            handler.onFrame(this, frame);
        }
    }

    @Override
    public String toString() {
        return "conn#" + id + " " + local + "->" + remote;
    }
}
