package io.petrel.store.queue;

import io.petrel.common.Check;
import io.petrel.common.message.MessageFormat;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.file.FlushDone;
import io.petrel.store.file.MappedFile;
import io.petrel.store.file.MappedFileQueue;
import io.petrel.store.file.SelectMappedBufferResult;
import io.petrel.store.format.ConsumeQueueFormat.Entry;
import io.petrel.store.format.ConsumeQueueFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The consume queue of one topic queue (RocketMQ's {@code ConsumeQueue}): entry n, at logical byte
 * position n × 20, points at the commit-log record with queue offset n. Files are named by logical
 * byte position. Entries are written by the dispatcher in queue-offset order and are idempotent: an
 * entry already present is skipped, a filler is replaced, and a queue offset beyond the end is
 * reached through fillers (before the first entry of a queue that starts mid-file, or in place of
 * messages that could not be rebuilt).
 *
 * <p>For recovery it tracks which of its entries are durable: every entry whose commit-log offset is
 * below {@link #durableBelow()} survived a completed flush.
 *
 * <p>Driven by its node's loop only. A crash may lose entries not yet flushed; {@link #recover} cuts
 * the queue back to what is known good and the dispatcher rebuilds the rest from the commit log.
 */
public final class ConsumeQueue {

    private static final int UNIT = ConsumeQueueFormat.CQ_STORE_UNIT_SIZE;

    private final String topic;
    private final byte[] topicBytes;
    private final int queueId;
    private final MappedFileQueue files;
    private final NodeLog log;
    private long minLogicOffset;
    private long maxPhysicOffset = -1;
    private long pendingFirstPhysicOffset = Long.MAX_VALUE;
    private long inFlightFirstPhysicOffset = Long.MAX_VALUE;

    public ConsumeQueue(String topic, int queueId, MappedFileQueue files, NodeLog log) {
        this.topic = topic;
        this.topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        this.queueId = queueId;
        this.files = files;
        this.log = log;
    }

    public String topic() {
        return topic;
    }

    /** Whether the whole record at {@code position} names this queue's topic (see {@link MessageFormat#topicIs}). */
    public boolean isTopicOf(ByteBuffer record, int position) {
        return MessageFormat.topicIs(record, position, topicBytes);
    }

    public int queueId() {
        return queueId;
    }

    public MappedFileQueue files() {
        return files;
    }

    /**
     * Deletes every file of this queue at once, its topic being deleted (RocketMQ's
     * {@code ConsumeQueue.destroy}). A reader holding a file keeps what it already sliced; the
     * queue object must not be used afterwards.
     */
    public void destroy(long nowNanos) {
        for (MappedFile f : files.files()) {
            f.destroy(nowNanos, 0);
        }
        log.info("consume queue {}/{} destroyed", topic, queueId);
    }

    /** Queue offset of the first entry still served. */
    public long minOffsetInQueue() {
        return minLogicOffset / UNIT;
    }

    /** One past the last entry. */
    public long maxOffsetInQueue() {
        return files.maxOffset() / UNIT;
    }

    /** End (offset + size) in the commit log of the last message entry; -1 for a queue without one. */
    public long maxPhysicOffset() {
        return maxPhysicOffset;
    }

    /** Every entry pointing below this commit-log offset is durable (Long.MAX_VALUE: all of them). */
    public long durableBelow() {
        return Math.min(pendingFirstPhysicOffset, inFlightFirstPhysicOffset);
    }

    /** The entry at {@code queueOffset}, or null when it is not in a readable file. */
    public Entry entry(long queueOffset) {
        long position = queueOffset * UNIT;
        MappedFile f = files.findMappedFileByOffset(position);
        if (f == null || position + UNIT > f.fileFromOffset() + f.wrotePosition()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(UNIT);
        f.read((int) (position - f.fileFromOffset()), b);
        return ConsumeQueueFormat.read(b, 0);
    }

    /**
     * Makes sure the file that will hold {@code queueOffset} exists, so a full disk refuses a put
     * before its commit-log record is written.
     */
    public void ensureWritable(long queueOffset) {
        fileFor(queueOffset * UNIT);
    }

    /**
     * Writes the entry of one dispatched message; see the class comment for the rules. Returns false,
     * writing nothing, for a record whose queue offset cannot be right: its slot already holds another
     * record, or it lies further beyond this queue's end than the commit log between the queue's last
     * record and this one has room for records. Only a corrupted record does that (a flipped bit in
     * its queue offset, which no CRC covers); filling up to such an offset would write billions of
     * fillers.
     */
    public boolean putMessagePositionInfo(DispatchRequest r) {
        long expected = r.consumeQueueOffset() * UNIT;
        long end = files.maxOffset();
        if (r.consumeQueueOffset() < 0) {
            return refuse(r, "a negative queue offset");
        }
        if (expected < end) {
            Entry existing = entry(r.consumeQueueOffset());
            if (existing != null && !existing.isFiller()) {
                if (existing.commitLogOffset() != r.commitLogOffset() || existing.size() != r.msgSize()) {
                    return refuse(r, "its slot holds (" + existing.commitLogOffset() + ", " + existing.size() + ")");
                }
                return true;
            }
            if (existing == null) {
                return true;
            }
        } else if (expected > end) {
            if (maxPhysicOffset >= 0) {
                long missing = (expected - end) / UNIT;
                long room = Math.max(0, r.commitLogOffset() - maxPhysicOffset) / MessageFormat.MIN_MESSAGE_LENGTH + 1;
                if (missing > room) {
                    return refuse(r, missing + " entries past the queue's end, but only " + room
                            + " records fit in the commit log since its last one");
                }
            }
        }
        writeEntry(r, end, expected);
        maxPhysicOffset = Math.max(maxPhysicOffset, r.commitLogEnd());
        pendingFirstPhysicOffset = Math.min(pendingFirstPhysicOffset, r.commitLogOffset());
        return true;
    }

    /**
     * Writes the entry at {@code expected}, after fillers from the queue's {@code end} if it lies
     * beyond. All or nothing for the running queue: a write the disk refuses halfway through the
     * fillers rolls the queue back to {@code end} (bytes written past it are not served and are
     * written over by the dispatcher's retry), so the queue never ends past the next queue offset the
     * commit log hands out, nor starts serving past its end (fuzz2-772024: a slave whose first entry
     * of a queue lay at offset 375 was left with 64 fillers and its first served offset at 375).
     */
    private void writeEntry(DispatchRequest r, long end, long expected) {
        long minBefore = minLogicOffset;
        try {
            if (expected > end) {
                fillUpTo(end, expected);
            }
            ByteBuffer unit = ByteBuffer.allocate(UNIT);
            ConsumeQueueFormat.write(unit, r.commitLogOffset(), r.msgSize(), r.tagsCode());
            MappedFile f = fileFor(expected);
            f.write((int) (expected - f.fileFromOffset()), unit.flip());
        } catch (DiskException e) {
            files.rollBackTo(end);
            minLogicOffset = minBefore;
            throw e;
        }
    }

    /**
     * Leaves a record out of the queue. One that lies past every record of the queue in the commit
     * log still took a queue offset at or past the queue's end when it was put, so a left-out entry
     * takes the queue's next slot in its place: a slave then sends its readers to its master for that
     * slot instead of telling them nothing follows (fuzz6-133107: a bit flip in the master's copy made
     * a queue's last record claim offset 22 for slot 23; the slave left it out, ended the queue at 23
     * and a group reading from it waited for slot 23 forever), and a master restarted over such a
     * record hands out the next offset after it, not its slot again. Written once per record: a
     * record dispatched again finds its entry, or a later one, at the end.
     */
    private boolean refuse(DispatchRequest r, String why) {
        log.probe("store-queue-offset-implausible");
        boolean last = maxPhysicOffset >= 0 && r.commitLogOffset() >= maxPhysicOffset && r.commitLogOffset() > 0
                && !leftOutAtEndFrom(r.commitLogOffset());
        log.error("consume queue {}/{}: the record at commit-log offset {} claims queue offset {} ({}); it is left out "
                + "of the queue{}", topic, queueId, r.commitLogOffset(), r.consumeQueueOffset(), why,
                last ? ", its slot " + maxOffsetInQueue() + " marked as left out" : "");
        if (last) {
            long end = files.maxOffset();
            try {
                ByteBuffer unit = ByteBuffer.allocate(UNIT);
                ConsumeQueueFormat.write(unit, r.commitLogOffset(), ConsumeQueueFormat.FILLER_SIZE, 0);
                MappedFile f = fileFor(end);
                f.write((int) (end - f.fileFromOffset()), unit.flip());
            } catch (DiskException e) {
                files.rollBackTo(end);
                throw e;
            }
            pendingFirstPhysicOffset = Math.min(pendingFirstPhysicOffset, r.commitLogOffset());
        }
        return false;
    }

    /** Whether the queue's last entry is a left-out entry for the record at {@code commitLogOffset} or a later one. */
    private boolean leftOutAtEndFrom(long commitLogOffset) {
        long end = maxOffsetInQueue();
        Entry last = end > minOffsetInQueue() ? entry(end - 1) : null;
        return last != null && last.isLeftOut() && last.commitLogOffset() >= commitLogOffset;
    }

    private void fillUpTo(long end, long expected) {
        boolean first = maxPhysicOffset < 0;
        long from = end;
        if (first) {
            from = Math.max(end, expected - expected % files.fileSize());
            minLogicOffset = expected;
        } else {
            log.warn("consume queue {}/{} jumps from offset {} to {}: {} missing entries become fillers",
                    topic, queueId, end / UNIT, expected / UNIT, (expected - end) / UNIT);
        }
        ByteBuffer fillers = ByteBuffer.allocate(Math.min(files.fileSize(), 64 * UNIT));
        for (long at = from; at < expected; ) {
            MappedFile f = fileFor(at);
            long fileEnd = Math.min(expected, f.fileFromOffset() + files.fileSize());
            int count = (int) Math.min((fileEnd - at) / UNIT, fillers.capacity() / UNIT);
            fillers.clear();
            for (int i = 0; i < count; i++) {
                ConsumeQueueFormat.write(fillers, 0, ConsumeQueueFormat.FILLER_SIZE, 0);
            }
            f.write((int) (at - f.fileFromOffset()), fillers.flip());
            at += (long) count * UNIT;
        }
    }

    /** The file holding logical position {@code position}, creating it (and any before it) if needed. */
    private MappedFile fileFor(long position) {
        MappedFile last = files.lastFile();
        if (last == null) {
            return files.createFile(position - position % files.fileSize());
        }
        while (position >= last.fileFromOffset() + files.fileSize()) {
            last = files.createFile(last.fileFromOffset() + files.fileSize());
        }
        MappedFile f = files.findMappedFileByOffset(position);
        Check.state(f != null, "consume queue {}/{} has no file for position {}", topic, queueId, position);
        return f;
    }

    /** Entries from {@code queueOffset} to the end of its file, held against deletion; null if that file is gone. */
    public SelectMappedBufferResult getIndexBuffer(long queueOffset) {
        long position = queueOffset * UNIT;
        MappedFile f = files.findMappedFileByOffset(position);
        if (f == null || !f.hold()) {
            return null;
        }
        int at = (int) (position - f.fileFromOffset());
        if (at >= f.wrotePosition()) {
            f.release();
            return null;
        }
        return new SelectMappedBufferResult(position, f.slice(at, f.wrotePosition() - at), f);
    }

    /** The queue offset where the file after the one holding {@code queueOffset} starts. */
    public long rollNextFile(long queueOffset) {
        int perFile = files.fileSize() / UNIT;
        return queueOffset + perFile - queueOffset % perFile;
    }

    /**
     * Recovery: keeps the entries that point below {@code dispatchFrom} and are intact, cuts the rest
     * (zeroing the tail, deleting later files) so the dispatcher can rebuild them from the commit log.
     * {@code commitLogEnd} is where the recovered commit log ends; entries pointing at or past it are
     * reported as lost with the commit log's tail.
     */
    public void recover(long dispatchFrom, long commitLogEnd) {
        new ConsumeQueueRecovery(this, true).recover(dispatchFrom, commitLogEnd);
    }

    /**
     * A slave cut its commit log back to {@code commitLogEnd}: entries pointing at or past it go. What
     * was waiting for a force still counts as not durable.
     */
    public void truncateTo(long commitLogEnd) {
        long pending = Math.min(pendingFirstPhysicOffset, inFlightFirstPhysicOffset);
        new ConsumeQueueRecovery(this, false).recover(commitLogEnd, commitLogEnd);
        pendingFirstPhysicOffset = pending;
    }

    void afterRecovery(long lastMessageEnd) {
        maxPhysicOffset = lastMessageEnd;
        pendingFirstPhysicOffset = Long.MAX_VALUE;
        inFlightFirstPhysicOffset = Long.MAX_VALUE;
    }

    /**
     * Whether the queue ends exactly where a file ends: then a later file may have existed and been
     * lost (deleted by hand, or never synced), and recovery must look for more of its records.
     */
    public boolean endsAtFileBoundary() {
        MappedFile last = files.lastFile();
        return last != null && last.isFull() && maxPhysicOffset >= 0;
    }

    /** Moves the first served entry to the first one whose message is still in the commit log. */
    public void correctMinOffset(long commitLogMinOffset) {
        minLogicOffset = new ConsumeQueueRecovery(this, false).firstEntryAtOrAbove(commitLogMinOffset, minLogicOffset);
    }

    /**
     * Deletes full files (never the last, never the one being written) whose every message is below
     * {@code commitLogMinOffset}. Returns how
     * many were deleted; a file a reader still holds is retried next time.
     */
    public int deleteExpiredFiles(long commitLogMinOffset, long nowNanos, long forciblyAfterNanos) {
        int deleted = 0;
        while (files.files().size() > 1) {
            MappedFile first = files.firstFile();
            if (!first.isFull()) {
                break;
            }
            long lastEnd = new ConsumeQueueRecovery(this, false).lastMessageEndIn(first);
            if (lastEnd > commitLogMinOffset || !first.destroy(nowNanos, forciblyAfterNanos)) {
                break;
            }
            files.removeDestroyed(first);
            deleted++;
        }
        if (deleted > 0) {
            correctMinOffset(commitLogMinOffset);
        }
        return deleted;
    }

    /** Starts a flush round of this queue's files; see {@link MappedFileQueue#flush}. */
    public boolean flush(int leastPages, FlushDone done) {
        long covering = pendingFirstPhysicOffset;
        boolean started = files.flush(leastPages, (where, failure) -> {
            if (failure == null) {
                inFlightFirstPhysicOffset = Long.MAX_VALUE;
            } else {
                pendingFirstPhysicOffset = Math.min(pendingFirstPhysicOffset, inFlightFirstPhysicOffset);
                inFlightFirstPhysicOffset = Long.MAX_VALUE;
            }
            done.onFlushed(where, failure);
        });
        if (started) {
            inFlightFirstPhysicOffset = covering;
            pendingFirstPhysicOffset = Long.MAX_VALUE;
        }
        return started;
    }

    /**
     * The queue's shape (see {@link MappedFileQueue#invariants}) and its served range: the first served
     * entry lies on an entry boundary and not past the queue's end. Cheap: no disk reads.
     */
    public void invariants() {
        files.invariants();
        Check.state(minLogicOffset % UNIT == 0 && 0 <= minLogicOffset, "consume queue {}/{}: min position {} is not an "
                + "entry boundary", topic, queueId, minLogicOffset);
        Check.state(minLogicOffset <= Math.max(files.maxOffset(), 0), "consume queue {}/{}: first served offset {} lies past "
                + "its end {}", topic, queueId, minOffsetInQueue(), maxOffsetInQueue());
    }

    NodeLog log() {
        return log;
    }

    @Override
    public String toString() {
        return "ConsumeQueue[" + topic + "/" + queueId + ", " + minOffsetInQueue() + ".." + maxOffsetInQueue() + "]";
    }
}
