package io.petrel.scenarios.store;

import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.GetMessageResult;
import io.petrel.store.GetMessageStatus;
import io.petrel.store.MessageStore;
import io.petrel.store.PutMessageStatus;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.file.SelectMappedBufferResult;
import io.petrel.store.format.ConsumeQueueFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The store's promises, checked against the {@link Ledger} after a recovery:
 * <ul>
 *   <li>every put the configuration promises to keep (SYNC_FLUSH PUT_OK always; ASYNC_FLUSH PUT_OK
 *       while no power loss happened) is readable at its physical offset and its queue offset,
 *       unaltered, unless retention deleted its file;</li>
 *   <li>every consume-queue entry points at an intact record with the same topic, queue and queue
 *       offset, whose content is exactly what the ledger says was sent under its id;</li>
 *   <li>the other direction: every intact commit-log record from the min offset up to what was
 *       dispatched has the consume-queue entry that points back at it, unless its queue offset is
 *       below the queue's min offset (retention); damage inside that range is a violation;</li>
 *   <li>no record is served twice, and no refused put is ever visible;</li>
 *   <li>no queue offset is reused for different content: each slot a pull served during the run, if
 *       the configuration still promises it (see {@link Ledger#promised(Ledger.Served, boolean)}) and
 *       retention has not taken it, holds the message it served;</li>
 *   <li>every pulled record passes the CRC check;</li>
 *   <li>bad input was answered with the right refusal.</li>
 * </ul>
 */
final class StoreChecker {

    private static final int MAX_REPORTED = 20;

    private final Ledger ledger;
    private final List<String> violations;

    StoreChecker(Ledger ledger, List<String> violations) {
        this.ledger = ledger;
        this.violations = violations;
    }

    private void violation(String text) {
        if (violations.size() < MAX_REPORTED) {
            violations.add(text);
        } else if (violations.size() == MAX_REPORTED) {
            violations.add("... more violations not shown");
        }
    }

    void check(MessageStore store, boolean syncFlush, String when) {
        checkRefusals(when);
        checkPromisedPuts(store, syncFlush, when);
        checkRecordsHaveEntries(store, when);
        checkServedSlots(store, syncFlush, when);
        TreeSet<Long> seen = new TreeSet<>();
        for (TopicQueue q : store.consumeQueueKeys()) {
            checkQueueEntries(store, q, seen, when);
            checkPulls(store, q, when);
        }
    }

    private void checkServedSlots(MessageStore store, boolean syncFlush, String when) {
        ledger.servedConflicts().forEach(c -> violation(when + ": a queue offset was reused for different content: " + c));
        long minPhysical = store.getMinPhyOffset();
        for (Ledger.Served s : ledger.served()) {
            TopicQueue q = s.queue();
            if (!ledger.promised(s, syncFlush) || s.queueOffset() < store.getMinOffsetInQueue(q.topic(), q.queueId())) {
                continue;
            }
            ConsumeQueueFormat.Entry e = store.consumeQueueEntry(q.topic(), q.queueId(), s.queueOffset());
            if (e != null && e.isWritten() && !e.isFiller() && e.commitLogOffset() < minPhysical) {
                continue;
            }
            StoredMessage m = e == null || !e.isWritten() || e.isFiller() ? null : store.lookMessageByOffset(e.commitLogOffset());
            if (m == null || parseId(m) != s.id()) {
                violation(when + ": " + q + "@" + s.queueOffset() + " served message " + s.id() + " but now holds "
                        + (m == null ? "entry " + e : "message " + m.property("ID")));
            }
        }
    }

    /** Walks the commit log record by record and looks each one up in its consume queue. */
    private void checkRecordsHaveEntries(MessageStore store, String when) {
        long fileSize = store.config().mappedFileSizeCommitLog();
        long end = store.getMaxPhyOffset() - store.dispatchBehindBytes();
        long offset = store.getMinPhyOffset();
        for (int files = 0; offset < end && files < 100_000; files++) {
            SelectMappedBufferResult data = store.getCommitLogData(offset);
            long nextFile = offset - offset % fileSize + fileSize;
            if (data == null) {
                offset = nextFile;
                continue;
            }
            try {
                offset = checkRecordsOfFile(store, data.byteBuffer(), offset, Math.min(end, nextFile), when);
            } finally {
                data.release();
            }
            offset = Math.max(offset, nextFile);
        }
    }

    /** Checks the records of one file's bytes {@code b} (starting at {@code offset}) below {@code end}. */
    private long checkRecordsOfFile(MessageStore store, ByteBuffer b, long offset, long end, String when) {
        int position = b.position();
        while (offset < end) {
            MessageFormat.RecordCheck c = MessageFormat.check(b, position, b.limit() - position, true, offset);
            if (c.kind() != MessageFormat.RecordCheck.Kind.MESSAGE) {
                if (c.kind() == MessageFormat.RecordCheck.Kind.INVALID) {
                    violation(when + ": commit-log record at " + offset + " below the dispatched end " + end
                            + " is damaged: " + c.problem());
                }
                return end;
            }
            StoredMessage m = StoredMessage.decode(b, position, false);
            if (MessageSysFlag.hasConsumeQueueEntry(m.sysFlag())
                    && m.queueOffset() >= store.getMinOffsetInQueue(m.topic(), m.queueId())) {
                ConsumeQueueFormat.Entry e = store.consumeQueueEntry(m.topic(), m.queueId(), m.queueOffset());
                if (e == null || !e.isWritten() || e.isFiller() || e.commitLogOffset() != offset || e.size() != c.size()) {
                    violation(when + ": commit-log record at " + offset + " (" + m.topic() + "/" + m.queueId() + "@"
                            + m.queueOffset() + ", id " + m.property("ID") + ") has consume-queue entry " + e);
                }
            }
            offset += c.size();
            position += c.size();
        }
        return offset;
    }

    private void checkRefusals(String when) {
        for (Ledger.Entry e : ledger.all()) {
            if (e.expectRefusal && e.status != null && e.appended) {
                violation(when + ": bad input was stored: " + e);
            }
            if (e.expectRefusal && e.status == PutMessageStatus.PUT_OK) {
                violation(when + ": bad input was accepted: " + e);
            }
        }
    }

    private void checkPromisedPuts(MessageStore store, boolean syncFlush, String when) {
        long min = store.getMinPhyOffset();
        for (Ledger.Entry e : ledger.all()) {
            if (!ledger.promised(e, syncFlush) || e.physicalOffset < min) {
                continue;
            }
            StoredMessage m = store.lookMessageByOffset(e.physicalOffset);
            if (m == null || !isIntact(m, e.id)) {
                violation(when + ": acknowledged " + e + " is " + (m == null ? "missing" : "altered: " + m));
                continue;
            }
            if (m.queueOffset() != e.queueOffset || !new TopicQueue(m.topic(), m.queueId()).equals(e.storedIn)) {
                violation(when + ": acknowledged " + e + " moved to " + m);
            }
            long cqMin = store.getMinOffsetInQueue(e.storedIn.topic(), e.storedIn.queueId());
            ConsumeQueueFormat.Entry cq = store.consumeQueueEntry(e.storedIn.topic(), e.storedIn.queueId(), e.queueOffset);
            if (e.queueOffset >= cqMin && (cq == null || cq.commitLogOffset() != e.physicalOffset)) {
                violation(when + ": acknowledged " + e + " has consume-queue entry " + cq);
            }
        }
    }

    /** Whether a stored record carries exactly the body and id the ledger sent. */
    boolean isIntact(StoredMessage m, long id) {
        Ledger.Entry e = ledger.get(id);
        return e != null && String.valueOf(id).equals(m.property("ID"))
                && Arrays.equals(m.body(), StoreWorkload.bodyOf(id, e.bodyLength));
    }

    private void checkQueueEntries(MessageStore store, TopicQueue q, Set<Long> seen, String when) {
        long max = store.getMaxOffsetInQueue(q.topic(), q.queueId());
        for (long o = store.getMinOffsetInQueue(q.topic(), q.queueId()); o < max; o++) {
            ConsumeQueueFormat.Entry e = store.consumeQueueEntry(q.topic(), q.queueId(), o);
            if (e == null || !e.isWritten()) {
                violation(when + ": " + q + "@" + o + " is a hole inside [min, max): " + e);
                continue;
            }
            if (e.isFiller()) {
                continue;
            }
            SelectMappedBufferResult r = store.selectOneMessageByOffset(e.commitLogOffset());
            if (r == null) {
                if (e.commitLogOffset() >= store.getMinPhyOffset()) {
                    violation(when + ": " + q + "@" + o + " points at " + e.commitLogOffset() + " where no intact record is");
                }
                continue;
            }
            StoredMessage m = StoredMessage.decode(r.byteBuffer(), r.byteBuffer().position(), true);
            r.release();
            String where = when + ": " + q + "@" + o;
            if (!m.topic().equals(q.topic()) || m.queueId() != q.queueId() || m.queueOffset() != o || m.storeSize() != e.size()) {
                violation(where + " points at a record of " + m.topic() + "/" + m.queueId() + "@" + m.queueOffset());
                continue;
            }
            long id = parseId(m);
            Ledger.Entry sent = ledger.get(id);
            if (sent == null || !isIntact(m, id)) {
                violation(where + " holds content nobody sent: " + m + " with properties " + m.properties()
                        + (sent == null ? "" : ", ledger: " + sent + " body " + sent.bodyLength));
            } else if (sent.expectRefusal || (sent.status != null && !sent.appended)) {
                violation(where + " holds a refused put: " + sent);
            } else if (!seen.add(id)) {
                violation(where + " holds message " + id + " a second time");
            }
        }
    }

    private static long parseId(StoredMessage m) {
        try {
            return Long.parseLong(m.property("ID"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void checkPulls(MessageStore store, TopicQueue q, String when) {
        long offset = store.getMinOffsetInQueue(q.topic(), q.queueId());
        for (int round = 0; round < 100_000; round++) {
            GetMessageResult r = store.getMessage("checker", q.topic(), q.queueId(), offset, 32, null);
            try {
                List<ByteBuffer> buffers = r.messageBuffers();
                for (int i = 0; i < buffers.size(); i++) {
                    ByteBuffer b = buffers.get(i);
                    MessageFormat.RecordCheck c = MessageFormat.check(b, b.position(), b.remaining(), true, -1);
                    if (c.kind() != MessageFormat.RecordCheck.Kind.MESSAGE || b.getLong(b.position() + 20) != r.queueOffsets().get(i)) {
                        violation(when + ": pull of " + q + " returned a bad record (" + c.problem() + ")");
                    }
                }
            } finally {
                r.release();
            }
            if (r.status() != GetMessageStatus.FOUND && r.status() != GetMessageStatus.NO_MATCHED_MESSAGE
                    && r.status() != GetMessageStatus.MESSAGE_WAS_REMOVING) {
                return;
            }
            if (r.nextBeginOffset() <= offset) {
                violation(when + ": pull of " + q + " at " + offset + " does not advance (" + r + ")");
                return;
            }
            offset = r.nextBeginOffset();
        }
    }

    /**
     * A digest of everything recovery decides: the commit-log end and, for each queue, its max offset
     * and its entries from {@code mins} (the queue's min offset when the first digest was taken). Min
     * offsets themselves are left out: a retention deletion not yet synced may come back after a
     * power loss, which moves them back without changing any entry.
     */
    static TreeMap<String, Long> digest(MessageStore store, TreeMap<TopicQueue, Long> mins) {
        TreeMap<String, Long> parts = new TreeMap<>();
        parts.put("commitlog.max", store.getMaxPhyOffset());
        for (TopicQueue q : store.consumeQueueKeys()) {
            long min = mins.computeIfAbsent(q, k -> store.getMinOffsetInQueue(k.topic(), k.queueId()));
            long max = store.getMaxOffsetInQueue(q.topic(), q.queueId());
            long h = 17;
            for (long o = min; o < max; o++) {
                ConsumeQueueFormat.Entry e = store.consumeQueueEntry(q.topic(), q.queueId(), o);
                h = h * 31 + (e == null ? -1 : e.commitLogOffset() * 7 + e.size() + e.tagsCode());
            }
            parts.put(q + ".max", max);
            parts.put(q + ".entries", h);
        }
        return parts;
    }
}
