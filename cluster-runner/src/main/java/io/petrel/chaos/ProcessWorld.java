package io.petrel.chaos;

import io.petrel.cluster.NodeProcess;
import io.petrel.cluster.ProcessCluster;
import io.petrel.scenarios.world.World;
import io.petrel.scenarios.world.WorldNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A {@link ProcessCluster} as a {@link World}: time is the wall clock's since the run began, and an
 * action scheduled for later (a fault's heal) runs on the run's thread when it calls
 * {@link #runDue()}, in the order due. Its servers are the cluster's nodes in start order
 * (NameServers, masters, slaves); its clients are the workload's in-process client nodes, which
 * a crash or pause reaches as {@link ChaosWorkload} describes (partitions, through {@link Links}).
 */
final class ProcessWorld implements World {

    private record Due(long atMs, long seq) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return atMs != o.atMs ? Long.compare(atMs, o.atMs) : Long.compare(seq, o.seq);
        }
    }

    private final ProcessCluster cluster;
    private final long startNanos = System.nanoTime();
    private final TreeMap<Due, Runnable> due = new TreeMap<>();
    private long seq;
    private Supplier<List<WorldNode>> clients = List::of;

    ProcessWorld(ProcessCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void schedule(long delayMs, Runnable action) {
        due.put(new Due(nowMs() + delayMs, seq++), action);
    }

    /** Runs every action whose time has come. */
    void runDue() {
        while (!due.isEmpty() && due.firstKey().atMs() <= nowMs()) {
            Map.Entry<Due, Runnable> first = due.pollFirstEntry();
            first.getValue().run();
        }
    }

    @Override
    public List<WorldNode> serverNodes() {
        List<WorldNode> nodes = new ArrayList<>();
        for (NodeProcess p : cluster.nodes()) {
            nodes.add(new ProcessWorldNode(p));
        }
        return nodes;
    }

    /** The workload's clients, once it started. */
    void clients(Supplier<List<WorldNode>> nodes) {
        this.clients = nodes;
    }

    @Override
    public List<WorldNode> clientNodes() {
        return clients.get();
    }
}
