package io.petrel.sim;

import io.petrel.env.AcceptHandler;
import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Listener;
import io.petrel.env.RandomSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The simulated network between every node of a {@link Simulator}: a TCP-like model in which
 * each connection delivers frames whole, once and in order while it is up.
 *
 * <p>Fault model, all driven by the scenario through this class:
 * <ul>
 *   <li>Latency: every frame takes min + exponential(mean) microseconds (capped), from the seed's
 *       "network/latency" stream; a frame never overtakes an earlier one on its connection.</li>
 *   <li>Partitions between hosts, one way or both, in one of the {@link LinkMode}s: BLACKHOLE loses
 *       frames and dooms the connection to a RESET at heal time (or when TCP gives up), CLOG holds
 *       frames until heal, RESET closes connections at once and refuses new ones.</li>
 *   <li>{@link #resetConnections}: reset every connection between two hosts, as a flaky middlebox would.</li>
 *   <li>A crashed process's peers see RESET after one latency; after a power loss they see it only
 *       when TCP gives up, or when the machine comes back and answers with RST.</li>
 * </ul>
 */
public final class SimNetwork {

    private static final int FIRST_EPHEMERAL_PORT = 32768;

    private final Simulator sim;
    private final RandomSource latency;
    private final TreeMap<Address, ListenEntry> listeners = new TreeMap<>();
    private final TreeMap<String, LinkMode> links = new TreeMap<>();
    private final TreeMap<String, Integer> nextPort = new TreeMap<>();
    private final Map<Long, SimConnection> live = new LinkedHashMap<>();
    private final List<Runnable> waitingForHeal = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private long nextConnectionId = 1;
    private long framesDelivered;
    private long framesLost;

    private record ListenEntry(SimNode node, int incarnation, AcceptHandler handler) {
    }

    SimNetwork(Simulator sim, RandomSource latency) {
        this.sim = sim;
        this.latency = latency;
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
            for (SimConnection c : new ArrayList<>(live.values())) {
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
        for (SimConnection c : new ArrayList<>(live.values())) {
            if (c.broken && linkMode(c.local.host(), c.remote.host()) == null) {
                reset(c, "broken by a blackhole");
            } else if (!c.clogged.isEmpty() && linkMode(c.local.host(), c.remote.host()) == null) {
                while (!c.clogged.isEmpty()) {
                    deliverLater(c, c.clogged.removeFirst());
                }
            }
        }
        List<Runnable> retry = new ArrayList<>(waitingForHeal);
        waitingForHeal.clear();
        retry.forEach(Runnable::run);
    }

    /** Resets every live connection between two hosts (both directions), as a middlebox might. */
    public void resetConnections(String hostA, String hostB) {
        for (SimConnection c : new ArrayList<>(live.values())) {
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

    private static String key(String from, String to) {
        return from + ">" + to;
    }

    // ---- listen and connect ----------------------------------------------------------------

    Listener listen(SimNode node, int incarnation, Address requested, AcceptHandler handler) {
        if (!requested.host().equals(node.host()) && !requested.host().equals("0.0.0.0")) {
            throw new IllegalStateException("cannot listen on " + requested + ": not a local address of " + node.name());
        }
        int port = requested.port() == 0 ? allocatePort(node.host()) : requested.port();
        Address address = new Address(node.host(), port);
        ListenEntry existing = listeners.get(address);
        if (existing != null && existing.node.isUp() && existing.incarnation == existing.node.incarnation()) {
            throw new IllegalStateException("address already in use: " + address);
        }
        ListenEntry entry = new ListenEntry(node, incarnation, handler);
        listeners.put(address, entry);
        return new Listener() {
            @Override
            public Address address() {
                return address;
            }

            @Override
            public void close() {
                listeners.remove(address, entry);
            }
        };
    }

    private int allocatePort(String host) {
        int port = nextPort.getOrDefault(host, FIRST_EPHEMERAL_PORT);
        while (listeners.containsKey(new Address(host, port))) {
            port++;
        }
        nextPort.put(host, port + 1 > 65535 ? FIRST_EPHEMERAL_PORT : port + 1);
        return port;
    }

    void connect(SimNode from, int incarnation, Address remote, long timeoutMs, ConnectHandler handler) {
        long deadline = sim.nowNanos() + timeoutMs * 1_000_000L;
        boolean[] settled = new boolean[1];
        sim.enqueue(deadline, from, incarnation, EventKind.CONNECT_FAILED, 1, () -> {
            if (!settled[0]) {
                settled[0] = true;
                handler.onConnectFailed(remote, "connect to " + remote + " timed out after " + timeoutMs + " ms");
            }
        });
        attemptConnect(from, incarnation, remote, handler, settled);
    }

    private void attemptConnect(SimNode from, int incarnation, Address remote, ConnectHandler handler, boolean[] settled) {
        if (settled[0] || !from.isUp() || from.incarnation() != incarnation) {
            return;
        }
        LinkMode out = linkMode(from.host(), remote.host());
        LinkMode back = linkMode(remote.host(), from.host());
        if (out == LinkMode.RESET || back == LinkMode.RESET) {
            failConnect(from, incarnation, remote, handler, settled, "connection refused (reset by the network)");
        } else if (out == LinkMode.BLACKHOLE || back == LinkMode.BLACKHOLE) {
            return; // the SYN is lost; the deadline event reports the timeout
        } else if (out == LinkMode.CLOG || back == LinkMode.CLOG) {
            waitingForHeal.add(() -> attemptConnect(from, incarnation, remote, handler, settled));
        } else {
            long synArrives = sim.nowNanos() + drawLatencyNanos();
            sim.enqueue(synArrives, null, 0, EventKind.ACCEPT, remote.port(),
                    () -> arriveAtListener(from, incarnation, remote, handler, settled));
        }
    }

    private void failConnect(SimNode from, int incarnation, Address remote, ConnectHandler handler,
            boolean[] settled, String reason) {
        sim.enqueue(sim.nowNanos() + 2 * drawLatencyNanos(), from, incarnation, EventKind.CONNECT_FAILED, 0, () -> {
            if (!settled[0]) {
                settled[0] = true;
                handler.onConnectFailed(remote, "connect to " + remote + " failed: " + reason);
            }
        });
    }

    private void arriveAtListener(SimNode from, int incarnation, Address remote, ConnectHandler handler, boolean[] settled) {
        ListenEntry entry = listeners.get(remote);
        if (entry == null || !entry.node.isUp() || entry.incarnation != entry.node.incarnation()) {
            failConnect(from, incarnation, remote, handler, settled, "connection refused");
            return;
        }
        if (entry.node.isPaused()) {
            // The kernel completes the handshake even while the process is frozen; the accept waits.
            sim.enqueue(sim.nowNanos(), entry.node, entry.incarnation, EventKind.ACCEPT, remote.port(),
                    () -> arriveAtListener(from, incarnation, remote, handler, settled));
            return;
        }
        Address clientAddress = new Address(from.host(), allocatePort(from.host()));
        SimConnection client = new SimConnection(this, from, incarnation, nextConnectionId++, clientAddress, remote);
        SimConnection server = new SimConnection(this, entry.node, entry.incarnation, nextConnectionId++, remote, clientAddress);
        client.peer = server;
        server.peer = client;
        live.put(client.id, client);
        live.put(server.id, server);
        sim.enqueue(sim.nowNanos(), entry.node, entry.incarnation, EventKind.ACCEPT, server.id, () -> {
            server.handler = entry.handler.onAccept(server);
            long connectedAt = sim.nowNanos() + drawLatencyNanos();
            server.lastArrivalNanos = connectedAt;
            sim.enqueue(connectedAt, from, incarnation, EventKind.CONNECTED, client.id, () -> {
                if (settled[0]) {
                    client.close();
                    return;
                }
                settled[0] = true;
                client.handler = handler.onConnected(client);
            });
        });
    }

    // ---- frames ----------------------------------------------------------------------------

    /** Sends a frame (or {@link SimConnection#FIN}) from one side towards its peer. */
    void transmit(SimConnection from, Object frameOrFin) {
        if (from.broken) {
            framesLost++;
            return;
        }
        LinkMode mode = linkMode(from.local.host(), from.remote.host());
        if (mode == null && from.clogged.isEmpty()) {
            deliverLater(from, frameOrFin);
        } else if (mode == null || mode == LinkMode.CLOG) {
            from.clogged.addLast(frameOrFin);
        } else if (mode == LinkMode.BLACKHOLE) {
            framesLost++;
            doom(from);
        } else {
            reset(from, "partition");
        }
    }

    private void deliverLater(SimConnection from, Object frameOrFin) {
        SimConnection to = from.peer;
        long arrival = Math.max(sim.nowNanos() + drawLatencyNanos(), from.lastArrivalNanos);
        from.lastArrivalNanos = arrival;
        if (frameOrFin == SimConnection.FIN) {
            sim.enqueue(arrival, to.owner, to.incarnation, EventKind.CLOSE, 0, to::deliverFin);
            return;
        }
        ByteBuffer frame = (ByteBuffer) frameOrFin;
        crc.reset();
        crc.update(frame.duplicate());
        long detail = ((long) frame.remaining() << 32) | crc.getValue();
        sim.enqueue(arrival, to.owner, to.incarnation, EventKind.FRAME, detail, () -> {
            framesDelivered++;
            to.deliver(frame);
        });
    }

    /** A frame was lost on this connection: it will be reset when healed or when TCP gives up. */
    private void doom(SimConnection from) {
        if (from.broken) {
            return;
        }
        from.broken = true;
        sim.enqueue(sim.nowNanos() + sim.options().tcpGiveUpMillis * 1_000_000L, null, 0, EventKind.CLOSE, from.id, () -> {
            if (live.containsKey(from.id) || (from.peer != null && live.containsKey(from.peer.id))) {
                reset(from, "TCP gave up retransmitting");
            }
        });
    }

    /** Resets both sides: each still-open side hears RESET after one latency. */
    private void reset(SimConnection side, String why) {
        CloseCause cause = CloseCause.of(CloseCause.Kind.RESET, why);
        for (SimConnection c : new SimConnection[] {side, side.peer}) {
            c.broken = true;
            c.clogged.clear();
            if (c.open && c.owner.isUp() && c.owner.incarnation() == c.incarnation) {
                c.scheduleCloseReport(drawLatencyNanos(), cause);
            } else {
                forget(c);
            }
        }
    }

    void forget(SimConnection c) {
        live.remove(c.id);
    }

    private long drawLatencyNanos() {
        SimOptions o = sim.options();
        return 1_000L * Distributions.shiftedExponential(latency, o.latencyMinMicros, o.latencyMeanExtraMicros, o.latencyMaxMicros);
    }

    // ---- node lifecycle --------------------------------------------------------------------

    /** The node's process died: its sides vanish; peers hear of it per the class's fault model. */
    void onNodeDown(SimNode node, boolean powerLoss) {
        listeners.values().removeIf(e -> e.node == node);
        for (SimConnection c : new ArrayList<>(live.values())) {
            if (c.owner != node) {
                continue;
            }
            c.vanish();
            forget(c);
            SimConnection peer = c.peer;
            if (peer == null || !live.containsKey(peer.id)) {
                continue;
            }
            if (powerLoss) {
                peer.broken = true;
                doom(c);
            } else if (linkMode(node.host(), peer.owner.host()) == null) {
                peer.scheduleCloseReport(drawLatencyNanos(), CloseCause.of(CloseCause.Kind.RESET, "peer process died"));
            } else {
                doom(c);
            }
        }
    }

    /** The node stopped gracefully: its open connections close in an orderly way. */
    void onNodeStopped(SimNode node) {
        listeners.values().removeIf(e -> e.node == node);
        for (SimConnection c : new ArrayList<>(live.values())) {
            if (c.owner == node) {
                if (c.open) {
                    c.open = false;
                    transmit(c, SimConnection.FIN);
                }
                c.vanish();
                forget(c);
            }
        }
    }

    /** A restarted machine answers old connections with RST: peers stuck on them learn now. */
    void onNodeStarted(SimNode node) {
        for (SimConnection c : new ArrayList<>(live.values())) {
            if (c.remote.host().equals(node.host()) && c.peer != null && c.peer.owner == node
                    && c.peer.incarnation != node.incarnation()) {
                reset(c, "peer machine restarted");
            }
        }
    }
}
