package io.petrel.store;

import io.petrel.common.message.MessageFormat.RecordCheck;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.file.SelectMappedBufferResult;
import io.petrel.store.format.ConsumeQueueFormat.Entry;
import io.petrel.store.queue.ConsumeQueue;
import io.petrel.store.queue.ConsumeQueueTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every served consume-queue entry against the commit log, for simulation checkers: the
 * record an entry points at must be intact (size, magic, the offset it claims, body CRC) and carry
 * the entry's topic, queue id and queue offset, and be as long as the entry says. Fillers are
 * skipped, and so are entries whose record retention already deleted (below the commit log's min
 * offset). The pair check of the style guide, run from outside: the dispatcher writes an entry from
 * the record, this reads the record back from the entry.
 *
 * <p>Read-only and independent of any sabotage switch (it always checks CRCs). Reads one entry
 * and one record at a time, so it costs a read per entry; meant for checks, not for serving.
 * Runs on the store's loop.
 */
final class ConsumeQueueVerifier {

    /** Reporting stops here: a broken store would otherwise produce one problem per message. */
    static final int MAX_PROBLEMS = 100;

    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final List<ConsumeQueueProblem> problems = new ArrayList<>();

    ConsumeQueueVerifier(CommitLog commitLog, ConsumeQueueTable consumeQueues) {
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
    }

    List<ConsumeQueueProblem> verify() {
        for (ConsumeQueue q : consumeQueues.queues()) {
            for (long o = q.minOffsetInQueue(); o < q.maxOffsetInQueue() && problems.size() < MAX_PROBLEMS; o++) {
                verifyEntry(q, o);
            }
        }
        return problems;
    }

    private void verifyEntry(ConsumeQueue q, long queueOffset) {
        Entry e = q.entry(queueOffset);
        if (e == null || e.isFiller()) {
            return;
        }
        if (!e.isWritten()) {
            report(q, queueOffset, e, ConsumeQueueProblem.Kind.HOLE, "slot never written");
        } else if (e.commitLogOffset() < commitLog.minOffset()) {
            return;
        } else if (e.commitLogEnd() > commitLog.maxOffset()) {
            report(q, queueOffset, e, ConsumeQueueProblem.Kind.BEYOND_END, e.size() + " bytes, but the commit log ends at "
                    + commitLog.maxOffset());
        } else {
            verifyRecord(q, queueOffset, e);
        }
    }

    private void verifyRecord(ConsumeQueue q, long queueOffset, Entry e) {
        SelectMappedBufferResult r = commitLog.getMessage(e.commitLogOffset(), e.size());
        if (r == null) {
            report(q, queueOffset, e, ConsumeQueueProblem.Kind.DAMAGED, "no readable " + e.size() + " bytes there");
            return;
        }
        try {
            ByteBuffer b = r.byteBuffer();
            RecordCheck check = MessageFormat.check(b, b.position(), e.size(), true, e.commitLogOffset());
            if (check.kind() != RecordCheck.Kind.MESSAGE) {
                report(q, queueOffset, e, ConsumeQueueProblem.Kind.DAMAGED, check.problem());
                return;
            }
            StoredMessage m = StoredMessage.decode(b, b.position(), false);
            if (!m.topic().equals(q.topic()) || m.queueId() != q.queueId() || m.queueOffset() != queueOffset
                    || check.size() != e.size()) {
                report(q, queueOffset, e, ConsumeQueueProblem.Kind.MISMATCH, "the record is " + m.topic() + "/"
                        + m.queueId() + " offset " + m.queueOffset() + ", " + check.size() + " bytes; the entry says "
                        + e.size() + " bytes");
            }
        } finally {
            r.release();
        }
    }

    private void report(ConsumeQueue q, long queueOffset, Entry e, ConsumeQueueProblem.Kind kind, String detail) {
        problems.add(new ConsumeQueueProblem(q.topic(), q.queueId(), queueOffset, e.commitLogOffset(), kind, detail));
    }
}
