package io.petrel.toy;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Node;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A toy writer: appends records 1..{@code records} for its writer id, one every
 * {@code intervalMs}, at most {@code window} unacknowledged at a time. It resends whatever was not
 * acknowledged after an error, a broken connection, or two seconds without progress, so the log
 * may hold duplicates but every record is eventually acknowledged once the world heals.
 */
public final class ToyWriter implements Node {

    private static final long CONNECT_TIMEOUT_MS = 1_000;
    private static final long RECONNECT_DELAY_MS = 100;
    private static final long STALL_LIMIT_NANOS = 2_000_000_000L;

    /** Told of every acknowledgement, so a history can outlive the writer's process. */
    @FunctionalInterface
    public interface AckListener {
        void onAck(long writerId, long sequence, long offset);
    }

    private final Env env;
    private final AckListener ackListener;
    private final Address server;
    private final long writerId;
    private final long records;
    private final int window;
    private final long intervalMs;
    private final TreeSet<Long> acked = new TreeSet<>();
    private final Map<Long, Long> inflightByRequest = new LinkedHashMap<>();
    private final ArrayDeque<Long> toSend = new ArrayDeque<>();
    private long nextNew = 1;
    private long nextRequestId = 1;
    private long lastProgressNanos;
    private Connection connection;
    private boolean connecting;
    private boolean stopped;
    private long errors;

    public ToyWriter(Env env, Address server, long writerId, long records, int window, long intervalMs,
            AckListener ackListener) {
        this.env = env;
        this.ackListener = ackListener;
        this.server = server;
        this.writerId = writerId;
        this.records = records;
        this.window = window;
        this.intervalMs = intervalMs;
    }

    /** Sequences the server acknowledged; a copy. */
    public TreeSet<Long> acked() {
        return new TreeSet<>(acked);
    }

    public long writerId() {
        return writerId;
    }

    public boolean finished() {
        return acked.size() == records;
    }

    public long errors() {
        return errors;
    }

    @Override
    public void start() {
        lastProgressNanos = env.clock().nanoTime();
        connect();
        tick();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (nextNew <= records && toSend.size() + inflightByRequest.size() < window) {
            toSend.addLast(nextNew++);
        }
        pump();
        if (connection != null && !inflightByRequest.isEmpty()
                && env.clock().nanoTime() - lastProgressNanos > STALL_LIMIT_NANOS) {
            env.log().info("no progress for 2 s; reconnecting");
            connection.close();
        }
        env.scheduler().schedule(Math.max(1, intervalMs), this::tick);
    }

    private void connect() {
        if (connecting || stopped) {
            return;
        }
        connecting = true;
        env.network().connect(server, CONNECT_TIMEOUT_MS, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                connecting = false;
                connection = c;
                lastProgressNanos = env.clock().nanoTime();
                pump();
                return new Handler();
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                connecting = false;
                env.scheduler().schedule(RECONNECT_DELAY_MS, ToyWriter.this::connect);
            }
        });
    }

    private void pump() {
        while (connection != null && !toSend.isEmpty()) {
            long seq = toSend.removeFirst();
            if (acked.contains(seq)) {
                continue;
            }
            long id = nextRequestId++;
            inflightByRequest.put(id, seq);
            ByteBuffer record = ToyRecordFormat.encode(writerId, seq, ToyRecordFormat.payloadFor(writerId, seq));
            connection.send(ToyProtocol.append(id, record));
        }
    }

    /** Everything sent on a lost connection goes back to the front of the queue, in order. */
    private void requeueInflight() {
        ArrayDeque<Long> again = new ArrayDeque<>(inflightByRequest.values());
        inflightByRequest.clear();
        again.addAll(toSend);
        toSend.clear();
        toSend.addAll(again);
    }

    private final class Handler implements ConnectionHandler {
        @Override
        public void onFrame(Connection c, ByteBuffer frame) {
            byte type = frame.get();
            long id = frame.getLong();
            Long seq = inflightByRequest.remove(id);
            if (seq == null) {
                return;
            }
            if (type == ToyProtocol.ACK) {
                acked.add(seq);
                ackListener.onAck(writerId, seq, frame.getLong());
                lastProgressNanos = env.clock().nanoTime();
            } else {
                errors++;
                byte[] reason = new byte[frame.remaining()];
                frame.get(reason);
                env.log().debug("append {} refused: {}", seq, new String(reason, StandardCharsets.UTF_8));
                toSend.addLast(seq);
            }
        }

        @Override
        public void onClose(Connection c, CloseCause cause) {
            if (connection == c) {
                connection = null;
                requeueInflight();
                env.scheduler().schedule(RECONNECT_DELAY_MS, ToyWriter.this::connect);
            }
        }
    }

    @Override
    public void shutdown(Runnable done) {
        stopped = true;
        if (connection != null) {
            connection.close();
        }
        done.run();
    }
}
