package io.petrel.sim;

import io.petrel.env.Cancellable;

/**
 * One entry of the simulator's queue: a task due at a virtual instant, owned by a node
 * incarnation (or by the simulator itself when {@code owner} is null). Ordered by
 * (time, sequence number), so events due at the same instant run in the order they were made.
 */
final class SimEvent implements Cancellable {

    final long timeNanos;
    final long seq;
    final SimNode owner;
    final int incarnation;
    final int kind;
    final long detail;
    final Runnable task;
    boolean cancelled;

    SimEvent(long timeNanos, long seq, SimNode owner, int incarnation, int kind, long detail, Runnable task) {
        this.timeNanos = timeNanos;
        this.seq = seq;
        this.owner = owner;
        this.incarnation = incarnation;
        this.kind = kind;
        this.detail = detail;
        this.task = task;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    boolean before(SimEvent other) {
        return timeNanos < other.timeNanos || (timeNanos == other.timeNanos && seq < other.seq);
    }
}
