package io.petrel.sim;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One side of a simulated byte stream: what this side's process and its kernel hold of the bytes
 * it sends, and how they reach the peer.
 *
 * <p>Sending: {@link #send} queues the bytes in this side's backlog (the process's outbound
 * buffer, counted by {@link #pendingBytes}). The network takes bytes from the backlog while fewer
 * than the send window ({@link SimOptions#streamWindowBytes}) are in flight, that is sent but not
 * yet read by the peer; a paused, clogged or blackholed peer therefore stops taking them, and the
 * backlog grows until the writer waits for {@link StreamHandler#onWritable}. Each piece taken is
 * cut into a random number of chunks at random points ({@link StreamChunker}), each chunk crossing
 * the wire through {@link SimNetwork} with its own latency and faults, never overtaking an earlier
 * one. A close queues a FIN behind the backlog, so the peer reads every byte before the close.
 *
 * <p>Receiving: when a chunk arrives the peer reads it, together with later chunks of this
 * direction that have arrived by then (each merged or not by a coin), in one
 * {@link StreamHandler#onBytes}; so sends are split and merged as a real socket read would, and a
 * reader that assumes a send arrives whole fails in simulation. Reading frees the window. Once
 * the handler returns, the bytes it was given are overwritten, as production reuses its buffers.
 *
 * <p>Crash: the owner's crash drops the backlog with the process (what is already in flight still
 * arrives); a graceful stop keeps it and sends it with a FIN, as a closing socket would. A reset
 * drops the backlog and everything on a clogged link.
 */
final class SimStreamConnection extends SimSide implements StreamConnection {

    /** One chunk on its way to the peer. */
    static final class Chunk {
        final ByteBuffer bytes;
        final long arrivalNanos;
        /**
         * Read together with an earlier chunk: its own arrival event has nothing left to do. The
         * event is left to run rather than cancelled, because a cancelled event at the head of the
         * queue lets {@code Simulator.runFor} run past its deadline (see {@code Simulator.step}).
         */
        boolean consumed;

        Chunk(ByteBuffer bytes, long arrivalNanos) {
            this.bytes = bytes;
            this.arrivalNanos = arrivalNanos;
        }
    }

    /** What delivered bytes are overwritten with once their handler returned. */
    static final byte POISON = (byte) 0xA5;

    private final long windowBytes;
    StreamHandler handler;
    /** Sent bytes (and a FIN) the network has not taken yet, in order. */
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private long backlogBytes;
    /** Bytes taken by the network that the peer has not read yet. */
    private long inFlightBytes;
    /** A send left bytes in the backlog: onWritable is due when it drains. */
    private boolean writableOwed;
    /** Chunks scheduled to arrive at the peer, in arrival order. */
    private final ArrayDeque<Chunk> inTransit = new ArrayDeque<>();

    SimStreamConnection(SimNetwork net, SimNode owner, int incarnation, long id, Address local, Address remote) {
        super(net, owner, incarnation, id, local, remote);
        this.windowBytes = net.sim().options().streamWindowBytes;
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
    public boolean send(ByteBuffer bytes) {
        return send(List.of(bytes));
    }

    @Override
    public boolean send(List<ByteBuffer> parts) {
        if (!open) {
            return false;
        }
        boolean queued = false;
        for (ByteBuffer part : parts) {
            if (part.hasRemaining()) {
                ByteBuffer owned = part.slice();
                backlog.addLast(owned);
                backlogBytes += owned.remaining();
                queued = true;
            }
        }
        if (!queued) {
            return true;
        }
        pump();
        if (backlogBytes > 0) {
            writableOwed = true;
        }
        return true;
    }

    @Override
    public long pendingBytes() {
        return backlogBytes;
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
        backlog.addLast(FIN);
        pump();
    }

    @Override
    boolean carriesStream() {
        return true;
    }

    @Override
    void notifyClosed(CloseCause cause) {
        if (handler != null) {
            handler.onClose(this, cause);
        }
    }

    @Override
    boolean holdsUnsent() {
        return !backlog.isEmpty() || !clogged.isEmpty();
    }

    /** Hands the network what fits in the window, then owes onWritable if the backlog drained. */
    private void pump() {
        while (!backlog.isEmpty()) {
            Object head = backlog.peekFirst();
            if (head == FIN) {
                backlog.pollFirst();
                net.transmit(this, FIN);
                continue;
            }
            long roomBytes = windowBytes - inFlightBytes;
            if (roomBytes <= 0) {
                break;
            }
            ByteBuffer buffer = (ByteBuffer) head;
            int take = (int) Math.min(roomBytes, buffer.remaining());
            ByteBuffer piece = buffer.slice(buffer.position(), take);
            buffer.position(buffer.position() + take);
            if (!buffer.hasRemaining()) {
                backlog.pollFirst();
            }
            backlogBytes -= take;
            inFlightBytes += take;
            for (ByteBuffer chunk : net.chunker().split(piece)) {
                net.transmit(this, chunk);
            }
        }
        if (backlogBytes == 0 && writableOwed) {
            writableOwed = false;
            net.sim().enqueue(net.sim().nowNanos(), owner, incarnation, EventKind.WRITABLE, id, () -> {
                if (open && handler != null) {
                    handler.onWritable(this);
                }
            });
        }
        if (!open && closeScheduled) {
            net.forget(this);
        }
    }

    /** The network put a chunk on the wire towards the peer, due at {@code arrivalNanos}. */
    Chunk addInTransit(ByteBuffer bytes, long arrivalNanos) {
        Chunk chunk = new Chunk(bytes, arrivalNanos);
        inTransit.addLast(chunk);
        return chunk;
    }

    /** Peer's loop: one of this side's chunks arrived; the peer reads it and maybe later ones. */
    void arrive(Chunk chunk) {
        if (chunk.consumed) {
            return;
        }
        Chunk head = inTransit.pollFirst();
        if (head != chunk) {
            throw new IllegalStateException("stream " + this + ": a chunk arrived out of order");
        }
        List<ByteBuffer> read = new ArrayList<>();
        read.add(chunk.bytes);
        long nowNanos = net.sim().nowNanos();
        while (!inTransit.isEmpty() && inTransit.peekFirst().arrivalNanos <= nowNanos && net.chunker().mergeNext()) {
            Chunk next = inTransit.pollFirst();
            next.consumed = true;
            read.add(next.bytes);
        }
        ByteBuffer bytes = StreamChunker.concat(read);
        int length = bytes.remaining();
        net.countStreamBytesDelivered(length);
        ((SimStreamConnection) peer).deliver(bytes);
        inFlightBytes -= length;
        pump();
    }

    /** Bytes arrived for this side; read only while it is open. */
    private void deliver(ByteBuffer bytes) {
        if (open && handler != null) {
            handler.onBytes(this, bytes);
        }
        poison(bytes);
    }

    /**
     * The bytes were the handler's only during {@code onBytes} (production reuses the buffer): they
     * are overwritten, so a handler that kept them instead of copying reads garbage and fails here.
     * The buffer is the sender's, handed over with its send, or the joined copy of several chunks.
     */
    private static void poison(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), bytes.arrayOffset(), bytes.arrayOffset() + bytes.limit(), POISON);
        } else if (!bytes.isReadOnly()) {
            for (int i = 0; i < bytes.limit(); i++) {
                bytes.put(i, POISON);
            }
        }
    }

    @Override
    void onReset() {
        super.onReset();
        dropBacklog();
    }

    @Override
    void vanish() {
        super.vanish();
        dropBacklog();
    }

    private void dropBacklog() {
        backlog.clear();
        backlogBytes = 0;
        writableOwed = false;
    }

    /** The owner stopped gracefully: the backlog still goes out, then a FIN; nothing is reported. */
    @Override
    void onOwnerStopped() {
        closeScheduled = true;
        if (open) {
            open = false;
            backlog.addLast(FIN);
            pump();
        }
    }

    @Override
    public String toString() {
        return "stream#" + id + " " + local + "->" + remote;
    }
}
