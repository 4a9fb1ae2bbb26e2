package io.petrel.sim;

import io.petrel.env.Cancellable;
import io.petrel.env.Node;
import io.petrel.env.NodeFactory;
import io.petrel.env.RandomSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One deterministic world: virtual time, one event queue ordered by (time, sequence), one seed,
 * the simulated network and the nodes with their disks.
 *
 * <p>Driven by the calling thread through {@link #step()}, {@link #runFor} and {@link #runUntil}.
 * Events of a node that crashed or restarted since they were made are dropped; events of a paused
 * node are parked until it resumes. An exception thrown by a node's code fails the whole run with
 * a {@link SimulationFailure} carrying the seed, because in simulation a bug must stop the world
 * where it happened. So does a broken invariant: after a node's event (every one, or every N-th as
 * {@link SimOptions#invariantCheckEvery} says) the simulator asks that node to check its
 * invariants, which must not change anything, so checking never changes a run's trace.
 */
public final class Simulator implements AutoCloseable {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final SeedStreams streams;
    private final SimOptions options;
    private final EventQueue queue = new EventQueue();
    private final TraceHash trace;
    private final EventLog log;
    private final SimNetwork network;
    private final Coverage coverage = new Coverage();
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private long nowNanos;
    private long nextSeq;
    private long nodeEventsSinceCheck;
    private boolean closed;

    public Simulator(long seed) {
        this(seed, SimOptions.defaults());
    }

    public Simulator(long seed, SimOptions options) {
        this.streams = new SeedStreams(seed);
        this.options = options;
        this.trace = new TraceHash(seed);
        this.log = new EventLog(options.recentLogLines);
        // Streams draw from their own random streams, so a run without byte streams draws exactly
        // what it drew before they existed and keeps its trace hash.
        this.network = new SimNetwork(this, streams.stream("network", "latency"),
                streams.stream("network", "stream-latency"), streams.stream("network", "stream-chunks"));
    }

    // ---- world ---------------------------------------------------------------------------

    /** Adds a node (not started) with its own disk; {@code host} is its IPv4 address. */
    public SimNode addNode(String name, String host, NodeFactory factory) {
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("node name already used: " + name);
        }
        for (SimNode n : nodes.values()) {
            if (n.host().equals(host)) {
                throw new IllegalArgumentException("host " + host + " already belongs to " + n.name());
            }
        }
        SimNode node = new SimNode(this, nodes.size() + 1, name, host, factory);
        nodes.put(name, node);
        return node;
    }

    public SimNode node(String name) {
        SimNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node named " + name);
        }
        return node;
    }

    public Collection<SimNode> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    public SimNetwork network() {
        return network;
    }

    public long seed() {
        return streams.seed();
    }

    public SimOptions options() {
        return options;
    }

    /** A random stream for (scope, purpose), independent of every other stream. */
    public RandomSource stream(String scope, String purpose) {
        return streams.stream(scope, purpose);
    }

    /** How often each coverage probe fired in this run. */
    public Coverage coverage() {
        return coverage;
    }

    public TraceHash trace() {
        return trace;
    }

    public EventLog log() {
        return log;
    }

    public long nowNanos() {
        return nowNanos;
    }

    /** Virtual milliseconds since the run started. */
    public long elapsedMs() {
        return nowNanos / NANOS_PER_MILLI;
    }

    /** Folds a value into the trace hash, e.g. a digest of the final state. */
    public void foldIntoTrace(long value) {
        trace.foldValue(value);
    }

    // ---- driver events -------------------------------------------------------------------

    /** Runs {@code task} (test or scenario code, owned by no node) after {@code delayMs}. */
    public Cancellable schedule(long delayMs, Runnable task) {
        return enqueue(nowNanos + delayMs * NANOS_PER_MILLI, null, 0, EventKind.DRIVER, 0, task);
    }

    // ---- running --------------------------------------------------------------------------

    /** Executes the next event; false when nothing is pending. */
    public boolean step() {
        SimEvent event;
        while ((event = queue.poll()) != null) {
            if (event.cancelled) {
                continue;
            }
            SimNode owner = event.owner;
            if (owner != null) {
                if (!owner.accepts(event)) {
                    continue;
                }
                if (owner.isPaused()) {
                    owner.park(event);
                    continue;
                }
            }
            execute(event);
            return true;
        }
        return false;
    }

    private void execute(SimEvent event) {
        nowNanos = event.timeNanos;
        SimNode owner = event.owner;
        trace.fold(event.timeNanos, owner == null ? 0 : owner.id(), event.kind, event.detail);
        if (log.wantsEvents()) {
            log.event(event.timeNanos, owner == null ? "sim" : owner.name(), event.kind, event.detail, "");
        }
        try {
            event.task.run();
            if (owner != null) {
                afterNodeEvent(owner);
            }
        } catch (SimulationFailure f) {
            throw f;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            String where = owner == null ? "driver" : "node " + owner.name();
            throw new SimulationFailure(seed(), where + " threw at t=" + nowNanos / 1e9 + "s during "
                    + EventKind.name(event.kind) + ": " + e + recentLogText(), e);
        }
    }

    private void afterNodeEvent(SimNode owner) {
        int every = options.invariantCheckEvery;
        if (every == 0 || ++nodeEventsSinceCheck < every) {
            return;
        }
        nodeEventsSinceCheck = 0;
        Node node = owner.state() == SimNode.State.DOWN ? null : owner.node();
        if (node != null) {
            node.invariants();
        }
    }

    /** Runs every event due within the next {@code millis} of virtual time, then sets the clock there. */
    public void runFor(long millis) {
        runUntilNanos(nowNanos + millis * NANOS_PER_MILLI);
    }

    /** Runs every event due at or before {@code deadlineNanos}, then sets the clock there. */
    public void runUntilNanos(long deadlineNanos) {
        while (true) {
            SimEvent next = queue.peek();
            if (next == null || next.timeNanos > deadlineNanos) {
                break;
            }
            step();
        }
        if (deadlineNanos > nowNanos) {
            nowNanos = deadlineNanos;
        }
    }

    /**
     * Runs until {@code condition} holds (checked before the first event and after each one) or
     * {@code maxMs} of virtual time pass. Returns whether the condition held.
     */
    public boolean runUntil(BooleanSupplier condition, long maxMs) {
        long deadline = nowNanos + maxMs * NANOS_PER_MILLI;
        while (!condition.getAsBoolean()) {
            SimEvent next = queue.peek();
            if (next == null || next.timeNanos > deadline) {
                if (deadline > nowNanos) {
                    nowNanos = deadline;
                }
                return condition.getAsBoolean();
            }
            step();
        }
        return true;
    }

    public int pendingEvents() {
        return queue.size();
    }

    // ---- internals used by nodes, network and disks --------------------------------------

    SimEvent enqueue(long timeNanos, SimNode owner, int incarnation, int kind, long detail, Runnable task) {
        if (timeNanos < nowNanos) {
            timeNanos = nowNanos;
        }
        SimEvent event = new SimEvent(timeNanos, nextSeq++, owner, incarnation, kind, detail, task);
        queue.add(event);
        return event;
    }

    void requeueParked(List<SimEvent> parked) {
        for (SimEvent e : parked) {
            enqueue(nowNanos, e.owner, e.incarnation, e.kind, e.detail, e.task);
        }
    }

    /** The tail of the node logs, for failure messages. */
    public String recentLogText() {
        List<String> lines = new ArrayList<>(log.recent());
        if (lines.isEmpty()) {
            return "";
        }
        int from = Math.max(0, lines.size() - 40);
        return "\n  last log lines:\n    " + String.join("\n    ", lines.subList(from, lines.size()));
    }

    /** Releases every disk's in-memory file system. The simulator cannot run afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SimNode node : nodes.values()) {
            node.disk().close();
        }
    }
}
