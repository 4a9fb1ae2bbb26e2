package io.petrel.store;

import io.petrel.common.message.MessageFormat.RecordCheck;
import io.petrel.env.Cancellable;
import io.petrel.env.Clock;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.commitlog.CommitLogScanner;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.index.IndexService;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Follows the commit log and builds the consume queues and the index from it (RocketMQ's
 * {@code ReputMessageService} and {@code CommitLogDispatcher}s). Appends hand their
 * {@link DispatchRequest}s over directly; raw appended bytes are parsed back from the commit log.
 * Dispatch is in commit-log order: {@link #dispatchedOffset} is the end of the last record whose
 * entries are written, and is what the consume-queue flush may declare durable.
 *
 * <p>When a write fails (a disk error, no space for a new consume-queue file) the request and every
 * later one wait in a backlog, the store refuses writes, and the backlog is retried every second.
 * Entries are idempotent, so a retry after a partial success is harmless.
 *
 * <p>Under SYNC_FLUSH the dispatcher is <em>gated</em> ({@link #gateOnSafe}): a record becomes
 * visible (consume-queue entry, index keys, long-poll wake-up) only once a force covers it. Otherwise
 * a consumer could read, and commit an offset past, a record that a power loss then takes back; the
 * queue offsets it held would be handed to later, acknowledged messages, which that consumer's
 * committed offset would skip. (Apache RocketMQ 4.9 dispatches before the force and has exactly this
 * window.) A SYNC_MASTER under ASYNC_FLUSH is gated too, and a record becomes visible once it is
 * forced <em>or</em> a slave holds it: either way it survives a power loss of this master (the slave
 * hands its copy back, see {@code io.petrel.ha.HaRecovery}). Otherwise, ASYNC_FLUSH waits for
 * nothing: losing unforced records there is what the mode allows.
 *
 * <p>Driven by its node's loop only. A crash loses the backlog; recovery rebuilds from the commit log.
 */
final class Dispatcher {

    static final long RETRY_MS = 1000;

    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final Scheduler scheduler;
    private final Clock clock;
    private final NodeLog log;
    private final RunningFlags flags;
    private final ArrayDeque<DispatchRequest> backlog = new ArrayDeque<>();
    private final ArrayDeque<DispatchRequest> awaitingSafety = new ArrayDeque<>();
    private long visibleLimit = Long.MAX_VALUE;
    private MessageArrivingListener listener = MessageArrivingListener.NONE;
    private long dispatchedOffset;
    private long rawScanOffset;
    private long lastStoreTimestamp;
    private Cancellable retry = Cancellable.NONE;
    private Cancellable rawRetry = Cancellable.NONE;
    /** Under the gate: the end of a blank end-of-file record not yet safe. */
    private long deferredBlankEnd = -1;
    private CommitLogScanner lastRawScanner;
    private boolean rawStalled;
    /** Deleted topics: records of them below the commit-log offset mapped here get no consume-queue entry. */
    private final TreeMap<String, Long> deletedBelow = new TreeMap<>();

    Dispatcher(CommitLog commitLog, ConsumeQueueTable consumeQueues, IndexService index, Scheduler scheduler, Clock clock,
            NodeLog log, RunningFlags flags) {
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.scheduler = scheduler;
        this.clock = clock;
        this.log = log;
        this.flags = flags;
    }

    void setListener(MessageArrivingListener listener) {
        this.listener = listener;
    }

    /** Recovery rebuilt everything below {@code offset}. */
    void startAt(long offset, long storeTimestamp) {
        dispatchedOffset = offset;
        lastStoreTimestamp = storeTimestamp;
    }

    long dispatchedOffset() {
        return dispatchedOffset;
    }

    long lastStoreTimestamp() {
        return lastStoreTimestamp;
    }

    /**
     * The end of the last record a consume-queue entry may point at: the dispatched offset, or, while
     * dispatch is stalled, the end of the record it stalled on (its entry may be written already when
     * the index write after it failed; the retry writes the same entry again).
     */
    long entriesBelow() {
        return backlog.isEmpty() ? dispatchedOffset : Math.max(dispatchedOffset, backlog.peekFirst().commitLogEnd());
    }

    boolean isStalled() {
        return !backlog.isEmpty() || !awaitingSafety.isEmpty();
    }

    /** Records appended but not yet visible because nothing makes them survive a power loss yet (gated). */
    int awaitingSafety() {
        return awaitingSafety.size();
    }

    /**
     * From now on records past {@code safeOffset} wait for {@link #onSafe}: SYNC_FLUSH, and a
     * SYNC_MASTER's store under ASYNC_FLUSH. Everything below {@code safeOffset} is visible already.
     */
    void gateOnSafe(long safeOffset) {
        visibleLimit = safeOffset;
    }

    boolean isGated() {
        return visibleLimit != Long.MAX_VALUE;
    }

    /**
     * Everything below {@code safeOffset} survives a power loss of this node now (a force covers it,
     * or a slave holds it): what waited for that becomes visible. Lower offsets than before are
     * ignored, so each source of safety may report on its own.
     */
    void onSafe(long safeOffset) {
        if (visibleLimit == Long.MAX_VALUE || safeOffset <= visibleLimit) {
            return;
        }
        visibleLimit = safeOffset;
        List<DispatchRequest> ready = new ArrayList<>();
        while (!awaitingSafety.isEmpty() && awaitingSafety.peekFirst().commitLogEnd() <= safeOffset) {
            ready.add(awaitingSafety.pollFirst());
        }
        if (!ready.isEmpty()) {
            dispatchVisible(ready);
        }
        if (deferredBlankEnd >= 0 && deferredBlankEnd <= safeOffset && awaitingSafety.isEmpty() && backlog.isEmpty()) {
            dispatchedOffset = Math.max(dispatchedOffset, deferredBlankEnd);
            deferredBlankEnd = -1;
        }
    }

    /** Dispatches the records of one append, in order (under the gate, once they are safe). */
    void dispatch(List<DispatchRequest> requests) {
        if (visibleLimit != Long.MAX_VALUE) {
            for (DispatchRequest r : requests) {
                if (awaitingSafety.isEmpty() && r.commitLogEnd() <= visibleLimit) {
                    dispatchVisible(List.of(r));
                } else {
                    awaitingSafety.add(r);
                }
            }
            return;
        }
        dispatchVisible(requests);
    }

    private void dispatchVisible(List<DispatchRequest> requests) {
        if (!backlog.isEmpty()) {
            backlog.addAll(requests);
            return;
        }
        for (int i = 0; i < requests.size(); i++) {
            if (!tryDispatch(requests.get(i))) {
                backlog.addAll(requests.subList(i, requests.size()));
                stall();
                return;
            }
        }
    }

    private boolean tryDispatch(DispatchRequest r) {
        try {
            dispatchOne(r);
            return true;
        } catch (DiskException e) {
            log.error("dispatch of {}/{} offset {} failed: {}", r.topic(), r.queueId(), r.consumeQueueOffset(), e.getMessage());
            flags.setDispatchStall(e.getMessage());
            return false;
        }
    }

    /**
     * The topic was deleted when the commit log ended at {@code commitLogEnd}: its records below that
     * still waiting for dispatch (a force under SYNC_FLUSH, a backlog) must not bring its queues back.
     */
    void dropTopicBelow(String topic, long commitLogEnd) {
        deletedBelow.values().removeIf(end -> end <= dispatchedOffset);
        if (commitLogEnd > dispatchedOffset) {
            deletedBelow.put(topic, commitLogEnd);
        }
    }

    /** Writes the consume-queue entry and index keys of one record and tells the listener. */
    void dispatchOne(DispatchRequest r) {
        Long deletedEnd = deletedBelow.get(r.topic());
        if (r.hasConsumeQueueEntry() && (deletedEnd == null || r.commitLogOffset() >= deletedEnd)) {
            ConsumeQueue q = consumeQueues.findOrCreate(r.topicQueue());
            long before = q.maxOffsetInQueue();
            if (q.putMessagePositionInfo(r)) {
                if (commitLog.nextQueueOffset(r.topicQueue()) <= r.consumeQueueOffset()) {
                    commitLog.queueOffsets().raise(r.topicQueue(), r.consumeQueueOffset() + 1);
                }
                listener.arriving(r.topic(), r.queueId(), q.maxOffsetInQueue(), r.tagsCode(), r.storeTimestamp());
            } else if (q.maxOffsetInQueue() > before) {
                // Left out, its slot marked: the queue grew all the same, and waiting readers learn of it.
                commitLog.queueOffsets().raise(r.topicQueue(), q.maxOffsetInQueue());
                listener.arriving(r.topic(), r.queueId(), q.maxOffsetInQueue(), r.tagsCode(), r.storeTimestamp());
            }
        }
        if (index != null) {
            index.buildIndex(r, clock.nowMs());
        }
        dispatchedOffset = Math.max(dispatchedOffset, r.commitLogEnd());
        lastStoreTimestamp = r.storeTimestamp();
    }

    private void stall() {
        log.probe("store-dispatch-stalled");
        retry.cancel();
        retry = scheduler.schedule(RETRY_MS, this::retryBacklog);
    }

    private void retryBacklog() {
        while (!backlog.isEmpty()) {
            if (!tryDispatch(backlog.peekFirst())) {
                stall();
                return;
            }
            backlog.pollFirst();
        }
        flags.setDispatchStall(null);
        log.info("dispatch caught up at commit-log offset {}", dispatchedOffset);
    }

    /**
     * Raw bytes were appended: parses and dispatches every complete record from the last dispatched
     * offset to the commit-log end (a record cut by the end of the raw data waits for the rest).
     */
    void dispatchAppendedBytes(CommitLogScanner scanner) {
        lastRawScanner = scanner;
        rawStalled = false;
        long end = commitLog.maxOffset();
        long at = Math.max(rawScanOffset, Math.max(dispatchedOffset, commitLog.minOffset()));
        try {
            for (int steps = 0; at < end && steps < 1_000_000; steps++) {
                CommitLogScanner.Step step = scanner.read(at, false);
                if (step.kind() == RecordCheck.Kind.INVALID && step.isCrcMismatchOnly()) {
                    // A record whose body does not match its CRC (flipped on the master before it was
                    // sent, or in transit) still takes its queue slot, as on the master, whose queue has
                    // the entry: reads refuse the record and send the consumer to the master. Skipped,
                    // it left the slave's queue one entry short of the master's, and a group reading
                    // from the slave waited at that end for ever (fuzz2-764976).
                    CommitLogScanner.Step framed = scanner.read(at, false, false);
                    if (framed.kind() == RecordCheck.Kind.MESSAGE) {
                        log.probe("store-damaged-replica-dispatched");
                        log.error("replicated commit-log record at {} is damaged ({}); its queue entry is kept and "
                                + "reads of it go to the master", at, step.problem());
                        dispatch(List.of(scanner.dispatchRequest(framed, commitLog.encoder().delayLevels())));
                        at = framed.next();
                        continue;
                    }
                }
                if (step.kind() == RecordCheck.Kind.INVALID) {
                    long next = scanner.resync(at);
                    if (next < 0) {
                        break;
                    }
                    // Bytes that are not a record, with a valid one after them: damage (a flipped bit, here
                    // or on the master), not a record still arriving. Skipped, as recovery skips damage.
                    log.probe("store-damaged-record-skipped");
                    log.error("replicated commit-log bytes at {} are damaged ({}); skipped to the next record at {}", at,
                            step.problem(), next);
                    at = next;
                    continue;
                }
                if (step.kind() == RecordCheck.Kind.MESSAGE) {
                    dispatch(List.of(scanner.dispatchRequest(step, commitLog.encoder().delayLevels())));
                } else {
                    onBlank(step.next());
                }
                at = step.next();
            }
        } catch (DiskException e) {
            // The bytes are appended; reading them back failed. Retry the scan, as a dispatch backlog is.
            log.error("dispatch of replicated bytes at {} failed: {}; retrying in {} ms", at, e.getMessage(), RETRY_MS);
            flags.setDispatchStall(e.getMessage());
            log.probe("store-dispatch-stalled");
            rawStalled = true;
            rawRetry.cancel();
            rawRetry = scheduler.schedule(RETRY_MS, this::retryRawScan);
        }
        rawScanOffset = at;
    }

    private void retryRawScan() {
        if (lastRawScanner != null) {
            lastRawScanner.reset();
            dispatchAppendedBytes(lastRawScanner);
            if (!rawStalled && backlog.isEmpty()) {
                flags.setDispatchStall(null);
            }
        }
    }

    /** A blank end-of-file record: nothing to dispatch, but the dispatched offset moves past it once it may. */
    private void onBlank(long end) {
        if (!backlog.isEmpty()) {
            return;
        }
        if (visibleLimit != Long.MAX_VALUE && (end > visibleLimit || !awaitingSafety.isEmpty())) {
            deferredBlankEnd = Math.max(deferredBlankEnd, end);
            return;
        }
        dispatchedOffset = Math.max(dispatchedOffset, end);
    }

    /** The commit log was cut back to {@code offset}: forget every record past it. */
    void truncateTo(long offset) {
        dispatchedOffset = Math.min(dispatchedOffset, offset);
        rawScanOffset = Math.min(rawScanOffset, offset);
        backlog.removeIf(r -> r.commitLogEnd() > offset);
        awaitingSafety.removeIf(r -> r.commitLogEnd() > offset);
        if (visibleLimit != Long.MAX_VALUE) {
            visibleLimit = Math.min(visibleLimit, offset);
        }
        if (deferredBlankEnd > offset) {
            deferredBlankEnd = -1;
        }
        if (backlog.isEmpty()) {
            flags.setDispatchStall(null);
        }
    }

    void stop() {
        retry.cancel();
        rawRetry.cancel();
    }
}
