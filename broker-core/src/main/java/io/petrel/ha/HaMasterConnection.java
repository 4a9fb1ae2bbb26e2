package io.petrel.ha;

import io.petrel.env.Cancellable;
import io.petrel.env.CloseCause;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import io.petrel.store.MessageStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The master's end of one slave's replication stream (RocketMQ's {@code HAConnection}): reads the
 * slave's reports, streams the commit log to it from where its first report says, and keeps what
 * this connection proves for the SYNC_MASTER's acknowledgements.
 *
 * <p>States: WAITING for the first report, then STREAMING from {@link #start()}; CLOSED at the end.
 * The first report is only a claim ("I hold the log up to here"); an acknowledgement counts only for
 * bytes this connection actually sent (see {@link #acknowledges}), so a peer that reports made-up
 * offsets (apache/rocketmq#3015, #1155) cannot acknowledge anything. A report beyond what was sent
 * closes the connection.
 *
 * <p>Flow control: at most {@link #WINDOW_BYTES} wait unsent in the connection; more is sent when
 * it drains ({@code onWritable}), when the log grows, after a report and on the heartbeat timer.
 * Each send carries as many transfers as {@link #SEND_BODY_BYTES} of log allows, each of at most
 * {@code haTransferBatchSize} bytes and never across a file end, as RocketMQ's master sends them;
 * the bytes on the stream are the same as with one send per transfer. The log bytes go out as views
 * of the log, not copies, between headers in one small buffer per send (it took two copies and two
 * buffers per transfer: a catching-up slave's master spent most of its loop copying, issue 16).
 * Driven by the master's loop; a crash simply ends it.
 */
final class HaMasterConnection implements StreamHandler {

    /** Bytes allowed to wait unsent in the transport before this connection stops reading the log. */
    static final long WINDOW_BYTES = 1024 * 1024;
    /** The most commit-log bytes one send carries, in as many transfers as it takes. */
    static final int SEND_BODY_BYTES = 256 * 1024;

    private final Env env;
    private final HaConfig config;
    private final MessageStore store;
    private final HaMaster owner;
    private final ReportReader reports = new ReportReader();
    private StreamConnection connection;
    private long start = -1;
    private long nextTransfer = -1;
    /** Where the frame {@link #nextFrame} built last ends in the log. */
    private long lastTransferEnd;
    private long acked = -1;
    private long lastReportNanos;
    private long lastSendNanos;
    private Cancellable timer = Cancellable.NONE;
    private boolean closed;

    HaMasterConnection(Env env, HaConfig config, MessageStore store, HaMaster owner) {
        this.env = env;
        this.config = config;
        this.store = store;
        this.owner = owner;
    }

    void attach(StreamConnection c) {
        this.connection = c;
        long now = env.clock().nanoTime();
        lastReportNanos = now;
        lastSendNanos = now;
        timer = env.scheduler().schedule(tickMs(), this::onTimer);
    }

    /** How often the timer looks at heartbeats and housekeeping: a fifth of the heartbeat interval, at most 1 s. */
    private long tickMs() {
        return Math.max(1, Math.min(1_000, config.haSendHeartbeatIntervalMs() / 5));
    }

    /** Where streaming started (the first report, or the last file's start for an empty slave); -1 before. */
    long start() {
        return start;
    }

    /** The slave's last report on this connection; -1 before the first. */
    long acked() {
        return acked;
    }

    /** The end of what was sent on this connection. */
    long sentEnd() {
        return nextTransfer;
    }

    boolean isStreaming() {
        return start >= 0 && !closed;
    }

    String remote() {
        return connection == null ? "?" : connection.remoteAddress().toString();
    }

    /** Whether this connection's slave acknowledged {@code [wroteOffset, endOffset)} after receiving it here. */
    boolean acknowledges(long wroteOffset, long endOffset) {
        return isStreaming() && start <= wroteOffset && acked >= endOffset;
    }

    @Override
    public void onBytes(StreamConnection c, ByteBuffer bytes) {
        reports.feed(bytes, this::onReport);
    }

    private void onReport(long offset) {
        if (closed) {
            return;
        }
        lastReportNanos = env.clock().nanoTime();
        if (start < 0) {
            onFirstReport(offset);
            return;
        }
        if (offset > nextTransfer || offset < 0) {
            close("reported offset " + offset + " but was sent bytes only up to " + nextTransfer);
            return;
        }
        if (offset > acked) {
            acked = offset;
            owner.onAck();
        }
        pump();
    }

    private void onFirstReport(long offset) {
        long end = store.getMaxPhyOffset();
        owner.onFirstReport(offset, end);
        if (offset > end || offset < 0) {
            env.log().probe("ha-slave-ahead");
            close("its log ends at " + offset + ", past this master's end " + end);
            return;
        }
        long kept = store.retentionReleasedBelow();
        start = offset == 0 ? store.replication().lastFileStart() : Math.max(offset, kept);
        nextTransfer = start;
        acked = offset;
        if (offset > 0 && offset < kept) {
            // RocketMQ 4.9's master streams from the reported offset, finds nothing there and waits
            // for ever: the slave never catches up again. This one starts where its log starts; the
            // slave's log, all of it below that, restarts there (HaSlave).
            env.log().probe("ha-slave-behind-retention");
            env.log().warn("replication: slave {} reports {}, but retention deleted this master's log below {}; "
                    + "streaming from {}, where the slave's log restarts", remote(), offset, kept, start);
        }
        env.log().info("replication: slave {} reports {}; streaming from {}", remote(), offset, start);
        owner.onSlaveReady(this);
        pump();
    }

    /** Sends what the log holds and the window allows. */
    void pump() {
        if (!isStreaming()) {
            return;
        }
        while (connection.pendingBytes() < WINDOW_BYTES) {
            List<ByteBuffer> frame = nextFrame();
            if (frame == null) {
                return;
            }
            long end = lastTransferEnd;
            if (!connection.send(frame)) {
                return;
            }
            nextTransfer = end;
            lastSendNanos = env.clock().nanoTime();
        }
    }

    /**
     * The transfers of the next send, from {@link #nextTransfer}: header, log bytes (a view, not a
     * copy), header, log bytes, ...; their end in {@link #lastTransferEnd}. Null when there is
     * nothing to send, or when the log cannot be read there (the connection is then closed).
     */
    private List<ByteBuffer> nextFrame() {
        long available = store.replication().replicableOffset() - nextTransfer;
        if (available <= 0) {
            return null;
        }
        int batch = config.haTransferBatchSize();
        int body = (int) Math.min(available, SEND_BODY_BYTES);
        // Whole batches, and two more: a file end inside the send, a partial batch at its end.
        int transfersMax = Math.min(body, body / batch + 2);
        // Direct, as the log's views are: a send of parts that are all direct is written as it is
        // (io-real gathers them into one write); one heap part makes the transport copy the whole.
        ByteBuffer headers = ByteBuffer.allocateDirect(HaFormat.HEADER_BYTES * transfersMax);
        List<ByteBuffer> frame = new ArrayList<>(2 * transfersMax);
        long at = nextTransfer;
        while (headers.hasRemaining() && at - nextTransfer < body) {
            ByteBuffer data;
            try {
                data = store.replication().sliceForReplica(at, (int) Math.min(batch, body - (at - nextTransfer)));
            } catch (DiskException e) {
                close("cannot read the commit log at " + at + " (" + e.getMessage() + "); the slave reconnects");
                return null;
            }
            if (data == null) {
                break;
            }
            int n = data.remaining();
            frame.add(headers.slice(headers.position(), HaFormat.HEADER_BYTES));
            headers.putLong(at).putInt(n);
            frame.add(data);
            at += n;
        }
        if (at == nextTransfer) {
            if (nextTransfer < store.retentionReleasedBelow()) {
                close("retention deleted this master's log below " + store.retentionReleasedBelow() + ", past the "
                        + "slave's next byte " + nextTransfer + "; the slave reconnects and restarts its log there");
            }
            return null;
        }
        lastTransferEnd = at;
        return frame;
    }

    private void onTimer() {
        if (closed) {
            return;
        }
        long now = env.clock().nanoTime();
        if (now - lastReportNanos > config.haHousekeepingIntervalMs() * 1_000_000L) {
            env.log().probe("ha-slave-expired");
            close("no report for " + config.haHousekeepingIntervalMs() + " ms (haHousekeepingInterval)");
            return;
        }
        pump();
        if (start >= 0 && now - lastSendNanos >= config.haSendHeartbeatIntervalMs() * 1_000_000L) {
            connection.send(HaFormat.heartbeat(nextTransfer));
            lastSendNanos = now;
        }
        timer = env.scheduler().schedule(tickMs(), this::onTimer);
    }

    @Override
    public void onWritable(StreamConnection c) {
        pump();
    }

    @Override
    public void onClose(StreamConnection c, CloseCause cause) {
        if (closed) {
            return;
        }
        env.log().info("replication: slave {} disconnected: {}", remote(), cause);
        closed = true;
        timer.cancel();
        owner.onClosed(this);
    }

    void close(String why) {
        if (closed) {
            return;
        }
        env.log().warn("replication: closing slave {}: {}", remote(), why);
        closed = true;
        timer.cancel();
        connection.close();
        owner.onClosed(this);
    }
}
