package io.petrel.store;

import io.petrel.common.Sabotage;
import io.petrel.common.message.MessageFormat.RecordCheck;
import io.petrel.env.NodeLog;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.commitlog.CommitLogScanner;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.format.CheckpointFormat.Checkpoint;
import io.petrel.store.index.IndexService;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brings the store back to a consistent state after a clean or unclean stop (RocketMQ's
 * {@code recoverNormally}/{@code recoverAbnormally}, redone on offsets instead of timestamps).
 *
 * <ol>
 *   <li>Find the commit log's valid end E: scan records, checking size, magic, the offset each record
 *       claims and the body CRC, from the file holding the smallest checkpoint offset. A bad record
 *       below the durable offset P, with the next valid record at or below P, is decay: it is
 *       reported, counted and skipped (the scan resyncs on that record). A bad record at or above P,
 *       or one whose damage runs past P, is the torn or unwritten tail: the log ends there; the rest
 *       is zeroed and later files deleted, so a stale record can never reappear. (A slave's P may lie
 *       inside a record, since it appends the master's bytes as they arrive: fuzz2-751535 found a
 *       record started below P whose torn pages ran past it, and taking that for decay kept the
 *       records after the hole.) A slave's log is a copy: there a bad record anywhere ends the log,
 *       and the slave takes everything from it on again from its master. Skipped, it left a hole the
 *       slave never filled, whose queue entry was missing, so a group reading from the slave waited
 *       at that queue's end for ever (fuzz5-73204: a bit flipped in a record's magic).</li>
 *   <li>Cut every consume queue back to its intact entries below D = min(logics offset, E), and keep
 *       or delete index files (see {@link IndexService#recover}).</li>
 *   <li>Re-dispatch records from D (and from where the index must be rebuilt) to E. A queue whose entries
 *       stop short of its next record (a consume-queue file lost, apache/rocketmq#7355) is rebuilt from
 *       its own last entry in a second pass.</li>
 * </ol>
 * The same steps run after a clean stop (the checkpoint offsets then all equal E, so they cost one
 * file scan); the abort file only changes what is reported. Running recovery twice gives the same
 * state.
 *
 * <p>Runs once, on the loop, before the store serves anything.
 */
final class StoreRecovery {

    /** What recovery found. */
    record Result(long commitLogEnd, long durableOffset, long dispatchFrom, long indexFrom, long damagedRecords,
            long truncatedBytes, long lastStoreTimestamp) {
    }

    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final CommitLogScanner scanner;
    private final boolean sabotageRebuildOffByOne;
    private final boolean replica;
    private final NodeLog log;
    private final TreeSet<Long> damaged = new TreeSet<>();
    private long lastStoreTimestamp;
    private long lastMessageOffset = -1;
    private int lastMessageSize;
    private long commitLogMin;
    private long lastCutBytes;
    private String endProblem = "end of the last file";
    private boolean dropLastRecord;

    /**
     * {@code checkCrc} false accepts records whose body CRC does not match (RocketMQ's
     * {@code checkCRCOnRecover=false}, or {@link Sabotage#SKIP_CRC_CHECK_IN_RECOVERY});
     * {@code sabotageRebuildOffByOne} is {@link Sabotage#CONSUME_QUEUE_REBUILD_OFF_BY_ONE}, tests only.
     */
    /** {@code replica}: a slave's store, whose master holds what a damaged record hides. */
    StoreRecovery(CommitLog commitLog, ConsumeQueueTable consumeQueues, IndexService index, boolean checkCrc,
            boolean sabotageRebuildOffByOne, boolean replica, NodeLog log) {
        this.commitLog = commitLog;
        this.replica = replica;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.scanner = new CommitLogScanner(commitLog.files(), checkCrc);
        this.sabotageRebuildOffByOne = sabotageRebuildOffByOne;
        this.log = log;
    }

    /** Tests only: {@link io.petrel.common.Sabotage#RECOVERY_DROPS_LAST_RECORD}. */
    void sabotageDropLastRecord() {
        dropLastRecord = true;
    }

    Result recover(Checkpoint checkpoint, long nowNanos, long nowMs) {
        long min = commitLog.minOffset();
        commitLogMin = min;
        long physic = checkpoint.hasOffsets() ? checkpoint.physicOffset() : min;
        long logics = checkpoint.hasOffsets() ? checkpoint.logicsOffset() : min;
        long indexed = checkpoint.hasOffsets() ? checkpoint.indexOffset() : min;
        long end = recoverCommitLog(min, physic, Math.min(logics, indexed));
        long cutBytes = lastCutBytes;
        long dispatchFrom = Math.max(min, Math.min(logics, end));
        for (ConsumeQueue q : consumeQueues.queues()) {
            q.recover(dispatchFrom, end);
        }
        long indexFrom = index == null ? end : Math.max(min, index.recover(indexed, end, nowNanos));
        TreeMap<TopicQueue, Long> suspects = queuesEndingAtFileBoundaries(dispatchFrom);
        TreeMap<TopicQueue, Long> gaps = new TreeMap<>();
        redispatch(Math.min(dispatchFrom, indexFrom), end, dispatchFrom, gaps, nowMs);
        suspects.forEach(gaps::putIfAbsent);
        if (!gaps.isEmpty()) {
            rebuildGaps(gaps, end, nowMs);
        }
        for (ConsumeQueue q : consumeQueues.queues()) {
            q.correctMinOffset(min);
            commitLog.queueOffsets().raise(new TopicQueue(q.topic(), q.queueId()), q.maxOffsetInQueue());
        }
        return new Result(end, Math.min(physic, end), dispatchFrom, indexFrom, damaged.size(), cutBytes, lastStoreTimestamp);
    }

    /** Finds the valid end, cuts and zeroes what follows it, and asks for a force of what may not be durable. */
    private long recoverCommitLog(long min, long physic, long otherCheckpoints) {
        long scanFrom = fileStart(Math.max(min, Math.min(physic, otherCheckpoints)));
        long end = findEnd(scanFrom, Math.max(min, physic));
        // SABOTAGE (tests only): dropLastRecord is true only under RECOVERY_DROPS_LAST_RECORD.
        if (dropLastRecord && lastMessageOffset >= 0 && lastMessageOffset < end) {
            end = lastMessageOffset;
            lastMessageOffset = -1;
        }
        if (lastMessageOffset >= 0) {
            lastStoreTimestamp = commitLog.pickupStoreTimestamp(lastMessageOffset, lastMessageSize);
        }
        scanner.reset();
        if (end < physic && replica) {
            damaged.add(end);
            log.probe("store-replica-cut-at-damage");
            log.error("this slave's commit log is damaged at {} ({}), below {} where it was durable: it ends there and"
                    + " takes the rest again from its master", end, endProblem, physic);
        } else if (end < physic) {
            damaged.add(end);
            log.error("commit log ends at {} but the checkpoint says it was durable up to {}: commit-log files are "
                    + "missing or damaged; the messages in between are lost", end, physic);
        }
        lastCutBytes = commitLog.files().truncateAtStart(end);
        if (lastCutBytes > 0) {
            log.probe("store-torn-tail-truncated");
            log.warn("commit log ends at {} ({}): {} bytes of torn or unwritten data after it were cut and zeroed",
                    end, endProblem, lastCutBytes);
        }
        requestForceFrom(Math.min(physic, end));
        return end;
    }

    /** Queues that end exactly at a file boundary below the dispatch point: a later file may be gone. */
    private TreeMap<TopicQueue, Long> queuesEndingAtFileBoundaries(long dispatchFrom) {
        TreeMap<TopicQueue, Long> suspects = new TreeMap<>();
        for (ConsumeQueue q : consumeQueues.queues()) {
            if (q.endsAtFileBoundary() && q.maxPhysicOffset() < dispatchFrom) {
                suspects.put(new TopicQueue(q.topic(), q.queueId()), Math.max(commitLogMin, q.maxPhysicOffset()));
            }
        }
        return suspects;
    }

    /** Bytes from {@code offset} on may be only in the page cache: the first flush forces them. */
    private void requestForceFrom(long offset) {
        for (var f : commitLog.files().files()) {
            if (f.fileFromOffset() + f.fileSize() > offset) {
                f.requestForce();
            }
        }
    }

    private long fileStart(long offset) {
        return offset - offset % commitLog.fileSize();
    }

    /** Scans from {@code from}; returns the offset where the valid log ends. */
    private long findEnd(long from, long durable) {
        long at = from;
        long limit = commitLog.files().maxOffset();
        while (at < limit) {
            CommitLogScanner.Step step = scanner.read(at, false);
            if (step.kind() == RecordCheck.Kind.MESSAGE) {
                lastMessageOffset = at;
                lastMessageSize = step.size();
                at = step.next();
            } else if (step.kind() == RecordCheck.Kind.BLANK) {
                at = step.next();
            } else if (at < durable && !replica && resyncsWithin(at, durable)) {
                long next = skipDamage(at, step.problem(), durable);
                if (next < 0) {
                    return at;
                }
                at = next;
            } else {
                endProblem = step.problem();
                if (RecordCheck.isCrcMismatch(endProblem)) {
                    log.probe("store-crc-mismatch");
                }
                return at;
            }
        }
        return Math.min(at, limit);
    }

    /** Whether the next valid record after the bad one at {@code at} starts at or below {@code durable}. */
    private boolean resyncsWithin(long at, long durable) {
        long next = scanner.resync(at);
        if (next < 0) {
            long nextFile = commitLog.rollNextFile(at);
            next = commitLog.files().findMappedFileByOffset(nextFile) != null ? nextFile : -1;
        }
        return next >= 0 && next <= durable;
    }

    /** Damage inside the durable part: report it and find the next valid record (-1: none). */
    private long skipDamage(long at, String problem, long durable) {
        long next = scanner.resync(at);
        if (next < 0) {
            long nextFile = commitLog.rollNextFile(at);
            next = nextFile < durable && commitLog.files().findMappedFileByOffset(nextFile) != null ? nextFile : -1;
        }
        if (damaged.add(at)) {
            log.probe("store-damaged-record-skipped");
            if (RecordCheck.isCrcMismatch(problem)) {
                log.probe("store-crc-mismatch");
            }
            log.error("damaged commit-log record at offset {} ({}); it is skipped and never served{}", at, problem,
                    next < 0 ? "; nothing valid follows it" : ", the log continues at " + next);
        }
        return next;
    }

    private void redispatch(long from, long end, long dispatchFrom, TreeMap<TopicQueue, Long> gaps, long nowMs) {
        long at = from;
        long entriesRebuilt = 0;
        long recordsIndexed = 0;
        while (at < end) {
            CommitLogScanner.Step step = scanner.read(at, true);
            if (step.kind() == RecordCheck.Kind.INVALID) {
                at = skipDamage(at, step.problem(), end);
                if (at < 0) {
                    break;
                }
                continue;
            }
            if (step.kind() == RecordCheck.Kind.MESSAGE) {
                DispatchRequest r = DispatchRequest.of(step.message(), commitLog.encoder().delayLevels());
                if (r.commitLogOffset() >= dispatchFrom && dispatchToQueue(r, gaps)) {
                    entriesRebuilt++;
                }
                if (index != null && index.buildIndex(r, nowMs)) {
                    recordsIndexed++;
                }
            }
            at = step.next();
        }
        if (entriesRebuilt > 0) {
            log.probe("store-consume-queue-rebuilt");
        }
        if (recordsIndexed > 0) {
            log.probe("store-index-rebuilt");
        }
    }

    /** Writes the consume-queue entry of a re-dispatched record; returns whether its queue grew. */
    private boolean dispatchToQueue(DispatchRequest r, TreeMap<TopicQueue, Long> gaps) {
        if (!r.hasConsumeQueueEntry()) {
            return false;
        }
        TopicQueue tq = r.topicQueue();
        if (gaps.containsKey(tq)) {
            return false;
        }
        ConsumeQueue q = consumeQueues.find(tq);
        long queueEnd = q == null ? 0 : q.maxOffsetInQueue();
        if (queueEnd < r.consumeQueueOffset()) {
            long from = q != null && q.maxPhysicOffset() >= 0 ? q.maxPhysicOffset() : commitLogMin;
            log.warn("consume queue {} stops at offset {} but the commit log continues at {}: rebuilding it from {}",
                    tq, queueEnd, r.consumeQueueOffset(), from);
            gaps.put(tq, from);
            return false;
        }
        ConsumeQueue target = consumeQueues.findOrCreate(tq);
        long before = target.maxOffsetInQueue();
        if (target.putMessagePositionInfo(rebuiltEntry(r))) {
            commitLog.queueOffsets().raise(tq, r.consumeQueueOffset() + 1);
        }
        return target.maxOffsetInQueue() > before;
    }

    /**
     * The dispatch request whose entry recovery writes for a record it read back: the record's own.
     * SABOTAGE (tests only): with {@link Sabotage#CONSUME_QUEUE_REBUILD_OFF_BY_ONE} the entry goes to
     * the slot where it ends, (queueOffset + 1) × 20, instead of where it starts, so entry n + 1 points
     * at the record with queue offset n and entry n becomes a filler.
     */
    private DispatchRequest rebuiltEntry(DispatchRequest r) {
        if (!sabotageRebuildOffByOne) {
            return r;
        }
        return new DispatchRequest(r.topic(), r.queueId(), r.commitLogOffset(), r.msgSize(), r.tagsCode(),
                r.storeTimestamp(), r.consumeQueueOffset() + 1, r.keys(), r.uniqKey(), r.sysFlag());
    }

    /**
     * Second pass for queues that lost entries below the dispatch point: those that stop short of
     * their next record, and those ending exactly at a file boundary (a later file may be gone).
     */
    private void rebuildGaps(TreeMap<TopicQueue, Long> gaps, long end, long nowMs) {
        TreeMap<TopicQueue, Long> rebuilt = new TreeMap<>();
        scanGaps(gaps, end, rebuilt);
        if (!rebuilt.isEmpty()) {
            log.probe("store-consume-queue-gap-rebuilt");
        }
        rebuilt.forEach((q, n) -> log.warn("consume queue {} lost entries below the dispatch point: {} rebuilt from the "
                + "commit log", q, n));
    }

    /**
     * Rebuilds the gap queues in commit-log order. Queue offsets rise with the commit-log offset in a
     * sound log, so a record that jumps past its queue's end is held until the queue's next record:
     * one that claims a lower offset and continues the queue as written shows that the held record's
     * queue offset is damaged (a flipped bit, which no CRC covers), and the held one is left out.
     * Filling up to it made a phantom gap of fillers that the queue's consumers reading from a slave
     * never saw the end of (fuzz6-106669: offset 12 read back as 140, 128 fillers). The last record
     * of a queue has no successor to judge it; {@link ConsumeQueue#putMessagePositionInfo} bounds it.
     */
    private void scanGaps(TreeMap<TopicQueue, Long> gaps, long end, TreeMap<TopicQueue, Long> rebuilt) {
        TreeMap<TopicQueue, DispatchRequest> held = new TreeMap<>();
        long at = Math.max(commitLogMin, gaps.values().stream().mapToLong(Long::longValue).min().orElse(end));
        while (at < end) {
            CommitLogScanner.Step step = scanner.read(at, true);
            if (step.kind() == RecordCheck.Kind.INVALID) {
                at = skipDamage(at, step.problem(), end);
                if (at < 0) {
                    break;
                }
                continue;
            }
            if (step.kind() == RecordCheck.Kind.MESSAGE) {
                DispatchRequest r = DispatchRequest.of(step.message(), commitLog.encoder().delayLevels());
                Long from = gaps.get(r.topicQueue());
                if (from != null && r.commitLogOffset() >= from && r.hasConsumeQueueEntry()) {
                    rebuildInOrder(r, held, rebuilt);
                }
            }
            at = step.next();
        }
        held.values().forEach(r -> rebuildEntry(r, rebuilt));
    }

    private void rebuildInOrder(DispatchRequest r, TreeMap<TopicQueue, DispatchRequest> held,
            TreeMap<TopicQueue, Long> rebuilt) {
        TopicQueue tq = r.topicQueue();
        ConsumeQueue q = consumeQueues.findOrCreate(tq);
        DispatchRequest jumped = held.remove(tq);
        if (jumped != null && r.consumeQueueOffset() <= jumped.consumeQueueOffset()
                && r.consumeQueueOffset() >= q.maxOffsetInQueue()) {
            damaged.add(jumped.commitLogOffset());
            log.probe("store-queue-offset-implausible");
            log.error("consume queue {}: the record at commit-log offset {} claims queue offset {}, but the later record "
                    + "at {} claims {} and continues the queue; the first one's queue offset is damaged, it is left "
                    + "out of the queue", tq, jumped.commitLogOffset(), jumped.consumeQueueOffset(),
                    r.commitLogOffset(), r.consumeQueueOffset());
        } else if (jumped != null && r.consumeQueueOffset() <= jumped.consumeQueueOffset()) {
            held.put(tq, jumped);
            rebuildEntry(r, rebuilt);
            return;
        } else if (jumped != null) {
            rebuildEntry(jumped, rebuilt);
        }
        if (r.consumeQueueOffset() > q.maxOffsetInQueue()) {
            held.put(tq, r);
        } else {
            rebuildEntry(r, rebuilt);
        }
    }

    private void rebuildEntry(DispatchRequest r, TreeMap<TopicQueue, Long> rebuilt) {
        ConsumeQueue q = consumeQueues.findOrCreate(r.topicQueue());
        long before = q.maxOffsetInQueue();
        if (q.putMessagePositionInfo(rebuiltEntry(r))) {
            commitLog.queueOffsets().raise(r.topicQueue(), r.consumeQueueOffset() + 1);
        }
        if (q.maxOffsetInQueue() > before) {
            rebuilt.merge(r.topicQueue(), 1L, Long::sum);
        }
    }
}
