package io.petrel.sim;

import io.petrel.env.AcceptHandler;
import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Listener;
import io.petrel.env.RandomSource;
import io.petrel.env.StreamAcceptHandler;
import io.petrel.env.StreamConnectHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The simulated network between every node of a {@link Simulator}: a TCP-like model of framed
 * connections ({@link SimConnection}: each frame delivered whole) and byte streams
 * ({@link SimStreamConnection}: bytes cut and joined at random, see there), each delivering what
 * it carries once and in order while it is up.
 *
 * <p>Fault model, all driven by the scenario through this class, the same for frames and streams
 * (a stream's unit on the wire is a chunk where a frame connection's is a frame):
 * <ul>
 *   <li>Latency: every frame or chunk takes min + exponential(mean) microseconds (capped), from the
 *       seed's "network/latency" stream for frames and "network/stream-latency" for streams (so a
 *       scenario without streams draws exactly what it drew before streams existed); nothing
 *       overtakes an earlier frame or chunk of its connection.</li>
 *   <li>Partitions between hosts, one way or both, in one of the {@link LinkMode}s: BLACKHOLE loses
 *       frames and chunks and dooms the connection to a RESET at heal time (or when TCP gives up),
 *       CLOG holds them until heal, RESET closes connections at once and refuses new ones.</li>
 *   <li>{@link #resetConnections}: reset every connection between two hosts, as a flaky middlebox would.</li>
 *   <li>A crashed process's peers see RESET after one latency; after a power loss they see it only
 *       when TCP gives up, or when the machine comes back and answers with RST. The crashed side
 *       vanishes without callbacks. A graceful stop closes every connection in an orderly way.</li>
 *   <li>Streams only: a send window ({@link SimOptions#streamWindowBytes}) bounds the bytes in
 *       flight, so a slow, paused or partitioned reader makes the writer's backlog grow.</li>
 * </ul>
 * Listening ports and handshakes are {@link SimConnector}'s.
 */
public final class SimNetwork {

    private final Simulator sim;
    private final RandomSource latency;
    private final RandomSource streamLatency;
    private final StreamChunker chunker;
    private final SimConnector connector;
    private final TreeMap<String, LinkMode> links = new TreeMap<>();
    private final Map<Long, SimSide> live = new LinkedHashMap<>();
    private final List<Runnable> waitingForHeal = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private long framesDelivered;
    private long framesLost;
    private long streamBytesDelivered;
    private long streamBytesLost;

    SimNetwork(Simulator sim, RandomSource latency, RandomSource streamLatency, RandomSource streamChunks) {
        this.sim = sim;
        this.latency = latency;
        this.streamLatency = streamLatency;
        this.chunker = new StreamChunker(streamChunks);
        this.connector = new SimConnector(this);
    }

    Simulator sim() {
        return sim;
    }

    // ---- faults ----------------------------------------------------------------------------

    /** Applies {@code mode} to traffic from every host in {@code from} to every host in {@code to}. */
    public void partitionOneWay(Collection<String> from, Collection<String> to, LinkMode mode) {
        for (String a : from) {
            for (String b : to) {
                if (!a.equals(b)) {
                    links.put(key(a, b), mode);
                }
            }
        }
        sim.log().line(sim.nowNanos(), "sim", "PARTITION", mode + " " + from + " -> " + to);
        sim.foldIntoTrace(SeedStreams.fnv1a("partition " + mode + from + to));
        if (mode == LinkMode.RESET) {
            for (SimSide c : new ArrayList<>(live.values())) {
                if (from.contains(c.local.host()) && to.contains(c.remote.host())) {
                    reset(c, "partition");
                }
            }
        }
    }

    /** Applies {@code mode} in both directions between the two groups. */
    public void partition(Collection<String> sideA, Collection<String> sideB, LinkMode mode) {
        partitionOneWay(sideA, sideB, mode);
        partitionOneWay(sideB, sideA, mode);
    }

    /** Removes every partition: clogged frames flow, doomed connections are reset, waiting connects proceed. */
    public void healAll() {
        links.clear();
        sim.log().line(sim.nowNanos(), "sim", "HEAL", "all links");
        sim.foldIntoTrace(0x4EA1);
        afterHeal();
    }

    /** Removes the partition in both directions between two hosts. */
    public void heal(String hostA, String hostB) {
        links.remove(key(hostA, hostB));
        links.remove(key(hostB, hostA));
        sim.log().line(sim.nowNanos(), "sim", "HEAL", hostA + " <-> " + hostB);
        sim.foldIntoTrace(SeedStreams.fnv1a("heal " + hostA + hostB));
        afterHeal();
    }

    private void afterHeal() {
        for (SimSide c : new ArrayList<>(live.values())) {
            if (c.broken && linkMode(c.local.host(), c.remote.host()) == null) {
                reset(c, "broken by a blackhole");
            } else if (!c.clogged.isEmpty() && linkMode(c.local.host(), c.remote.host()) == null) {
                while (!c.clogged.isEmpty()) {
                    deliverLater(c, c.clogged.removeFirst());
                }
                if (!c.open) {
                    forget(c);
                }
            }
        }
        List<Runnable> retry = new ArrayList<>(waitingForHeal);
        waitingForHeal.clear();
        retry.forEach(Runnable::run);
    }

    /** Resets every live connection between two hosts (both directions), as a middlebox might. */
    public void resetConnections(String hostA, String hostB) {
        for (SimSide c : new ArrayList<>(live.values())) {
            boolean between = (c.local.host().equals(hostA) && c.remote.host().equals(hostB))
                    || (c.local.host().equals(hostB) && c.remote.host().equals(hostA));
            if (between) {
                reset(c, "connection reset");
            }
        }
    }

    /** The mode applied to traffic from one host to another, or null when the link is up. */
    public LinkMode linkMode(String fromHost, String toHost) {
        return links.get(key(fromHost, toHost));
    }

    public boolean anyPartition() {
        return !links.isEmpty();
    }

    public int liveConnectionSides() {
        return live.size();
    }

    public long framesDelivered() {
        return framesDelivered;
    }

    public long framesLost() {
        return framesLost;
    }

    /** Bytes read by stream receivers (whatever they did with them). */
    public long streamBytesDelivered() {
        return streamBytesDelivered;
    }

    /** Bytes of streams lost in blackholes or on connections already broken. */
    public long streamBytesLost() {
        return streamBytesLost;
    }

    void countStreamBytesDelivered(long bytes) {
        streamBytesDelivered += bytes;
    }

    StreamChunker chunker() {
        return chunker;
    }

    private static String key(String from, String to) {
        return from + ">" + to;
    }

    // ---- listen and connect (see SimConnector) ---------------------------------------------

    Listener listen(SimNode node, int incarnation, Address requested, AcceptHandler handler) {
        return connector.listen(node, incarnation, requested, handler, null);
    }

    Listener listenStream(SimNode node, int incarnation, Address requested, StreamAcceptHandler handler) {
        return connector.listen(node, incarnation, requested, null, handler);
    }

    void connect(SimNode from, int incarnation, Address remote, long timeoutMs, ConnectHandler handler) {
        connector.connect(from, incarnation, remote, timeoutMs, new SimConnector.Dial(handler, null));
    }

    void connectStream(SimNode from, int incarnation, Address remote, long timeoutMs, StreamConnectHandler handler) {
        connector.connect(from, incarnation, remote, timeoutMs, new SimConnector.Dial(null, handler));
    }

    /** A handshake made both sides of a new connection: they are live until closed or reset. */
    void register(SimSide client, SimSide server) {
        client.peer = server;
        server.peer = client;
        live.put(client.id, client);
        live.put(server.id, server);
    }

    /** Runs {@code retry} when links next heal (a connect waiting on a clogged link). */
    void whenHealed(Runnable retry) {
        waitingForHeal.add(retry);
    }

    // ---- the wire ------------------------------------------------------------------------

    /** Sends a frame, a stream chunk or {@link SimSide#FIN} from one side towards its peer. */
    void transmit(SimSide from, Object payload) {
        if (from.broken) {
            countLost(from, payload);
            return;
        }
        LinkMode mode = linkMode(from.local.host(), from.remote.host());
        if (mode == null && from.clogged.isEmpty()) {
            deliverLater(from, payload);
        } else if (mode == null || mode == LinkMode.CLOG) {
            from.clogged.addLast(payload);
        } else if (mode == LinkMode.BLACKHOLE) {
            countLost(from, payload);
            doom(from);
        } else {
            reset(from, "partition");
        }
    }

    private void countLost(SimSide from, Object payload) {
        if (!from.carriesStream()) {
            framesLost++;
        } else if (payload instanceof ByteBuffer chunk) {
            streamBytesLost += chunk.remaining();
        }
    }

    private void deliverLater(SimSide from, Object payload) {
        SimSide to = from.peer;
        long arrival = Math.max(sim.nowNanos() + drawLatencyNanos(from.carriesStream()), from.lastArrivalNanos);
        from.lastArrivalNanos = arrival;
        if (payload == SimSide.FIN) {
            sim.enqueue(arrival, to.owner, to.incarnation, EventKind.CLOSE, 0, to::deliverFin);
            return;
        }
        ByteBuffer bytes = (ByteBuffer) payload;
        crc.reset();
        crc.update(bytes.duplicate());
        long detail = ((long) bytes.remaining() << 32) | crc.getValue();
        if (from instanceof SimStreamConnection stream) {
            SimStreamConnection.Chunk chunk = stream.addInTransit(bytes, arrival);
            sim.enqueue(arrival, to.owner, to.incarnation, EventKind.STREAM_BYTES, detail,
                    () -> stream.arrive(chunk));
            return;
        }
        SimConnection receiver = (SimConnection) to;
        sim.enqueue(arrival, to.owner, to.incarnation, EventKind.FRAME, detail, () -> {
            framesDelivered++;
            receiver.deliver(bytes);
        });
    }

    /** Something was lost on this connection: it will be reset when healed or when TCP gives up. */
    private void doom(SimSide from) {
        if (from.broken) {
            return;
        }
        from.broken = true;
        sim.enqueue(sim.nowNanos() + sim.options().tcpGiveUpMs * 1_000_000L, null, 0, EventKind.CLOSE, from.id, () -> {
            if (live.containsKey(from.id) || (from.peer != null && live.containsKey(from.peer.id))) {
                reset(from, "TCP gave up retransmitting");
            }
        });
    }

    /** Resets both sides: each still-open side hears RESET after one latency. */
    private void reset(SimSide side, String why) {
        CloseCause cause = CloseCause.of(CloseCause.Kind.RESET, why);
        for (SimSide c : new SimSide[] {side, side.peer}) {
            c.onReset();
            if (c.open && c.ownerAlive()) {
                c.scheduleCloseReport(drawLatencyNanos(c.carriesStream()), cause);
            } else {
                forget(c);
            }
        }
    }

    /**
     * The side is closed and its owner hears nothing more of it. A stream side that still holds
     * bytes to send (a backlog, a clogged link) stays on the wire until they are gone, so that
     * heals, resets and crashes still reach them.
     */
    void forget(SimSide c) {
        if (!c.holdsUnsent()) {
            live.remove(c.id);
        }
    }

    /** One latency, from the frames' random stream or the streams' own. */
    long drawLatencyNanos(boolean stream) {
        SimOptions o = sim.options();
        return 1_000L * Distributions.shiftedExponential(stream ? streamLatency : latency,
                o.latencyMinMicros, o.latencyMeanExtraMicros, o.latencyMaxMicros);
    }

    // ---- node lifecycle --------------------------------------------------------------------

    /** The node's process died: its sides vanish; peers hear of it per the class's fault model. */
    void onNodeDown(SimNode node, boolean powerLoss) {
        connector.onNodeGone(node);
        for (SimSide c : new ArrayList<>(live.values())) {
            if (c.owner != node) {
                continue;
            }
            c.vanish();
            forget(c);
            SimSide peer = c.peer;
            if (peer == null || !live.containsKey(peer.id)) {
                continue;
            }
            if (powerLoss) {
                peer.broken = true;
                doom(c);
            } else if (linkMode(node.host(), peer.owner.host()) == null) {
                peer.scheduleCloseReport(drawLatencyNanos(peer.carriesStream()),
                        CloseCause.of(CloseCause.Kind.RESET, "peer process died"));
            } else {
                doom(c);
            }
        }
    }

    /** The node stopped gracefully: its open connections close in an orderly way. */
    void onNodeStopped(SimNode node) {
        connector.onNodeGone(node);
        for (SimSide c : new ArrayList<>(live.values())) {
            if (c.owner == node) {
                c.onOwnerStopped();
                forget(c);
            }
        }
    }

    /** A restarted machine answers old connections with RST: peers stuck on them learn now. */
    void onNodeStarted(SimNode node) {
        for (SimSide c : new ArrayList<>(live.values())) {
            if (c.remote.host().equals(node.host()) && c.peer != null && c.peer.owner == node
                    && c.peer.incarnation != node.incarnation()) {
                reset(c, "peer machine restarted");
            }
        }
    }
}
