package io.petrel.ha;

import io.petrel.common.Check;
import io.petrel.env.Address;
import io.petrel.env.Cancellable;
import io.petrel.env.CloseCause;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.env.StreamConnectHandler;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import io.petrel.common.Sabotage;
import io.petrel.remoting.RemotingClient;
import io.petrel.store.MessageStore;
import io.petrel.store.file.StoreFileException;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A slave's replication client (RocketMQ's {@code HAService.HAClient}): connects to its master's HA
 * address, reports its commit-log end, and appends every transfer at the offset it names, so its log
 * is byte for byte the master's; the store dispatches the appended records into its own consume
 * queues and index.
 *
 * <p>States: IDLE (no master address yet, or waiting {@link #RECONNECT_MS} after a failure),
 * CONNECTING, STREAMING. Differences from RocketMQ 4.9.8, all compatible with its master: the first
 * report goes out at once instead of after {@code haSendHeartbeatInterval}; a master silent for
 * {@code haHousekeepingInterval} is dropped (4.9.8's check measures the slave's own writes and never
 * fires while it reports).
 *
 * <p>Driven by the slave broker's loop. After a crash the store recovers what was appended and
 * flushed, and the next connection reports that end.
 */
public final class HaSlave implements StreamConnectHandler, StreamHandler {

    /** Wait after a failed or closed connection before the next attempt (RocketMQ's 5 s). */
    static final long RECONNECT_MS = 5_000;
    private static final long CONNECT_TIMEOUT_MS = 3_000;
    /** The most received bytes gathered into one append (a read of the stream is at most this, or is cut). */
    static final int APPEND_BATCH_BYTES = 1024 * 1024;

    private final Env env;
    private final HaConfig config;
    private final MessageStore store;
    private final TransferReader transfers = new TransferReader();
    private final AppendBatch batch = new AppendBatch(APPEND_BATCH_BYTES);
    private final MasterCalls calls;
    private final Set<Sabotage> sabotage;
    private long transfersSeen;
    private Address master;
    private Address masterRemoting;
    private boolean checking;
    private boolean warnedUnchecked;
    private StreamConnection connection;
    private boolean connecting;
    private boolean stopped;
    private long nextConnectNanos;
    private long lastReportNanos;
    private long lastReceiveNanos;
    private long reported = -1;
    private boolean reportScheduled;
    private long appendedBytes;
    private Cancellable tick = Cancellable.NONE;

    public HaSlave(Env env, HaConfig config, MessageStore store, RemotingClient client, Set<Sabotage> sabotage) {
        this.sabotage = sabotage;
        this.env = env;
        this.config = config;
        this.store = store;
        this.calls = new MasterCalls(client);
        if (!config.haMasterAddress().isEmpty()) {
            this.master = Address.parse(config.haMasterAddress());
        }
    }

    public void start() {
        tick = env.scheduler().schedule(0, this::onTick);
    }

    public void stop() {
        stopped = true;
        tick.cancel();
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * The master's HA address as the NameServers name it ({@code haServerAddr}); ignored when
     * {@code haMasterAddress} is configured. A new address drops the connection to the old one.
     */
    public void onMasterHaAddress(String haServerAddr) {
        if (!config.haMasterAddress().isEmpty() || haServerAddr == null || haServerAddr.isEmpty()) {
            return;
        }
        Address named = Address.parse(haServerAddr);
        if (named.equals(master)) {
            return;
        }
        env.log().info("replication: master HA address is now {}", named);
        master = named;
        if (connection != null) {
            connection.close();
        }
    }

    /** The master's remoting address, where the slave checks its log against the master's before connecting. */
    public void onMasterAddress(String masterAddr) {
        if (masterAddr != null && !masterAddr.isEmpty()) {
            masterRemoting = Address.parse(masterAddr);
        }
    }

    public boolean isConnected() {
        return connection != null && connection.isOpen();
    }

    public Address masterAddress() {
        return master;
    }

    /** Commit-log bytes appended from the master since this process started. */
    public long appendedBytes() {
        return appendedBytes;
    }

    private void onTick() {
        if (stopped) {
            return;
        }
        long now = env.clock().nanoTime();
        if (connection == null && !connecting && !checking && master != null && now - nextConnectNanos >= 0) {
            checkThenConnect();
        } else if (connection != null) {
            if (now - lastReceiveNanos > config.haHousekeepingIntervalMs() * 1_000_000L) {
                env.log().warn("replication: master {} silent for {} ms; reconnecting", master,
                        config.haHousekeepingIntervalMs());
                connection.close();
            } else if (now - lastReportNanos >= config.haSendHeartbeatIntervalMs() * 1_000_000L) {
                report();
            }
        }
        tick = env.scheduler().schedule(Math.min(1_000, config.haSendHeartbeatIntervalMs()), this::onTick);
    }

    /** {@link SlaveCatchUp} first: connect only with a log that is the master's. */
    private void checkThenConnect() {
        if (masterRemoting == null) {
            if (!warnedUnchecked) {
                warnedUnchecked = true;
                env.log().warn("replication: the master's remoting address is not known yet, so this slave cannot check "
                        + "its log against the master's; connecting to {} unchecked", master);
            }
            connect();
            return;
        }
        checking = true;
        new SlaveCatchUp(env, store, calls, masterRemoting, new SlaveCatchUp.Outcome() {
            @Override
            public void proceed() {
                checking = false;
                if (!stopped) {
                    connect();
                }
            }

            @Override
            public void retry(String why) {
                checking = false;
                nextConnectNanos = env.clock().nanoTime() + RECONNECT_MS * 1_000_000L;
                env.log().info("replication: cannot check this slave's log against its master's yet: {}", why);
            }
        }).start();
    }

    private void connect() {
        connecting = true;
        env.network().connectStream(master, CONNECT_TIMEOUT_MS, this);
    }

    @Override
    public StreamHandler onConnected(StreamConnection c) {
        connecting = false;
        if (stopped) {
            c.close();
            return this;
        }
        connection = c;
        lastReceiveNanos = env.clock().nanoTime();
        env.log().info("replication: connected to master {}", c.remoteAddress());
        report();
        return this;
    }

    @Override
    public void onConnectFailed(Address remote, String reason) {
        connecting = false;
        nextConnectNanos = env.clock().nanoTime() + RECONNECT_MS * 1_000_000L;
        env.log().debug("replication: cannot reach master {}: {}", remote, reason);
    }

    private void report() {
        long end = store.getMaxPhyOffset();
        // A log that holds nothing reports 0 wherever its empty files start (RocketMQ's "new slave").
        long report = store.replication().holdsNothing() ? 0 : end;
        if (connection != null && sendReport(report)) {
            reported = end;
            lastReportNanos = env.clock().nanoTime();
        }
    }

    @Override
    public void onBytes(StreamConnection c, ByteBuffer bytes) {
        if (c != connection) {
            return;
        }
        lastReceiveNanos = env.clock().nanoTime();
        try {
            transfers.feed(bytes, this::onTransfer);
        } catch (TransferReader.BrokenStream e) {
            drop(e.getMessage());
        }
        appendBatch();
        if (connection != null && store.getMaxPhyOffset() > reported && !reportScheduled) {
            // One report for the reads already waiting on the loop, not one per read: while the slave
            // catches up, reads queue behind each other, and each report is a write on both sides.
            reportScheduled = true;
            env.scheduler().execute(() -> {
                reportScheduled = false;
                if (connection != null && store.getMaxPhyOffset() > reported) {
                    report();
                }
            });
        }
    }

    /**
     * One transfer's body, or the next piece of it: checked against where this slave's log ends,
     * then gathered into {@link #batch}, which goes into the log when the read is handled (or when
     * it is full, or before bytes that do not simply continue it). A piece that continues the batch
     * passed the checks with the piece that started it.
     */
    private boolean onTransfer(long offset, ByteBuffer data) {
        if (!batch.isEmpty() && offset == batch.end() && sabotage.isEmpty()) {
            return gather(offset, data);
        }
        if (!appendBatch()) {
            return false;
        }
        long end = store.getMaxPhyOffset();
        boolean empty = store.replication().holdsNothing();
        if (data.hasRemaining() && !sabotage.isEmpty() && sabotaged(offset, data)) {
            return true;
        }
        boolean fileStart = offset % store.config().mappedFileSizeCommitLog() == 0;
        if (offset > end && fileStart && !empty) {
            if (!restartBelowMasterRetention(offset, end)) {
                return false;
            }
            empty = store.replication().holdsNothing();
        }
        if (offset != end && !(empty && fileStart)) {
            env.log().probe("ha-offset-mismatch");
            drop("the master sends from offset " + offset + " but this slave's log ends at " + end);
            return false;
        }
        return gather(offset, data);
    }

    /** Gathers {@code data} (starting at {@code offset}) into the batch, appending the batch whenever it is full. */
    private boolean gather(long offset, ByteBuffer data) {
        long at = offset;
        while (data.hasRemaining()) {
            if (batch.room() == 0 && !appendBatch()) {
                return false;
            }
            int n = Math.min(batch.room(), data.remaining());
            batch.add(at, data.slice(data.position(), n));
            data.position(data.position() + n);
            at += n;
        }
        return true;
    }

    /** Appends what the batch gathered (nothing when empty); false, with the connection dropped, when that fails. */
    private boolean appendBatch() {
        if (batch.isEmpty()) {
            return true;
        }
        long offset = batch.start();
        ByteBuffer bytes = batch.bytes();
        int n = bytes.remaining();
        boolean appended;
        try {
            appended = store.appendToCommitLog(offset, bytes);
        } catch (DiskException e) {
            batch.clear();
            drop("cannot append at " + offset + ": " + e.getMessage());
            return false;
        }
        batch.clear();
        if (!appended) {
            drop("the store refused " + n + " bytes at " + offset);
            return false;
        }
        appendedBytes += n;
        return true;
    }

    /**
     * The master streams from a file start past this slave's end only when its retention deleted the
     * bytes in between (HaMasterConnection): what this slave holds is all below what the master keeps,
     * and nothing it could still receive follows it. Its log goes and restarts at {@code offset}, as an
     * empty slave's does; the messages it loses are those the master's retention deleted. False (and
     * the connection dropped) when the cut fails.
     */
    private boolean restartBelowMasterRetention(long offset, long end) {
        env.log().probe("ha-slave-restarts-at-master-retention");
        env.log().warn("replication: the master streams from {}, past this slave's end {}: its retention deleted the "
                + "bytes in between; this slave's log restarts at {}", offset, end, offset);
        try {
            store.replication().truncateTo(store.getMinPhyOffset());
        } catch (DiskException | StoreFileException e) {
            drop("cannot cut this slave's log back to restart it at " + offset + ": " + e.getMessage());
            return false;
        }
        return true;
    }

    /**
     * Reports {@code offset} to the master, which may then answer SEND_OK for every message before it:
     * checked against what this slave's log holds, since a report past it is a promise it cannot keep.
     */
    private boolean sendReport(long offset) {
        Check.state(offset <= store.getMaxPhyOffset(), "this slave would acknowledge offset {}, but its log ends at {}",
                offset, store.getMaxPhyOffset());
        return connection.send(HaFormat.report(offset));
    }

    /** The test-only slave sabotages; true when the transfer was handled (badly) here. */
    private boolean sabotaged(long offset, ByteBuffer data) {
        transfersSeen++;
        long end = store.getMaxPhyOffset();
        // SABOTAGE (tests only): SLAVE_ACKS_BEFORE_APPEND reports first and loses every 10th transfer.
        if (sabotage.contains(Sabotage.SLAVE_ACKS_BEFORE_APPEND) && offset == end) {
            if (connection != null) {
                sendReport(offset + data.remaining());
            }
            if (transfersSeen % 10 == 0) {
                return true;
            }
            store.appendToCommitLog(offset, data);
            return true;
        }
        // SABOTAGE (tests only): SLAVE_APPENDS_AT_WRONG_OFFSET appends at its own end, losing bytes now and then.
        if (sabotage.contains(Sabotage.SLAVE_APPENDS_AT_WRONG_OFFSET) && end > 0) {
            ByteBuffer kept = transfersSeen % 20 == 0 && data.remaining() > 100 ? data.position(data.position() + 100) : data;
            store.appendToCommitLog(end, kept);
            return true;
        }
        return false;
    }

    private void drop(String why) {
        env.log().warn("replication: dropping the connection to master {}: {}", master, why);
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void onClose(StreamConnection c, CloseCause cause) {
        if (c != connection) {
            return;
        }
        connection = null;
        transfers.reset();
        batch.clear();
        nextConnectNanos = env.clock().nanoTime() + RECONNECT_MS * 1_000_000L;
        env.log().info("replication: connection to master {} closed: {}", master, cause);
    }
}
