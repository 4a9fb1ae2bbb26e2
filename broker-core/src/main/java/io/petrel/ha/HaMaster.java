package io.petrel.ha;

import io.petrel.common.Check;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.store.MessageStore;
import io.petrel.store.ReplicaAcks;
import java.util.ArrayList;
import java.util.List;

/**
 * A master's replication service (RocketMQ's {@code HAService} on the master): listens on
 * {@code haListenPort}, streams the commit log to every slave that connects, and answers the store's
 * {@link ReplicaAcks} questions from what each connection proved.
 *
 * <p>Unlike RocketMQ 4.9, which keeps one acknowledged offset raised by any peer on the port and
 * never lowered (apache/rocketmq#3015), acknowledgements here live with their connection: they count
 * only for bytes that connection was sent, and vanish when it closes.
 *
 * <p>Driven by the broker's loop. A crash ends every connection; slaves reconnect to the restarted
 * master and report where they are.
 */
public final class HaMaster implements ReplicaAcks {

    private final Env env;
    private final HaConfig config;
    private final MessageStore store;
    private final HaRecovery recovery;
    private final List<HaMasterConnection> connections = new ArrayList<>();
    private Listener listener;
    private boolean pumpScheduled;
    private boolean stopped;

    public HaMaster(Env env, HaConfig config, MessageStore store, HaRecovery recovery) {
        this.env = env;
        this.config = config;
        this.store = store;
        this.recovery = recovery;
    }

    /** Starts listening; the store's growth wakes the connections up from now on. */
    public void start(Address haAddress) {
        listener = env.network().listenStream(haAddress, c -> {
            HaMasterConnection slave = new HaMasterConnection(env, config, store, this);
            slave.attach(c);
            connections.add(slave);
            env.log().info("replication: slave {} connected to {}", c.remoteAddress(), haAddress);
            return slave;
        });
        store.replication().setReplicableListener(this::schedulePump);
        env.log().info("replication: listening for slaves on {}", listener.address());
    }

    public void stop() {
        stopped = true;
        if (listener != null) {
            listener.close();
        }
        for (HaMasterConnection c : new ArrayList<>(connections)) {
            c.close("the master is shutting down");
        }
        recovery.stop();
    }

    /** Coalesces the pumps of one loop turn: a burst of appends becomes one batch per slave. */
    private void schedulePump() {
        if (!pumpScheduled && !stopped) {
            pumpScheduled = true;
            env.scheduler().execute(() -> {
                pumpScheduled = false;
                for (HaMasterConnection c : new ArrayList<>(connections)) {
                    c.pump();
                }
            });
        }
    }

    /** A connection's first report, before it streams (or is closed for being ahead). */
    void onFirstReport(long offset, long end) {
        recovery.onSlaveReport(offset, end);
    }

    void onSlaveReady(HaMasterConnection c) {
        store.replication().onReplicaAck();
    }

    void onAck() {
        store.replication().onReplicaAck();
    }

    void onClosed(HaMasterConnection c) {
        connections.remove(c);
    }

    @Override
    public boolean isSlaveAvailable(long endOffset) {
        for (HaMasterConnection c : connections) {
            if (c.isStreaming() && endOffset - c.acked() < config.haSlaveFallbehindMax()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isAcknowledged(long wroteOffset, long endOffset) {
        for (HaMasterConnection c : connections) {
            if (c.acknowledges(wroteOffset, endOffset)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long replicatedEnd() {
        long end = 0;
        for (HaMasterConnection c : connections) {
            if (c.isStreaming()) {
                end = Math.max(end, c.acked());
            }
        }
        return end;
    }

    /** Slaves that reported and are being streamed to. */
    public int streamingSlaves() {
        int n = 0;
        for (HaMasterConnection c : connections) {
            n += c.isStreaming() ? 1 : 0;
        }
        return n;
    }

    /**
     * How far the furthest slave lags behind the log's end in bytes (RocketMQ's "slave fall behind"),
     * or -1 when no slave streams.
     */
    public long slaveFallBehindBytes() {
        long best = -1;
        for (HaMasterConnection c : connections) {
            if (c.isStreaming()) {
                long behind = Math.max(0, store.getMaxPhyOffset() - c.acked());
                best = best < 0 ? behind : Math.min(best, behind);
            }
        }
        return best;
    }

    /**
     * Every streaming connection's positions are in order: it started at or before what it sent, its
     * slave acknowledged no more than it was sent, and nothing was sent past the log's end.
     */
    public void invariants() {
        long end = store.getMaxPhyOffset();
        for (HaMasterConnection c : connections) {
            if (c.isStreaming()) {
                Check.state(c.start() <= c.sentEnd() && c.acked() <= c.sentEnd() && c.sentEnd() <= end,
                        "replication to {}: start {} acked {} sent {} log end {} out of order", c.remote(), c.start(),
                        c.acked(), c.sentEnd(), end);
            }
        }
    }
}
