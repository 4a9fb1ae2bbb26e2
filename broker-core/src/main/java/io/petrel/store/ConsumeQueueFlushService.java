package io.petrel.store;

import io.petrel.common.FanIn;
import io.petrel.env.Cancellable;
import io.petrel.env.Clock;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import io.petrel.store.index.IndexService;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;

/**
 * Makes the consume queues and the index durable and records in the checkpoint how far they are
 * (RocketMQ's {@code FlushConsumeQueueService}). Every {@code flushIntervalConsumeQueue} ms a round
 * forces each queue with at least {@code flushConsumeQueueLeastPages} dirty pages (every dirty queue
 * once {@code flushConsumeQueueThoroughInterval} ms passed), the index, and then writes the checkpoint
 * with the commit-log offsets each part is now durable below.
 *
 * <p>Why the logics offset is safe: it is the smaller of the dispatch position when the round started
 * and the first entry any queue still holds unforced, so every consume-queue entry for a record below
 * it survived a completed force.
 *
 * <p>Driven by its node's loop only; one round at a time. A crash loses nothing the checkpoint claims.
 */
final class ConsumeQueueFlushService {

    private final StoreConfig config;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final CommitLogFlushService commitLogFlush;
    private final StoreCheckpoint checkpoint;
    private final Scheduler scheduler;
    private final Clock clock;
    private final NodeLog log;
    private Cancellable tick = Cancellable.NONE;
    private boolean roundInFlight;
    private long lastThoroughNanos;
    private long logicsOffset;
    private long indexOffset;
    /** The lowest commit-log offset the store was cut back to while the round in flight ran. */
    private long cutDuringRound = Long.MAX_VALUE;
    private long failures;

    ConsumeQueueFlushService(StoreConfig config, ConsumeQueueTable consumeQueues, IndexService index, Dispatcher dispatcher,
            CommitLogFlushService commitLogFlush, StoreCheckpoint checkpoint, Scheduler scheduler, Clock clock, NodeLog log) {
        this.config = config;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.commitLogFlush = commitLogFlush;
        this.checkpoint = checkpoint;
        this.scheduler = scheduler;
        this.clock = clock;
        this.log = log;
    }

    /** After recovery: entries below these offsets are durable. */
    void start(long recoveredLogicsOffset, long recoveredIndexOffset) {
        logicsOffset = recoveredLogicsOffset;
        indexOffset = recoveredIndexOffset;
        lastThoroughNanos = clock.nanoTime();
        tick = scheduler.schedule(config.flushIntervalConsumeQueue(), this::onTick);
    }

    /** Every consume-queue entry for a record below this commit-log offset survived a completed force. */
    long logicsOffset() {
        return logicsOffset;
    }

    boolean isRoundInFlight() {
        return roundInFlight;
    }

    long failures() {
        return failures;
    }

    private void onTick() {
        long now = clock.nanoTime();
        boolean thorough = now - lastThoroughNanos >= config.flushConsumeQueueThoroughInterval() * 1_000_000L;
        if (!roundInFlight) {
            if (thorough) {
                lastThoroughNanos = now;
            }
            flushRound(thorough ? 0 : config.flushConsumeQueueLeastPages(), null);
        }
        tick = scheduler.schedule(config.flushIntervalConsumeQueue(), this::onTick);
    }

    /** One round; {@code done} (may be null) runs after the checkpoint was written. */
    void flushRound(int leastPages, Runnable done) {
        roundInFlight = true;
        cutDuringRound = Long.MAX_VALUE;
        long dispatchPoint = dispatcher.dispatchedOffset();
        long dispatchTimestamp = dispatcher.lastStoreTimestamp();
        boolean[] failed = {false};
        FanIn flushed = new FanIn("consume-queue flush round", 1,
                () -> onRoundEnded(dispatchPoint, dispatchTimestamp, failed[0], done));
        Runnable oneDone = flushed::arrive;
        for (ConsumeQueue q : consumeQueues.queues()) {
            flushed.expect();
            if (!q.flush(leastPages, (where, failure) -> {
                failed[0] |= noteFailure(q.toString(), failure);
                oneDone.run();
            })) {
                flushed.withdraw();
            }
        }
        if (index != null) {
            flushed.expect();
            if (!index.flush(failure -> {
                failed[0] |= noteFailure("index", failure);
                oneDone.run();
            })) {
                flushed.withdraw();
            }
        }
        oneDone.run();
    }

    private boolean noteFailure(String what, DiskException failure) {
        if (failure == null) {
            return false;
        }
        failures++;
        log.probe("store-consume-queue-force-failed");
        log.error("force of {} failed: {}", what, failure.getMessage());
        return true;
    }

    private void onRoundEnded(long dispatchPoint, long dispatchTimestamp, boolean failed, Runnable done) {
        if (failed) {
            log.warn("consume-queue flush round had failures; the checkpoint keeps logics offset {}", logicsOffset);
            writeCheckpoint(done);
            return;
        }
        // A cut during the round dropped the entries past it: the round vouches for nothing above it.
        long point = Math.min(dispatchPoint, cutDuringRound);
        long pointTimestamp = point == dispatchPoint ? dispatchTimestamp : 0;
        long logics = Math.min(point, consumeQueues.durableBelow());
        if (logics > logicsOffset) {
            logicsOffset = logics;
            checkpoint.setLogics(logics, logics == point ? pointTimestamp : 0);
        }
        long indexed = index == null ? point : Math.min(point, index.durableBelow());
        if (indexed > indexOffset) {
            indexOffset = indexed;
            checkpoint.setIndex(indexed, indexed == point ? pointTimestamp : 0);
        }
        writeCheckpoint(done);
    }

    private void writeCheckpoint(Runnable done) {
        checkpoint.setPhysic(commitLogFlush.durableOffset(), commitLogFlush.durableTimestamp());
        checkpoint.flush(() -> {
            roundInFlight = false;
            if (done != null) {
                done.run();
            }
        });
    }

    /**
     * A slave's store was cut back to commit-log offset {@code offset}: entries past it are gone, so
     * neither offset may stay above it, nor may a round in flight raise them past it when it ends.
     */
    void truncateTo(long offset) {
        logicsOffset = Math.min(logicsOffset, offset);
        indexOffset = Math.min(indexOffset, offset);
        cutDuringRound = Math.min(cutDuringRound, offset);
    }

    /** Runs one full round once no round is in flight (shutdown). */
    void flushWhenIdle(Runnable done) {
        if (roundInFlight) {
            scheduler.schedule(1, () -> flushWhenIdle(done));
            return;
        }
        flushRound(0, done);
    }

    void stop() {
        tick.cancel();
    }
}
