package io.petrel.toy;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.env.Node;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The toy log server. Appends are written at once and acknowledged only when a force that started
 * after them completes; appends that arrive while a force is in flight wait for the next one, so
 * one force covers many appends (group commit). A failed force answers the appends it covered with
 * an error: they are never acknowledged. On start it recovers by scanning records until the first
 * one that does not decode (a torn or never-written tail).
 *
 * <p>Single-threaded on its node's loop. A crash loses nothing acknowledged: acknowledged bytes
 * were forced.
 */
public final class ToyServer implements Node {

    public static final int DEFAULT_PORT = 7000;

    /** Lies a server can be made to tell, for tests that prove the fault checks catch them. */
    public enum Sabotage {
        NONE,
        /** Acknowledge appends as soon as they are written, before any force. */
        ACK_BEFORE_FORCE,
        /** Acknowledge the appends a failed force covered, as if it had succeeded. */
        ACK_DESPITE_FAILED_FORCE
    }

    private record Pending(Connection connection, long id, long offset, long end) {
    }

    private final Env env;
    private final Address listenAddress;
    private final String path;
    private final long logBytes;
    private final Sabotage sabotage;
    private final ArrayDeque<Pending> awaitingForce = new ArrayDeque<>();
    private DiskFile log;
    private Listener listener;
    private long writePosition;
    private boolean forceInFlight;
    private long recoveredRecords;
    private long acknowledged;
    private long forces;

    public ToyServer(Env env, Address listenAddress, String path, long logBytes) {
        this(env, listenAddress, path, logBytes, Sabotage.NONE);
    }

    /** {@code sabotage} other than {@link Sabotage#NONE} is for tests only. */
    public ToyServer(Env env, Address listenAddress, String path, long logBytes, Sabotage sabotage) {
        this.env = env;
        this.listenAddress = listenAddress;
        this.path = path;
        this.logBytes = logBytes;
        this.sabotage = sabotage;
    }

    /**
     * Opens and recovers the log, or creates it; a new log's name is made durable by a directory
     * sync before the server listens, so nothing is acknowledged in a file a power loss could
     * unname. A failed sync ends the process: a restart finds no file or an empty one and tries again.
     */
    @Override
    public void start() {
        if (env.disk().exists(path)) {
            log = env.disk().open(path);
            recover();
            listen();
            return;
        }
        log = env.disk().create(path, logBytes);
        env.disk().syncDirectory(DiskPaths.parent(path), failure -> {
            if (failure != null) {
                env.log().error("cannot make the new log {} durable: {}", path, failure.getMessage());
                env.exit().exit(3, "directory sync failed");
                return;
            }
            listen();
        });
    }

    private void listen() {
        listener = env.network().listen(listenAddress, this::onAccept);
        env.log().info("toy server on {} with log tail at {} ({} records recovered)",
                listener.address(), writePosition, recoveredRecords);
    }

    /** The address it listens on, or null before its log is ready. */
    public Address address() {
        return listener == null ? null : listener.address();
    }

    public long writePosition() {
        return writePosition;
    }

    public long acknowledged() {
        return acknowledged;
    }

    public long forces() {
        return forces;
    }

    /** Scans records from the start; the first one that does not decode is the torn or unwritten tail. */
    private void recover() {
        long position = 0;
        ByteBuffer lengthField = ByteBuffer.allocate(4);
        while (position + ToyRecordFormat.HEADER_BYTES <= log.size()) {
            lengthField.clear();
            log.read(position, lengthField);
            int length = lengthField.getInt(0);
            if (length < ToyRecordFormat.HEADER_BYTES || position + length > log.size()) {
                break;
            }
            ByteBuffer record = ByteBuffer.allocate(length);
            log.read(position, record);
            if (ToyRecordFormat.decode(record.flip(), 0, position) == null) {
                break;
            }
            position += length;
            recoveredRecords++;
        }
        writePosition = position;
    }

    private ConnectionHandler onAccept(Connection connection) {
        return new ConnectionHandler() {
            @Override
            public void onFrame(Connection c, ByteBuffer frame) {
                handle(c, frame);
            }

            @Override
            public void onClose(Connection c, CloseCause cause) {
                awaitingForce.removeIf(p -> p.connection == c);
            }
        };
    }

    private void handle(Connection c, ByteBuffer frame) {
        if (frame.remaining() < 9) {
            env.log().warn("closing {}: frame of {} bytes is too short", c.remoteAddress(), frame.remaining());
            c.close();
            return;
        }
        byte type = frame.get();
        long id = frame.getLong();
        switch (type) {
            case ToyProtocol.APPEND -> append(c, id, frame.slice());
            case ToyProtocol.READ -> read(c, id, frame.getLong(), frame.getInt());
            default -> c.send(ToyProtocol.error(id, "unknown frame type " + type));
        }
    }

    private void append(Connection c, long id, ByteBuffer record) {
        int length = record.remaining();
        if (ToyRecordFormat.decode(record, 0, 0) == null || record.getInt(0) != length) {
            c.send(ToyProtocol.error(id, "malformed record"));
            return;
        }
        if (writePosition + length + ToyRecordFormat.HEADER_BYTES > logBytes) {
            c.send(ToyProtocol.error(id, "log full at " + writePosition));
            return;
        }
        try {
            log.write(writePosition, record);
        } catch (DiskException e) {
            c.send(ToyProtocol.error(id, "write failed: " + e.getMessage()));
            return;
        }
        if (sabotage == Sabotage.ACK_BEFORE_FORCE) {
            acknowledged++;
            c.send(ToyProtocol.ack(id, writePosition));
            writePosition += length;
            return;
        }
        awaitingForce.addLast(new Pending(c, id, writePosition, writePosition + length));
        writePosition += length;
        maybeForce();
    }

    private void maybeForce() {
        if (forceInFlight || awaitingForce.isEmpty()) {
            return;
        }
        forceInFlight = true;
        long covered = writePosition;
        log.force(failure -> onForced(covered, failure));
    }

    private void onForced(long covered, DiskException failure) {
        forceInFlight = false;
        forces++;
        while (!awaitingForce.isEmpty() && awaitingForce.peekFirst().end <= covered) {
            Pending p = awaitingForce.removeFirst();
            if (failure == null || sabotage == Sabotage.ACK_DESPITE_FAILED_FORCE) {
                acknowledged++;
                p.connection.send(ToyProtocol.ack(p.id, p.offset));
            } else {
                p.connection.send(ToyProtocol.error(p.id, "force failed: " + failure.getMessage()));
            }
        }
        if (failure != null) {
            env.log().warn("force failed; appends up to {} answered with an error: {}", covered, failure.getMessage());
        }
        maybeForce();
    }

    private void read(Connection c, long id, long from, int maxBytes) {
        if (from < 0 || from > writePosition || maxBytes <= 0) {
            c.send(ToyProtocol.error(id, "bad read from " + from + " of " + maxBytes));
            return;
        }
        int length = (int) Math.min(Math.min(maxBytes, 1 << 20), writePosition - from);
        ByteBuffer data = ByteBuffer.allocate(length);
        log.read(from, data);
        data.flip();
        int whole = 0;
        ToyRecordFormat.Entry entry;
        while ((entry = ToyRecordFormat.decode(data, whole, from + whole)) != null) {
            whole += ToyRecordFormat.HEADER_BYTES + entry.payload().length;
        }
        c.send(ToyProtocol.readResult(id, writePosition, data.limit(whole)));
    }

    @Override
    public void shutdown(Runnable done) {
        if (listener != null) {
            listener.close();
        }
        log.force(failure -> {
            log.close();
            done.run();
        });
    }
}
