package io.petrel.ha;

import io.petrel.env.Address;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.store.MessageStore;
import io.petrel.store.StoreReplication.RecordSpan;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * What a slave does before it (re)connects to its master's replication port: make sure its log is
 * the master's, so it never serves or builds on bytes the master does not have at those offsets.
 *
 * <ol>
 *   <li>Ask the master where its log ends ({@code m}); this slave's ends at {@code s}.</li>
 *   <li>Compare this slave's last record ending at or before {@code min(s, m)} with the master's
 *       record at that offset, byte for byte. Equal: the logs agree up to there.</li>
 *   <li>Different (the master lost a tail and wrote new messages where it was): find the last record
 *       both hold, by comparing the first record of each file backwards and then a binary search
 *       inside the file where they part, and cut this slave's log back to its end, counting and
 *       logging what was dropped.</li>
 *   <li>If the slave still holds bytes past {@code m} (the master lost a tail and wrote nothing yet),
 *       hand them back ({@link PushTail}); a master that refuses (an Apache one, or one no longer
 *       waiting) will never have them, so the slave cuts them too, with an ERROR.</li>
 * </ol>
 * Every call that fails leaves the log untouched and the check is retried at the next attempt.
 * Driven by the slave's loop; steps are callbacks of remote answers.
 */
final class SlaveCatchUp {

    /** How the check ended: connect now, or try again later. */
    interface Outcome {
        void proceed();

        void retry(String why);
    }

    private final Env env;
    private final MessageStore store;
    private final MasterCalls calls;
    private final Address master;
    private final Outcome outcome;
    private long masterEnd;

    SlaveCatchUp(Env env, MessageStore store, MasterCalls calls, Address master, Outcome outcome) {
        this.env = env;
        this.store = store;
        this.calls = calls;
        this.master = master;
        this.outcome = outcome;
    }

    void start() {
        guarded(this::begin);
    }

    /** A disk error while reading or cutting this slave's own log: try again at the next attempt. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (DiskException e) {
            outcome.retry("this slave's disk: " + e.getMessage());
        }
    }

    private void begin() {
        if (store.getMaxPhyOffset() <= 0 || store.replication().commitLogFileStarts().isEmpty()) {
            outcome.proceed();
            return;
        }
        calls.logEnd(master, answer(end -> {
            masterEnd = end;
            compareLast();
        }));
    }

    private void compareLast() {
        long limit = Math.min(store.getMaxPhyOffset(), masterEnd);
        RecordSpan last = lastRecordEndingBy(limit);
        if (last == null) {
            agreeUpTo(Math.max(limit, store.getMinPhyOffset()));
            return;
        }
        same(last, equal -> {
            if (equal) {
                agreeUpTo(limit);
            } else {
                env.log().probe("ha-slave-diverged");
                searchFiles(fileIndexOf(last.offset()), limit);
            }
        });
    }

    /** The last message record ending at or before {@code limit}, searching back file by file. */
    private RecordSpan lastRecordEndingBy(long limit) {
        List<Long> files = store.replication().commitLogFileStarts();
        for (int i = fileIndexOf(Math.max(0, limit - 1)); i >= 0; i--) {
            List<RecordSpan> spans = store.replication().recordSpans(files.get(i), limit);
            if (!spans.isEmpty()) {
                return spans.get(spans.size() - 1);
            }
        }
        return null;
    }

    private int fileIndexOf(long offset) {
        List<Long> files = store.replication().commitLogFileStarts();
        int index = 0;
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i) <= offset) {
                index = i;
            }
        }
        return index;
    }

    /** Walks back over the files' first records to the last file whose first record both hold. */
    private void searchFiles(int index, long limit) {
        if (index < 0) {
            cutTo(store.getMinPhyOffset(), "no record of this slave's log is the master's");
            return;
        }
        long fileStart = store.replication().commitLogFileStarts().get(index);
        List<RecordSpan> spans = store.replication().recordSpans(fileStart, limit);
        if (spans.isEmpty()) {
            searchFiles(index - 1, limit);
            return;
        }
        same(spans.get(0), equal -> {
            if (equal) {
                bisect(spans, 0, spans.size());
            } else {
                searchFiles(index - 1, limit);
            }
        });
    }

    /** {@code spans[good]} is the master's, {@code spans[bad]} (or the end) is not: find the last good one. */
    private void bisect(List<RecordSpan> spans, int good, int bad) {
        if (bad - good <= 1) {
            cutTo(spans.get(good).end(), "the master's log differs from offset " + spans.get(good).end());
            return;
        }
        int mid = (good + bad) >>> 1;
        same(spans.get(mid), equal -> bisect(spans, equal ? mid : good, equal ? bad : mid));
    }

    private void cutTo(long offset, String why) {
        long dropped = store.replication().truncateTo(offset);
        env.log().warn("replication: {}; cut this slave's log back to {}, dropping {} bytes", why, offset, dropped);
        agreeUpTo(offset);
    }

    /** The logs agree up to {@code offset}; what this slave holds past the master's end goes back or goes. */
    private void agreeUpTo(long offset) {
        long end = store.getMaxPhyOffset();
        if (end <= masterEnd) {
            outcome.proceed();
            return;
        }
        // From the master's end, or from this slave's first file when its retention deleted what lies
        // before (a file starts with a record).
        long whole = store.replication().wholeRecordsEnd(Math.max(masterEnd, store.getMinPhyOffset()));
        if (whole < end) {
            // A record cut short (by a transfer's end and a failed append) must not go back: the master
            // would append after its first part and break its log there (fuzz6-127137).
            long dropped = store.replication().truncateTo(whole);
            env.log().warn("replication: this slave's log ends inside a record; cut back to {}, the end of its last "
                    + "whole record, dropping {} bytes, before handing its tail back", whole, dropped);
            end = whole;
        }
        if (end <= masterEnd) {
            outcome.proceed();
            return;
        }
        env.log().probe("ha-slave-ahead-of-master");
        env.log().warn("replication: this slave holds {} bytes past its master's end {}; handing them back",
                end - masterEnd, masterEnd);
        pushFrom(masterEnd);
    }

    private void pushFrom(long offset) {
        ByteBuffer tail = store.replication().readTail(offset, PushTail.MAX_BYTES);
        long kept = store.getMinPhyOffset();
        if (tail == null && offset < kept && store.getMaxPhyOffset() > kept) {
            // This slave's retention deleted the start of the tail (fuzz6-99453): what it still holds
            // goes back from its first file, and the master skips to that file's start.
            env.log().warn("replication: this slave's retention deleted its log from {} to {}; handing back what it "
                    + "holds from {}", offset, kept, kept);
            pushFrom(kept);
            return;
        }
        if (tail == null) {
            outcome.proceed();
            return;
        }
        int n = tail.remaining();
        calls.pushTail(master, offset, tail, answer(taken -> {
            if (taken) {
                pushFrom(offset + n);
            } else {
                long dropped = store.replication().truncateTo(offset);
                env.log().error("replication: the master at {} refused the {} bytes of its lost tail from {}; cut them "
                        + "from this slave too (under SYNC_MASTER they may hold acknowledged messages)", master,
                        dropped, offset);
                outcome.proceed();
            }
        }));
    }

    private interface Verdict {
        void on(boolean equal);
    }

    private void same(RecordSpan span, Verdict verdict) {
        byte[] mine = store.replication().recordBytesAt(span.offset());
        calls.record(master, span.offset(), this.<byte[]>answer(theirs -> verdict.on(mine != null && Arrays.equals(mine, theirs))));
    }

    private interface OnValue<T> {
        void accept(T value);
    }

    private <T> MasterCalls.Answer<T> answer(OnValue<T> onValue) {
        return new MasterCalls.Answer<>() {
            @Override
            public void ok(T value) {
                guarded(() -> onValue.accept(value));
            }

            @Override
            public void failed(String why) {
                outcome.retry("asking master " + master + ": " + why);
            }
        };
    }
}
