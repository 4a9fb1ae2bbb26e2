package io.petrel.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of one run as processes on this host: started from a {@link Topology} at once, or one
 * by one (Petrel's or Apache RocketMQ's), each under the run directory with ports of its own.
 * {@link #close()} stops every node it started that still runs, brokers first and then NameServers
 * (as {@code bin/mqshutdown broker} then {@code namesrv}), gracefully, killing any that do not stop
 * in time; so does the JVM's shutdown hook this cluster registers until it is closed, so Ctrl-C of
 * whatever drives it leaves nothing running. A start that fails closes what this cluster started.
 *
 * <p>One thread starts the nodes; the shutdown hook may stop them meanwhile, and the nodes may be
 * driven from any thread (see {@link NodeProcess}).
 */
public final class ProcessCluster implements AutoCloseable {

    private final RunSettings settings;
    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    private final List<String> namesrvAddrs = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "process-cluster-shutdown");
    private boolean closed;

    private ProcessCluster(RunSettings settings) {
        this.settings = settings;
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + settings.dir(), e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** An empty cluster in {@code settings}' run directory; start its nodes one by one. */
    public static ProcessCluster open(RunSettings settings) {
        return new ProcessCluster(settings);
    }

    /** Starts {@code topology}'s NameServers, then its brokers in order; returns once every one serves. */
    public static ProcessCluster start(RunSettings settings, Topology topology) {
        ProcessCluster cluster = new ProcessCluster(settings);
        try {
            for (int i = 0; i < topology.namesrvs(); i++) {
                cluster.startNamesrv(topology.namesrvProperties());
            }
            for (BrokerSpec broker : topology.brokers()) {
                cluster.startBroker(broker);
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.closeAfterFailure(e);
            throw e;
        }
    }

    /** Starts a Petrel NameServer from {@code conf/mqnamesrv.properties}, named {@code namesrv-<n>}. */
    public NodeProcess startNamesrv() {
        return startNamesrv(Map.of());
    }

    /** As {@link #startNamesrv()}, with {@code properties} set over the shipped file. */
    public NodeProcess startNamesrv(Map<String, String> properties) {
        String name = "namesrv-" + (namesrvAddrs.size() + 1);
        NodeProcess node = add(name, () -> PetrelNodes.namesrv(settings, name, properties));
        namesrvAddrs.add(node.address());
        return node;
    }

    /** Starts Petrel's broker {@code spec}, registering with this cluster's NameServers unless its lines name others. */
    public NodeProcess startBroker(BrokerSpec spec) {
        return add(spec.name(), () -> PetrelNodes.broker(settings, spec, namesrvAddrFor(spec)));
    }

    /** Starts Apache RocketMQ 4.9.7's NameServer, named {@code namesrv-<n>}. */
    public NodeProcess startApacheNamesrv() {
        String name = "namesrv-" + (namesrvAddrs.size() + 1);
        NodeProcess node = add(name, () -> ApacheNodes.namesrv(settings, name));
        namesrvAddrs.add(node.address());
        return node;
    }

    /** Starts Apache RocketMQ 4.9.7's broker {@code spec}, registering with this cluster's NameServers unless it names others. */
    public NodeProcess startApacheBroker(BrokerSpec spec) {
        return add(spec.name(), () -> ApacheNodes.broker(settings, spec, namesrvAddrFor(spec)));
    }

    /** This cluster's NameServers, as brokers and clients are given them: {@code host:port;host:port}. */
    public String namesrvAddr() {
        return String.join(";", namesrvAddrs);
    }

    /** The node called {@code name}; an unknown name is refused, naming the nodes there are. */
    public synchronized NodeProcess node(String name) {
        NodeProcess node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node '" + name + "' in this cluster: it has " + nodes.keySet());
        }
        return node;
    }

    /** Every node, in the order started. */
    public synchronized List<NodeProcess> nodes() {
        return List.copyOf(nodes.values());
    }

    public RunSettings settings() {
        return settings;
    }

    /**
     * Stops every node that still runs (see the class comment) and waits for each. Throws, after
     * all were stopped or killed, when one had to be killed or could not be stopped.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs stopAll itself, which is what close does.
        }
        List<String> problems = stopAll();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("stopping the cluster in " + settings.dir() + ": " + String.join("; ", problems));
        }
    }

    private interface Starter {
        NodeProcess create() throws IOException;
    }

    private NodeProcess add(String name, Starter starter) {
        if (closed) {
            throw new IllegalStateException("this cluster is closed");
        }
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("this cluster already has a node called '" + name + "'");
        }
        NodeProcess node;
        try {
            node = starter.create();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of " + name + " in " + settings.dir(), e);
        }
        register(node);
        node.start();
        return node;
    }

    /** Before the node starts, so that a shutdown hook running meanwhile stops it too. */
    private synchronized void register(NodeProcess node) {
        nodes.put(node.name(), node);
    }

    private String namesrvAddrFor(BrokerSpec spec) {
        if (namesrvAddrs.isEmpty() && !spec.properties().containsKey("namesrvAddr")) {
            throw new IllegalStateException("start a NameServer before broker " + spec.name() + ", or give it namesrvAddr");
        }
        return namesrvAddr();
    }

    /** Brokers first, all signalled before any is waited for; then the NameServers. Returns what went wrong. */
    private List<String> stopAll() {
        List<String> problems = new ArrayList<>();
        List<NodeProcess> all = nodes();
        stopTogether(all.stream().filter(n -> n.kind().isBroker()).toList(), problems);
        stopTogether(all.stream().filter(n -> !n.kind().isBroker()).toList(), problems);
        return problems;
    }

    private static void stopTogether(List<NodeProcess> group, List<String> problems) {
        List<NodeProcess> stopping = new ArrayList<>();
        for (NodeProcess node : group) {
            NodeProcess.State state = node.state();
            if (state == NodeProcess.State.RUNNING || state == NodeProcess.State.PAUSED) {
                try {
                    node.requestStop();
                    stopping.add(node);
                } catch (RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        for (NodeProcess node : stopping) {
            try {
                node.awaitStop();
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
    }

    private void closeAfterFailure(Throwable failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public synchronized String toString() {
        return "cluster of " + nodes.keySet() + " in " + settings.dir();
    }
}
