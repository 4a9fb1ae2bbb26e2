package io.petrel.sim;

import io.petrel.env.Cancellable;
import io.petrel.env.Scheduler;

/** The {@link Scheduler} of one node incarnation: tasks become simulator events owned by it. */
final class SimScheduler implements Scheduler {

    private final Simulator sim;
    private final SimNode node;
    private final int incarnation;

    SimScheduler(Simulator sim, SimNode node, int incarnation) {
        this.sim = sim;
        this.node = node;
        this.incarnation = incarnation;
    }

    @Override
    public Cancellable execute(Runnable task) {
        return sim.enqueue(sim.nowNanos(), node, incarnation, EventKind.TASK, 0, task);
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("negative delay: " + delayMs);
        }
        return sim.enqueue(sim.nowNanos() + delayMs * 1_000_000L, node, incarnation, EventKind.TIMER, delayMs, task);
    }
}
