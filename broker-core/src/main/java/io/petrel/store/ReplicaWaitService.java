package io.petrel.store;

import io.petrel.env.Cancellable;
import io.petrel.env.Clock;
import io.petrel.env.Scheduler;
import io.petrel.metrics.Histogram;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * SYNC_MASTER puts waiting for a slave's acknowledgement (RocketMQ's {@code GroupTransferService}):
 * each waits until {@link ReplicaAcks#isAcknowledged} holds for its bytes, or {@code slaveTimeout}
 * passes. Waiters are answered in the order they came, which is the order of their bytes: a waiter
 * is answered when it is acknowledged or expired, and those behind it then follow.
 *
 * <p>Driven by its node's loop only. A crash drops the waiters unanswered; {@link #stop} answers
 * them not acknowledged, which is what they are.
 */
final class ReplicaWaitService {

    private record Waiter(long wroteOffset, long endOffset, long startNanos, long deadlineNanos,
            Consumer<Boolean> callback) {
    }

    /** Bounds of {@link #ackLatencyMs}: a slave on the same LAN acknowledges in a few ms. */
    static final long[] ACK_LATENCY_BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 3_000};

    private final Scheduler scheduler;
    private final Clock clock;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** From a put's wait starting to a slave acknowledging it (ms); expired waits are not in it. */
    private final Histogram ackLatencyMs = new Histogram(ACK_LATENCY_BOUNDS_MS);
    private ReplicaAcks acks;
    private int timeoutMs;
    private Cancellable timer = Cancellable.NONE;
    private long timerDeadline = Long.MAX_VALUE;

    ReplicaWaitService(Scheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void setAcks(ReplicaAcks acks, int timeoutMs) {
        this.acks = acks;
        this.timeoutMs = timeoutMs;
    }

    int timeoutMs() {
        return timeoutMs;
    }

    ReplicaAcks acks() {
        return acks;
    }

    Histogram ackLatencyMs() {
        return ackLatencyMs;
    }

    int waiting() {
        return waiters.size();
    }

    /** {@code callback} gets true once a slave acknowledged the bytes, false after the timeout. */
    void await(long wroteOffset, long endOffset, Consumer<Boolean> callback) {
        long start = clock.nanoTime();
        long deadline = start + timeoutMs * 1_000_000L;
        waiters.addLast(new Waiter(wroteOffset, endOffset, start, deadline, callback));
        arm(deadline);
        scheduler.execute(this::onAck);
    }

    /** A slave reported: answer every acknowledged or expired waiter at the head. */
    void onAck() {
        long now = clock.nanoTime();
        while (!waiters.isEmpty()) {
            Waiter head = waiters.peekFirst();
            boolean acked = acks != null && acks.isAcknowledged(head.wroteOffset(), head.endOffset());
            if (!acked && now - head.deadlineNanos() < 0) {
                break;
            }
            if (acked) {
                ackLatencyMs.record((now - head.startNanos()) / 1_000_000L);
            }
            waiters.pollFirst().callback().accept(acked);
        }
        if (!waiters.isEmpty()) {
            arm(waiters.peekFirst().deadlineNanos());
        }
    }

    private void arm(long deadline) {
        if (timerDeadline <= deadline && timerDeadline > clock.nanoTime()) {
            return;
        }
        timer.cancel();
        timerDeadline = deadline;
        long delayMs = Math.max(0, (deadline - clock.nanoTime() + 999_999) / 1_000_000L);
        timer = scheduler.schedule(delayMs, () -> {
            timerDeadline = Long.MAX_VALUE;
            onAck();
        });
    }

    void stop() {
        timer.cancel();
        while (!waiters.isEmpty()) {
            waiters.pollFirst().callback().accept(false);
        }
    }
}
