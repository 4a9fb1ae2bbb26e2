package io.petrel.scenarios.fuzz;

import io.petrel.scenarios.history.FaultRecord;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.world.World;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The faults of one run in progress: each begun with its nodes and a heal scheduled on the
 * {@link World}, recorded as a {@link FaultRecord} in the history when it ends (at once for a fault
 * with nothing to heal), counted by type once injected. {@link #healAll()} ends everything still
 * active when the safety phase ends. Driven by the world's one thread.
 */
public final class FaultSchedule {

    /** A fault in progress: what heals it and the record to complete. */
    private record Active(FaultType type, List<String> nodes, long startMs, Runnable heal) {
    }

    private final World world;
    private final History history;
    private final List<Active> active = new ArrayList<>();
    private final Map<FaultType, Integer> fired = new EnumMap<>(FaultType.class);
    private long lastFaultMs = -1;

    public FaultSchedule(World world, History history) {
        this.world = world;
        this.history = history;
    }

    /** Counts an injected fault of {@code type}. */
    public void fired(FaultType type) {
        fired.merge(type, 1, Integer::sum);
        lastFaultMs = world.nowMs();
    }

    public Map<FaultType, Integer> fired() {
        return new EnumMap<>(fired);
    }

    /** When the last fault began or ended (-1 before any), for "quiet" windows. */
    public long lastFaultMs() {
        return lastFaultMs;
    }

    public boolean anyActive() {
        return !active.isEmpty();
    }

    /** Whether a fault of {@code type} on {@code node} is in progress. */
    public boolean activeOn(FaultType type, String node) {
        return active.stream().anyMatch(a -> a.type() == type && a.nodes().contains(node));
    }

    /** Starts a fault now and schedules its heal after {@code durationMs} (0: nothing to heal later). */
    public void begin(FaultType type, List<String> nodes, long durationMs, Runnable heal) {
        Active a = new Active(type, List.copyOf(nodes), world.nowMs(), heal);
        if (durationMs <= 0) {
            history.fault(new FaultRecord(type.label(), a.nodes(), a.startMs(), a.startMs()));
            return;
        }
        active.add(a);
        world.schedule(durationMs, () -> end(a));
    }

    private void end(Active a) {
        if (active.remove(a)) {
            a.heal().run();
            lastFaultMs = world.nowMs();
            history.fault(new FaultRecord(a.type().label(), a.nodes(), a.startMs(), world.nowMs()));
        }
    }

    /** Heals everything still active, in the order begun. */
    public void healAll() {
        for (Active a : new ArrayList<>(active)) {
            end(a);
        }
    }
}
