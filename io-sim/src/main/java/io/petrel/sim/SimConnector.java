package io.petrel.sim;

import io.petrel.env.AcceptHandler;
import io.petrel.env.Address;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Listener;
import io.petrel.env.StreamAcceptHandler;
import io.petrel.env.StreamConnectHandler;
import java.util.TreeMap;

/**
 * The simulated network's listening ports and TCP handshakes, for framed connections and byte
 * streams alike. A port serves one kind: listening on a taken port fails whatever its kind, and a
 * connect of the other kind is refused with a reason saying so (on a real network it would
 * connect, and the listener's parser would then fail on bytes it does not understand; refusing is
 * the same mistake made loud).
 *
 * <p>A handshake follows the link modes of {@link SimNetwork}: refused across a RESET partition,
 * lost (so timed out) across a BLACKHOLE, held until heal across a CLOG. It takes a SYN latency
 * to reach the listener and a SYN-ACK latency back; frames draw both from the "latency" stream,
 * streams from "stream-latency", so streams never shift the draws of frames. A crashed node's
 * listeners vanish with it.
 */
final class SimConnector {

    private static final int FIRST_EPHEMERAL_PORT = 32768;

    private final SimNetwork net;
    private final Simulator sim;
    private final TreeMap<Address, ListenEntry> listeners = new TreeMap<>();
    private final TreeMap<String, Integer> nextPort = new TreeMap<>();
    private long nextConnectionId = 1;

    /** One listening port: exactly one of the two handlers is set. */
    private record ListenEntry(SimNode node, int incarnation, AcceptHandler frames, StreamAcceptHandler streams) {
        boolean serves(Dial dial) {
            return (streams != null) == dial.stream();
        }
    }

    /** One connect attempt: exactly one of the two handlers is set. */
    record Dial(ConnectHandler frames, StreamConnectHandler streams) {
        boolean stream() {
            return streams != null;
        }

        void failed(Address remote, String reason) {
            if (stream()) {
                streams.onConnectFailed(remote, reason);
            } else {
                frames.onConnectFailed(remote, reason);
            }
        }
    }

    SimConnector(SimNetwork net) {
        this.net = net;
        this.sim = net.sim();
    }

    // ---- listen ----------------------------------------------------------------------------

    Listener listen(SimNode node, int incarnation, Address requested, AcceptHandler frames,
            StreamAcceptHandler streams) {
        if (!requested.host().equals(node.host()) && !requested.host().equals("0.0.0.0")) {
            throw new IllegalStateException("cannot listen on " + requested + ": not a local address of "
                    + node.name());
        }
        int port = requested.port() == 0 ? allocatePort(node.host()) : requested.port();
        Address address = new Address(node.host(), port);
        ListenEntry existing = listeners.get(address);
        if (existing != null && existing.node.isUp() && existing.incarnation == existing.node.incarnation()) {
            throw new IllegalStateException("address already in use: " + address);
        }
        ListenEntry entry = new ListenEntry(node, incarnation, frames, streams);
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

    int allocatePort(String host) {
        int port = nextPort.getOrDefault(host, FIRST_EPHEMERAL_PORT);
        while (listeners.containsKey(new Address(host, port))) {
            port++;
        }
        nextPort.put(host, port + 1 > 65535 ? FIRST_EPHEMERAL_PORT : port + 1);
        return port;
    }

    /** The node's process ended: its ports close. */
    void onNodeGone(SimNode node) {
        listeners.values().removeIf(e -> e.node == node);
    }

    // ---- connect ---------------------------------------------------------------------------

    void connect(SimNode from, int incarnation, Address remote, long timeoutMs, Dial dial) {
        long deadline = sim.nowNanos() + timeoutMs * 1_000_000L;
        boolean[] settled = new boolean[1];
        sim.enqueue(deadline, from, incarnation, EventKind.CONNECT_FAILED, 1, () -> {
            if (!settled[0]) {
                settled[0] = true;
                dial.failed(remote, "connect to " + remote + " timed out after " + timeoutMs + " ms");
            }
        });
        attemptConnect(from, incarnation, remote, dial, settled);
    }

    private void attemptConnect(SimNode from, int incarnation, Address remote, Dial dial, boolean[] settled) {
        if (settled[0] || !from.isUp() || from.incarnation() != incarnation) {
            return;
        }
        LinkMode out = net.linkMode(from.host(), remote.host());
        LinkMode back = net.linkMode(remote.host(), from.host());
        if (out == LinkMode.RESET || back == LinkMode.RESET) {
            failConnect(from, incarnation, remote, dial, settled, "connection refused (reset by the network)");
        } else if (out == LinkMode.BLACKHOLE || back == LinkMode.BLACKHOLE) {
            return; // the SYN is lost; the deadline event reports the timeout
        } else if (out == LinkMode.CLOG || back == LinkMode.CLOG) {
            net.whenHealed(() -> attemptConnect(from, incarnation, remote, dial, settled));
        } else {
            long synArrives = sim.nowNanos() + net.drawLatencyNanos(dial.stream());
            sim.enqueue(synArrives, null, 0, EventKind.ACCEPT, remote.port(),
                    () -> arriveAtListener(from, incarnation, remote, dial, settled));
        }
    }

    private void failConnect(SimNode from, int incarnation, Address remote, Dial dial, boolean[] settled,
            String reason) {
        sim.enqueue(sim.nowNanos() + 2 * net.drawLatencyNanos(dial.stream()), from, incarnation,
                EventKind.CONNECT_FAILED, 0, () -> {
                    if (!settled[0]) {
                        settled[0] = true;
                        dial.failed(remote, "connect to " + remote + " failed: " + reason);
                    }
                });
    }

    private void arriveAtListener(SimNode from, int incarnation, Address remote, Dial dial, boolean[] settled) {
        ListenEntry entry = listeners.get(remote);
        if (entry == null || !entry.node.isUp() || entry.incarnation != entry.node.incarnation()) {
            failConnect(from, incarnation, remote, dial, settled, "connection refused");
            return;
        }
        if (!entry.serves(dial)) {
            failConnect(from, incarnation, remote, dial, settled, "connection refused: the port serves "
                    + (dial.stream() ? "framed connections, not a byte stream" : "a byte stream, not frames"));
            return;
        }
        if (entry.node.isPaused()) {
            // The kernel completes the handshake even while the process is frozen; the accept waits.
            sim.enqueue(sim.nowNanos(), entry.node, entry.incarnation, EventKind.ACCEPT, remote.port(),
                    () -> arriveAtListener(from, incarnation, remote, dial, settled));
            return;
        }
        Address clientAddress = new Address(from.host(), allocatePort(from.host()));
        if (dial.stream()) {
            openStream(from, incarnation, clientAddress, remote, entry, dial.streams(), settled);
        } else {
            openFramed(from, incarnation, clientAddress, remote, entry, dial.frames(), settled);
        }
    }

    private void openFramed(SimNode from, int incarnation, Address clientAddress, Address remote, ListenEntry entry,
            ConnectHandler handler, boolean[] settled) {
        SimConnection client = new SimConnection(net, from, incarnation, nextConnectionId++, clientAddress, remote);
        SimConnection server = new SimConnection(net, entry.node, entry.incarnation, nextConnectionId++, remote,
                clientAddress);
        net.register(client, server);
        sim.enqueue(sim.nowNanos(), entry.node, entry.incarnation, EventKind.ACCEPT, server.id, () -> {
            server.handler = entry.frames.onAccept(server);
            long connectedAt = sim.nowNanos() + net.drawLatencyNanos(false);
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

    /**
     * Unlike {@link #openFramed}, the client's CONNECTED event is made before the accept handler
     * runs, so bytes the server sends from {@code onAccept} arrive after the client has its handler.
     */
    private void openStream(SimNode from, int incarnation, Address clientAddress, Address remote, ListenEntry entry,
            StreamConnectHandler handler, boolean[] settled) {
        SimStreamConnection client = new SimStreamConnection(net, from, incarnation, nextConnectionId++,
                clientAddress, remote);
        SimStreamConnection server = new SimStreamConnection(net, entry.node, entry.incarnation, nextConnectionId++,
                remote, clientAddress);
        net.register(client, server);
        sim.enqueue(sim.nowNanos(), entry.node, entry.incarnation, EventKind.ACCEPT, server.id, () -> {
            long connectedAt = sim.nowNanos() + net.drawLatencyNanos(true);
            server.lastArrivalNanos = connectedAt;
            sim.enqueue(connectedAt, from, incarnation, EventKind.CONNECTED, client.id, () -> {
                if (settled[0]) {
                    client.close();
                    return;
                }
                settled[0] = true;
                client.handler = handler.onConnected(client);
            });
            server.handler = entry.streams.onAccept(server);
        });
    }
}
