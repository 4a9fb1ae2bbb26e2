package io.petrel.store;

import io.petrel.common.Check;
import io.petrel.env.Cancellable;
import io.petrel.env.Clock;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import io.petrel.metrics.Histogram;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.file.MappedFileQueue;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Makes the commit log durable (RocketMQ's {@code FlushRealTimeService} and {@code GroupCommitService}).
 *
 * <p>ASYNC_FLUSH: every {@code flushIntervalCommitLog} ms a force round starts if at least
 * {@code flushCommitLogLeastPages} pages are dirty, or whatever is dirty once
 * {@code flushCommitLogThoroughInterval} ms passed since the last thorough round.
 *
 * <p>SYNC_FLUSH, group commit: a put waiting for durability is queued with the commit-log offset its
 * record ends at; a force round starts when none is running, and every waiter whose record ends at or
 * below the offset the round covered is answered when it completes. Waiters that arrive during a
 * round share the next one. A waiter not covered within {@code syncFlushTimeout} gets
 * {@link Outcome#TIMED_OUT}.
 *
 * <p>A failed round is never a success: the waiters it covered get {@link Outcome#FAILED}, the store
 * refuses writes, and a force is retried every interval until one succeeds (apache/rocketmq#2706).
 *
 * <p>Driven by its node's loop only. A crash drops the waiters unanswered (their producers time out);
 * nothing they were told was false.
 */
final class CommitLogFlushService {

    /** How a waiter ends. */
    enum Outcome { FLUSHED, FAILED, TIMED_OUT }

    static final int MAX_WAITERS = 100_000;

    private record Waiter(long endOffset, long deadlineNanos, Consumer<Outcome> callback) {
    }

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final MappedFileQueue files;
    private final Scheduler scheduler;
    private final Clock clock;
    private final NodeLog log;
    private final RunningFlags flags;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean roundScheduled;
    private boolean stopped;
    private long lastThoroughNanos;
    private long durableOffset;
    private long durableTimestamp;
    /** The lowest offset the log was cut back to while the round in flight ran (MAX_VALUE: no cut). */
    private long cutDuringRound = Long.MAX_VALUE;
    private long forces;
    private long forceFailures;
    private long acknowledgedByForce;
    /** How long each successful force round took, from its start to its completion (ms). */
    private final Histogram forceLatencyMs = new Histogram(FORCE_LATENCY_BOUNDS_MS);
    private Cancellable tick = Cancellable.NONE;
    private Cancellable timeoutTimer = Cancellable.NONE;
    private long timeoutTimerDeadline = Long.MAX_VALUE;
    private boolean forceFailedLast;
    private boolean sabotageAckBeforeForce;
    private LongConsumer durableListener = offset -> { };
    private BooleanSupplier recordsAwaitForce = () -> false;

    /** Bounds of {@link #forceLatencyMs}: a healthy SSD forces in a few ms, a struggling disk in seconds. */
    static final long[] FORCE_LATENCY_BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 5_000};

    CommitLogFlushService(StoreConfig config, CommitLog commitLog, Scheduler scheduler, Clock clock, NodeLog log,
            RunningFlags flags) {
        this.config = config;
        this.commitLog = commitLog;
        this.files = commitLog.files();
        this.scheduler = scheduler;
        this.clock = clock;
        this.log = log;
        this.flags = flags;
    }

    /** After recovery: what is durable and when the periodic work starts. */
    void start(long recoveredDurableOffset) {
        durableOffset = recoveredDurableOffset;
        files.setFlushedWhere(recoveredDurableOffset);
        lastThoroughNanos = clock.nanoTime();
        tick = scheduler.schedule(config.flushIntervalCommitLog(), this::onTick);
    }

    /** Told each time the durable offset advances (the gated dispatcher follows it). */
    void onDurableAdvance(LongConsumer listener) {
        this.durableListener = listener;
    }

    /**
     * {@code awaiting} tells whether records wait for a force to become visible (a SYNC_MASTER's gate
     * under ASYNC_FLUSH while no slave holds them): then every tick forces, whatever
     * {@code flushCommitLogLeastPages} says, so they wait one {@code flushIntervalCommitLog} at most.
     */
    void forceWhileAwaited(BooleanSupplier awaiting) {
        this.recordsAwaitForce = awaiting;
    }

    long durableOffset() {
        return durableOffset;
    }

    long durableTimestamp() {
        return durableTimestamp;
    }

    /** The durations of successful force rounds, in milliseconds. */
    Histogram forceLatencyMs() {
        return forceLatencyMs;
    }

    long forces() {
        return forces;
    }

    long forceFailures() {
        return forceFailures;
    }

    /** Puts acknowledged by a SYNC_FLUSH force (messages per force = this / forces). */
    long acknowledgedByForce() {
        return acknowledgedByForce;
    }

    boolean canAcceptWaiter() {
        return waiters.size() < MAX_WAITERS;
    }

    /**
     * Tests only: acknowledge SYNC_FLUSH waiters before any force, to prove the crash properties catch a
     * store that lies about durability.
     */
    void sabotageAckBeforeForce() {
        sabotageAckBeforeForce = true;
    }

    /** SYNC_FLUSH: {@code callback} runs once a force covering {@code endOffset} ends, or the timeout. */
    void awaitDurable(long endOffset, Consumer<Outcome> callback) {
        Check.state(!stopped, "awaitDurable after stop");
        // SABOTAGE (tests only): ACK_SYNC_FLUSH_BEFORE_FORCE answers FLUSHED without waiting for a force.
        if (endOffset <= durableOffset || sabotageAckBeforeForce) {
            scheduler.execute(() -> callback.accept(Outcome.FLUSHED));
            return;
        }
        long deadline = clock.nanoTime() + config.syncFlushTimeout() * 1_000_000L;
        waiters.addLast(new Waiter(endOffset, deadline, callback));
        armTimeout(deadline);
        requestRound();
    }

    /** Starts a force round soon (after the current event), unless one is running or scheduled. */
    void requestRound() {
        if (!roundScheduled && !files.isFlushing() && !stopped) {
            roundScheduled = true;
            scheduler.execute(this::startRound);
        }
    }

    private void onTick() {
        if (stopped) {
            return;
        }
        long now = clock.nanoTime();
        boolean thorough = now - lastThoroughNanos >= config.flushCommitLogThoroughInterval() * 1_000_000L;
        boolean async = config.flushDiskType() == FlushDiskType.ASYNC_FLUSH;
        int leastPages = async && !thorough && !forceFailedLast && !recordsAwaitForce.getAsBoolean()
                ? config.flushCommitLogLeastPages() : 0;
        if (!files.isFlushing() && startRound(leastPages) && leastPages == 0) {
            lastThoroughNanos = now;
        }
        tick = scheduler.schedule(config.flushIntervalCommitLog(), this::onTick);
    }

    private void startRound() {
        roundScheduled = false;
        if (!files.isFlushing() && !stopped) {
            startRound(0);
        }
    }

    private boolean startRound(int leastPages) {
        long target = files.maxOffset();
        long timestamp = commitLog.lastStoreTimestamp();
        long startNanos = clock.nanoTime();
        cutDuringRound = Long.MAX_VALUE;
        boolean started = files.flush(leastPages, (where, failure) -> {
            if (failure == null) {
                forceLatencyMs.record((clock.nanoTime() - startNanos) / 1_000_000L);
            }
            onRoundEnded(Math.min(target, cutDuringRound), timestamp, failure);
        });
        if (!started && leastPages == 0) {
            onDurable(Math.max(durableOffset, files.flushedWhere()), timestamp);
        }
        return started;
    }

    private void onRoundEnded(long target, long timestamp, DiskException failure) {
        if (failure != null) {
            log.probe("store-force-failed");
            forceFailures++;
            forceFailedLast = true;
            flags.setFlushFailure(failure.getMessage());
            log.error("commit-log force covering offset {} failed: {}; refusing writes until a force succeeds",
                    target, failure.getMessage());
            while (!waiters.isEmpty() && waiters.peekFirst().endOffset() <= target) {
                waiters.pollFirst().callback().accept(Outcome.FAILED);
            }
            return;
        }
        forces++;
        if (forceFailedLast) {
            forceFailedLast = false;
            flags.setFlushFailure(null);
            log.info("commit-log force succeeded again; accepting writes");
        }
        onDurable(target, timestamp);
        boolean sync = config.flushDiskType() == FlushDiskType.SYNC_FLUSH;
        if (!waiters.isEmpty() || (sync && files.maxOffset() > target)) {
            // Under SYNC_FLUSH appends made during the round wait for a force to become visible too.
            requestRound();
        }
    }

    private void onDurable(long offset, long timestamp) {
        if (offset > durableOffset) {
            durableOffset = offset;
            durableTimestamp = timestamp;
            durableListener.accept(offset);
        }
        while (!waiters.isEmpty() && waiters.peekFirst().endOffset() <= durableOffset) {
            acknowledgedByForce++;
            waiters.pollFirst().callback().accept(Outcome.FLUSHED);
        }
    }

    private void armTimeout(long deadline) {
        if (deadline >= timeoutTimerDeadline) {
            return;
        }
        timeoutTimer.cancel();
        timeoutTimerDeadline = deadline;
        long delayMs = Math.max(0, (deadline - clock.nanoTime() + 999_999) / 1_000_000L);
        timeoutTimer = scheduler.schedule(delayMs, this::onTimeoutTimer);
    }

    private void onTimeoutTimer() {
        timeoutTimerDeadline = Long.MAX_VALUE;
        long now = clock.nanoTime();
        while (!waiters.isEmpty() && waiters.peekFirst().deadlineNanos() <= now) {
            waiters.pollFirst().callback().accept(Outcome.TIMED_OUT);
        }
        if (!waiters.isEmpty()) {
            armTimeout(waiters.peekFirst().deadlineNanos());
        }
    }

    /** Shutdown: a last round of everything; {@code done} runs when it ends (true when it succeeded). */
    void flushAll(Consumer<Boolean> done) {
        if (files.isFlushing()) {
            scheduler.schedule(1, () -> flushAll(done));
            return;
        }
        long target = files.maxOffset();
        long timestamp = commitLog.lastStoreTimestamp();
        cutDuringRound = Long.MAX_VALUE;
        boolean started = files.flush(0, (where, failure) -> {
            onRoundEnded(Math.min(target, cutDuringRound), timestamp, failure);
            done.accept(failure == null);
        });
        if (!started) {
            onDurable(Math.max(durableOffset, files.flushedWhere()), timestamp);
            done.accept(true);
        }
    }

    /**
     * The commit log was cut back to {@code offset}: nothing past it is durable, and no one waits for
     * it. A round in flight forced bytes the cut has since dropped: when it ends it vouches for no more
     * than {@code offset} (fuzz6-84521: such a round put the checkpoint back above the cut).
     */
    void truncateTo(long offset) {
        durableOffset = Math.min(durableOffset, offset);
        cutDuringRound = Math.min(cutDuringRound, offset);
        ArrayDeque<Waiter> keep = new ArrayDeque<>();
        for (Waiter w : waiters) {
            if (w.endOffset() > offset) {
                w.callback().accept(Outcome.FAILED);
            } else {
                keep.addLast(w);
            }
        }
        waiters.clear();
        waiters.addAll(keep);
    }

    /** Stops timers; waiters still queued are answered FAILED (the store is going away). */
    void stop() {
        stopped = true;
        tick.cancel();
        timeoutTimer.cancel();
        while (!waiters.isEmpty()) {
            waiters.pollFirst().callback().accept(Outcome.FAILED);
        }
    }
}
