package io.petrel.broker.transaction;

import io.petrel.common.Check;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The half messages a master tracks, by half-queue offset, and how far their resolution is
 * durable.
 *
 * <p>A half message is registered once its consume-queue entry is read ({@link #register}); it
 * stays in the table while it is pending, while its commit or rollback is being written, and after
 * its op record is appended until that record is durable ({@link #forgetDurable}). Offsets below
 * {@link #scannedEnd} that are not in the table are resolved, durably: that is how a late or
 * repeated END_TRANSACTION is told from a first one.
 *
 * <p>The progress saved as the consumer offsets of CID_RMQ_SYS_TRANS ({@link #progress}) never
 * claims a resolution the disk could still lose: the half offset is the lowest half still in the
 * table, and the op offset is the op-queue end at the time that half was registered (every op
 * record for it or a later half was appended after that). A restart re-reads the op queue from there
 * and the half queue from the half offset, so a power loss that takes an op record back makes its
 * half pending again (and its producer is asked again) instead of losing it. Single-threaded on
 * the broker's loop.
 */
final class HalfTable {

    /** Where a half message is in its life. */
    enum Phase {
        /** Waiting for its producer's decision. */
        PENDING,
        /** The commit's re-put, then its op record, are being written. */
        COMMITTING,
        /** The rollback's op record is being written. */
        ROLLING_BACK,
        /** Checked too often: its copy in TRANS_CHECK_MAX_TIME_TOPIC, then its op record, are being written. */
        GIVING_UP,
        /** Committed (visible), but its op record could not be written yet; it is retried. */
        OP_MISSING,
        /** Its op record is appended; it leaves the table once that is durable. */
        RESOLVED
    }

    /**
     * One tracked half message. {@code immunityMs} is how long after {@code registeredNanos} (the
     * broker's monotonic clock when it was registered) a check may ask about it.
     */
    static final class Half {
        final long queueOffset;
        final long commitLogOffset;
        final long registeredNanos;
        final String group;
        final String uniqKey;
        final long immunityMs;
        final long opMark;
        Phase phase = Phase.PENDING;
        int checks;
        long opEnd;

        Half(long queueOffset, long commitLogOffset, long registeredNanos, String group,
                String uniqKey, long immunityMs, long opMark) {
            this.queueOffset = queueOffset;
            this.commitLogOffset = commitLogOffset;
            this.registeredNanos = registeredNanos;
            this.group = group;
            this.uniqKey = uniqKey;
            this.immunityMs = immunityMs;
            this.opMark = opMark;
        }

        @Override
        public String toString() {
            return "half message " + uniqKey + " (half queue offset " + queueOffset + ", commit-log offset "
                    + commitLogOffset + ", group " + group + ")";
        }
    }

    /** The offsets to save: where a restart reads the half queue and the op queue from. */
    record Progress(long halfOffset, long opOffset) {
    }

    private final TreeMap<Long, Half> halves = new TreeMap<>();
    private long scannedEnd;
    private long opEndWhenEmpty;

    /** Starts tracking at half-queue offset {@code from} with op records read from {@code opFrom}. */
    void reset(long from, long opFrom) {
        halves.clear();
        scannedEnd = from;
        opEndWhenEmpty = opFrom;
    }

    long scannedEnd() {
        return scannedEnd;
    }

    /** Half-queue offsets up to {@code end} have been looked at (registered, or unreadable and skipped). */
    void scannedTo(long end) {
        Check.state(end >= scannedEnd, "half queue scan moves back from {} to {}", scannedEnd, end);
        scannedEnd = end;
    }

    void register(Half half) {
        Check.state(half.queueOffset >= scannedEnd, "{} registered below the scanned end {}", half, scannedEnd);
        halves.put(half.queueOffset, half);
        scannedEnd = half.queueOffset + 1;
    }

    Half get(long queueOffset) {
        return halves.get(queueOffset);
    }

    /** Whether the half message at {@code queueOffset} was resolved and its resolution is durable. */
    boolean resolvedDurably(long queueOffset) {
        return queueOffset < scannedEnd && !halves.containsKey(queueOffset);
    }

    /** The tracked halves in queue order (a copy: callers may resolve while iterating). */
    List<Half> all() {
        return new ArrayList<>(halves.values());
    }

    int size() {
        return halves.size();
    }

    long pendingCount() {
        return halves.values().stream().filter(h -> h.phase == Phase.PENDING).count();
    }

    /** Drops a half message that can no longer be resolved (retention deleted it, or it cannot be read). */
    void drop(Half half) {
        halves.remove(half.queueOffset);
    }

    /** Forgets resolved halves whose op record ends at or below {@code durableCommitLogOffset}. */
    void forgetDurable(long durableCommitLogOffset, long opQueueEnd) {
        Iterator<Half> it = halves.values().iterator();
        while (it.hasNext()) {
            Half h = it.next();
            if (h.phase == Phase.RESOLVED && h.opEnd <= durableCommitLogOffset) {
                it.remove();
            }
        }
        if (halves.isEmpty()) {
            opEndWhenEmpty = Math.max(opEndWhenEmpty, opQueueEnd);
        }
    }

    /** What may be saved now (call {@link #forgetDurable} first). */
    Progress progress() {
        if (halves.isEmpty()) {
            return new Progress(scannedEnd, opEndWhenEmpty);
        }
        Half first = halves.firstEntry().getValue();
        return new Progress(first.queueOffset, first.opMark);
    }
}
