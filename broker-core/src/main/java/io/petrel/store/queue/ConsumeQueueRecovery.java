package io.petrel.store.queue;

import io.petrel.store.file.MappedFile;
import io.petrel.store.file.MappedFileQueue;
import io.petrel.store.format.ConsumeQueueFormat;
import io.petrel.store.format.ConsumeQueueFormat.Entry;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Scans of one consume queue's files: where its valid entries end at recovery, which entry is the
 * first still served, and how far a file's messages reach. Reads a whole file's written part at a
 * time, so a scan costs one read per file.
 *
 * <p>Why recovery may stop at the first bad entry: entries are written in order and every entry
 * below the checkpoint's logics offset was forced before that offset was recorded, so an entry that
 * is missing (all zeros), out of order, or at or beyond the dispatch point can only be followed by
 * entries that the dispatcher will rebuild anyway.
 */
final class ConsumeQueueRecovery {

    private static final int UNIT = ConsumeQueueFormat.CQ_STORE_UNIT_SIZE;

    private final ConsumeQueue queue;
    private final MappedFileQueue files;
    private final boolean atStart;

    /** {@code atStart}: the store is starting and nothing reads the queue, so its tail may be given back unread. */
    ConsumeQueueRecovery(ConsumeQueue queue, boolean atStart) {
        this.queue = queue;
        this.files = queue.files();
        this.atStart = atStart;
    }

    void recover(long dispatchFrom, long commitLogEnd) {
        List<MappedFile> all = files.files();
        if (all.isEmpty()) {
            queue.afterRecovery(-1);
            return;
        }
        int start = startFile(all, dispatchFrom);
        Scan scan = new Scan(all.get(start).fileFromOffset());
        for (int i = start; i < all.size() && !scan.stopped; i++) {
            scanFile(all.get(i), dispatchFrom, commitLogEnd, scan);
        }
        if (atStart) {
            files.truncateAtStart(scan.cut);
        } else {
            files.truncateDirtyFiles(scan.cut);
        }
        if (scan.cutPastCommitLogEnd) {
            queue.log().probe("store-consume-queue-truncated");
        }
        long lastMessageEnd = scan.lastMessageEnd;
        if (lastMessageEnd < 0 && start > 0) {
            lastMessageEnd = lastMessageEndIn(all.get(start - 1));
        }
        queue.afterRecovery(lastMessageEnd);
    }

    /** How far a recovery scan got: where to cut, and what the last kept message entry was. */
    private static final class Scan {
        long cut;
        long lastMessageEnd = -1;
        long lastMessageOffset = -1;
        boolean stopped;
        boolean cutPastCommitLogEnd;

        Scan(long cut) {
            this.cut = cut;
        }
    }

    /** Moves the cut past every good entry of {@code f}; stops at the first entry to cut. */
    private void scanFile(MappedFile f, long dispatchFrom, long commitLogEnd, Scan scan) {
        ByteBuffer b = f.slice(0, f.fileSize());
        for (int at = 0; at + UNIT <= f.fileSize(); at += UNIT) {
            Entry e = ConsumeQueueFormat.read(b, at);
            boolean real = e.isWritten() && !e.isFiller();
            if (!e.isWritten() || (real && (e.commitLogOffset() >= dispatchFrom || e.commitLogOffset() <= scan.lastMessageOffset))
                    || (e.isLeftOut() && e.commitLogOffset() >= dispatchFrom)) {
                scan.stopped = true;
                scan.cutPastCommitLogEnd = pointsPast(b, at, f.fileSize(), commitLogEnd);
                return;
            }
            scan.cut = f.fileFromOffset() + at + UNIT;
            if (real) {
                scan.lastMessageOffset = e.commitLogOffset();
                scan.lastMessageEnd = e.commitLogEnd();
            }
        }
    }

    /**
     * For the coverage probe only: whether an entry about to be cut, in the part of the file already
     * read, points past the recovered commit log (the commit log lost a tail the queue had entries
     * for). Later files are not read for this, so the probe may miss such entries there.
     */
    private static boolean pointsPast(ByteBuffer b, int from, int size, long commitLogEnd) {
        for (int at = from; at + UNIT <= size; at += UNIT) {
            Entry e = ConsumeQueueFormat.read(b, at);
            if (!e.isWritten()) {
                return false;
            }
            if (!e.isFiller() && e.commitLogEnd() > commitLogEnd) {
                return true;
            }
        }
        return false;
    }

    /** The last file whose first entry is written and points below {@code dispatchFrom} (or the first file). */
    private static int startFile(List<MappedFile> all, long dispatchFrom) {
        ByteBuffer b = ByteBuffer.allocate(UNIT);
        for (int i = all.size() - 1; i > 0; i--) {
            b.clear();
            all.get(i).read(0, b);
            Entry e = ConsumeQueueFormat.read(b, 0);
            if (e.isWritten() && ((e.isFiller() && !e.isLeftOut()) || e.commitLogOffset() < dispatchFrom)) {
                return i;
            }
        }
        return 0;
    }

    /** The logical position of the first message entry at or above {@code commitLogMinOffset}. */
    long firstEntryAtOrAbove(long commitLogMinOffset, long currentMin) {
        for (MappedFile f : files.files()) {
            if (f.fileFromOffset() + f.wrotePosition() <= currentMin || !f.isAvailable()) {
                continue;
            }
            ByteBuffer b = f.slice(0, f.wrotePosition());
            int from = (int) Math.max(0, currentMin - f.fileFromOffset());
            for (int at = from - from % UNIT; at + UNIT <= f.wrotePosition(); at += UNIT) {
                Entry e = ConsumeQueueFormat.read(b, at);
                if (!e.isFiller() && e.isWritten() && e.commitLogOffset() >= commitLogMinOffset) {
                    return f.fileFromOffset() + at;
                }
            }
        }
        return files.maxOffset();
    }

    /** The commit-log end of the last message entry in {@code f}, or -1 when it holds only fillers. */
    long lastMessageEndIn(MappedFile f) {
        ByteBuffer b = f.slice(0, f.wrotePosition());
        for (int at = f.wrotePosition() - UNIT - f.wrotePosition() % UNIT; at >= 0; at -= UNIT) {
            Entry e = ConsumeQueueFormat.read(b, at);
            if (e.isWritten() && !e.isFiller()) {
                return e.commitLogEnd();
            }
        }
        return -1;
    }
}
