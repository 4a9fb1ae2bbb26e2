package io.petrel.chaos;

import io.petrel.env.Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The links of a chaos run that a partition can cut, each a {@link LinkProxy} from one node to
 * another: every broker to every NameServer (its {@code namesrvAddr} names its proxies), every
 * slave to its master's HA port ({@code haMasterAddress}), and the run's clients, as the one node
 * {@value #CLIENTS}, to every NameServer and broker (their dialling goes through
 * {@link #dialViaFor}). Not proxied: a slave's metadata requests to its master's remoting port (it
 * learns that address from the NameServer), so a partition between a slave and its master stops
 * replication but not the 10 s copy of topics and offsets.
 *
 * <p>Proxies are made while the cluster starts, on the run's thread; modes change on that thread;
 * {@link #dialViaFor} is read from the clients' IO threads.
 */
final class Links implements AutoCloseable {

    /** The name every client of a run shares as one end of a link. */
    static final String CLIENTS = "clients";

    private record Key(String from, String to) {
    }

    private final Map<Key, LinkProxy> proxies = new LinkedHashMap<>();
    /** Server address (as the NameServer hands it out) to the server's node name. */
    private final Map<Address, String> servers = new LinkedHashMap<>();

    /** The address {@code from} dials to reach {@code to} at 127.0.0.1:{@code targetPort}; made once. */
    synchronized Address via(String from, String to, int targetPort) {
        LinkProxy p = proxies.computeIfAbsent(new Key(from, to), k -> new LinkProxy(from + "->" + to, targetPort));
        return new Address("127.0.0.1", p.port());
    }

    /** Clients reach {@code node}, serving at {@code address}, through a link of its own. */
    synchronized void server(String node, Address address) {
        servers.put(address, node);
        via(CLIENTS, node, address.port());
    }

    /** Where the clients' connection to {@code remote} goes: its link's proxy, or {@code remote} itself for an address no link serves. */
    UnaryOperator<Address> dialViaFor() {
        return remote -> {
            synchronized (this) {
                String node = servers.get(remote);
                LinkProxy p = node == null ? null : proxies.get(new Key(CLIENTS, node));
                return p == null ? remote : new Address("127.0.0.1", p.port());
            }
        };
    }

    /** The nodes a link touches: the servers and {@value #CLIENTS}, in the order first linked. */
    synchronized List<String> nodes() {
        List<String> names = new ArrayList<>();
        for (Key k : proxies.keySet()) {
            if (!names.contains(k.from())) {
                names.add(k.from());
            }
            if (!names.contains(k.to())) {
                names.add(k.to());
            }
        }
        return names;
    }

    /** Puts every link between a node of {@code sideA} and one of {@code sideB}, either way, in {@code mode}; returns how many. */
    synchronized int set(Collection<String> sideA, Collection<String> sideB, LinkProxy.Mode mode) {
        int n = 0;
        for (Map.Entry<Key, LinkProxy> e : proxies.entrySet()) {
            Key k = e.getKey();
            boolean crosses = sideA.contains(k.from()) && sideB.contains(k.to())
                    || sideB.contains(k.from()) && sideA.contains(k.to());
            if (crosses) {
                e.getValue().setMode(mode);
                n++;
            }
        }
        return n;
    }

    /** Every link back to PASS. */
    synchronized void healAll() {
        proxies.values().forEach(p -> p.setMode(LinkProxy.Mode.PASS));
    }

    @Override
    public synchronized void close() {
        proxies.values().forEach(LinkProxy::close);
    }
}
