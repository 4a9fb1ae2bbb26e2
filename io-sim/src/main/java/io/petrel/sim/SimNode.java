package io.petrel.sim;

import io.petrel.env.BugHandler;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.env.NodeFactory;
import io.petrel.env.ProcessExit;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated machine running one node: its host address, its disk (which outlives the process),
 * its clock, and the current process incarnation.
 *
 * <p>States and transitions:
 * <pre>
 *   DOWN --start/restart--> RUNNING --pause--> PAUSED --resume--> RUNNING
 *   RUNNING/PAUSED --crash--> DOWN      RUNNING --shutdown (node calls done)--> DOWN
 * </pre>
 * Each start begins a new incarnation; events made by an earlier incarnation are never delivered.
 */
public final class SimNode {

    /** Lifecycle state of the node's process. */
    public enum State { DOWN, RUNNING, PAUSED }

    private final Simulator sim;
    private final int id;
    private final String name;
    private final String host;
    private final NodeFactory factory;
    private final SimDisk disk;
    private final SimClock clock;
    private final List<SimEvent> parked = new ArrayList<>();
    private State state = State.DOWN;
    private int incarnation;
    private Env env;
    private Node node;
    private int starts;

    SimNode(Simulator sim, int id, String name, String host, NodeFactory factory) {
        this.sim = sim;
        this.id = id;
        this.name = name;
        this.host = host;
        this.factory = factory;
        this.clock = new SimClock(sim, sim.options().epochMs);
        this.disk = new SimDisk(sim, this, sim.stream(name, "disk"), sim.options().diskTotalBytes);
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public SimDisk disk() {
        return disk;
    }

    public SimClock clock() {
        return clock;
    }

    public State state() {
        return state;
    }

    public boolean isUp() {
        return state != State.DOWN;
    }

    boolean isPaused() {
        return state == State.PAUSED;
    }

    int incarnation() {
        return incarnation;
    }

    /** How many times this node has been started. */
    public int starts() {
        return starts;
    }

    /** The running node object, or null while down or before its factory ran. */
    public Node node() {
        return node;
    }

    /** The running node object as its concrete type. */
    public <T> T nodeAs(Class<T> type) {
        return type.cast(node);
    }

    /** The current incarnation's environment; null while down. */
    public Env env() {
        return state == State.DOWN ? null : env;
    }

    /** Starts a new incarnation on the surviving disk; the factory runs as the first event. */
    public void start() {
        if (state != State.DOWN) {
            throw new IllegalStateException(name + " is already " + state);
        }
        incarnation++;
        starts++;
        state = State.RUNNING;
        clock.onProcessStart(sim.stream(name, "clock#" + incarnation).nextLong());
        env = new Env(name, clock, new SimScheduler(sim, this, incarnation),
                new SimNodeNetwork(sim.network(), this, incarnation), disk,
                sim.stream(name, "random#" + incarnation), new SimNodeLog(sim, name), exitFor(incarnation),
                BugHandler.RETHROW);
        sim.network().onNodeStarted(this);
        lifecycle("start #" + starts, () -> {
            node = factory.create(env);
            node.start();
        });
    }

    /** A process exit requested by the node: it goes down right after the current event, as after kill -9. */
    private ProcessExit exitFor(int exiting) {
        return (status, reason) -> sim.enqueue(sim.nowNanos(), this, exiting, EventKind.LIFECYCLE, 5, () -> {
            sim.log().line(sim.nowNanos(), name, "EXIT", "status " + status + ": " + reason);
            crash(CrashKind.PROCESS);
        });
    }

    /** Same as {@link #start()}; reads better after a crash. */
    public void restart() {
        start();
    }

    /** Kills the process now; see {@link CrashKind} for what the disk keeps. */
    public void crash(CrashKind kind) {
        if (state == State.DOWN) {
            return;
        }
        sim.log().line(sim.nowNanos(), name, "CRASH", kind.name());
        sim.foldIntoTrace(((long) id << 8) | kind.ordinal());
        state = State.DOWN;
        parked.clear();
        node = null;
        sim.network().onNodeDown(this, kind == CrashKind.POWER_LOSS);
        disk.onCrash(kind);
    }

    /**
     * Asks the node to stop gracefully. When it calls back, its connections close in an orderly way
     * and its files are released. A node that never calls back is crashed after the grace period.
     */
    public void shutdown() {
        if (state != State.RUNNING) {
            return;
        }
        int stopping = incarnation;
        lifecycle("shutdown", () -> {
            Node n = node;
            if (n == null) {
                finishShutdown(stopping);
                return;
            }
            n.shutdown(() -> sim.enqueue(sim.nowNanos(), this, stopping, EventKind.LIFECYCLE, 3,
                    () -> finishShutdown(stopping)));
        });
        sim.enqueue(sim.nowNanos() + sim.options().shutdownGraceMs * 1_000_000L, this, stopping,
                EventKind.LIFECYCLE, 4, () -> {
                    sim.log().line(sim.nowNanos(), name, "WARN", "shutdown did not finish in time; killing");
                    crash(CrashKind.PROCESS);
                });
    }

    private void finishShutdown(int stopping) {
        if (incarnation != stopping || state == State.DOWN) {
            return;
        }
        sim.log().line(sim.nowNanos(), name, "STOPPED", "graceful");
        state = State.DOWN;
        node = null;
        sim.network().onNodeStopped(this);
        disk.onProcessExit();
    }

    /** Freezes the process: its events wait until {@link #resume()}; its peers see silence. */
    public void pause() {
        if (state == State.RUNNING) {
            state = State.PAUSED;
            sim.log().line(sim.nowNanos(), name, "PAUSE", "");
        }
    }

    public void resume() {
        if (state == State.PAUSED) {
            state = State.RUNNING;
            sim.log().line(sim.nowNanos(), name, "RESUME", parked.size() + " parked events");
            List<SimEvent> events = new ArrayList<>(parked);
            parked.clear();
            sim.requeueParked(events);
        }
    }

    private void lifecycle(String what, Runnable task) {
        sim.log().line(sim.nowNanos(), name, "LIFECYCLE", what);
        sim.enqueue(sim.nowNanos(), this, incarnation, EventKind.LIFECYCLE, starts, task);
    }

    boolean accepts(SimEvent event) {
        return state != State.DOWN && event.incarnation == incarnation;
    }

    void park(SimEvent event) {
        parked.add(event);
    }

    @Override
    public String toString() {
        return name + "(" + host + ", " + state + ")";
    }
}
