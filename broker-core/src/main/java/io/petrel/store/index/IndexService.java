package io.petrel.store.index;

import io.petrel.common.Check;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskPaths;
import io.petrel.env.NodeLog;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.file.FlushRound;
import io.petrel.store.file.MappedFile;
import io.petrel.store.format.FileNames;
import io.petrel.store.format.IndexFileFormat;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The message index over {@code UNIQ_KEY} and every {@code KEYS} value (RocketMQ's
 * {@code IndexService}): files under {@code storePathIndex} named by creation time, a new one when
 * the last is full. Queries walk files newest first and return commit-log offsets; the caller checks
 * each against the commit log, because a hash match is not a key match.
 *
 * <p>Durability: {@link #durableBelow()} is the commit-log offset below which every indexed key
 * survived a completed flush. At recovery a file written past the durable point is kept only if its
 * header, slots and entries agree ({@link IndexFile#isConsistent}); otherwise it is deleted and
 * rebuilt from the commit log.
 *
 * <p>Driven by its node's loop only.
 */
public final class IndexService {

    private final Disk disk;
    private final String directory;
    private final int hashSlotNum;
    private final int indexNum;
    private final ZoneId zone;
    private final NodeLog log;
    private final List<IndexFile> files = new ArrayList<>();
    private long indexedUpTo;
    private long pendingFirst = Long.MAX_VALUE;
    private long inFlightFirst = Long.MAX_VALUE;
    private boolean flushing;

    public IndexService(Disk disk, String directory, int hashSlotNum, int indexNum, ZoneId zone, NodeLog log) {
        this.disk = disk;
        this.directory = DiskPaths.normalize(directory);
        this.hashSlotNum = hashSlotNum;
        this.indexNum = indexNum;
        this.zone = zone;
        this.log = log;
    }

    /** Opens the index files on disk, oldest data first; files of another size are set aside. */
    public List<String> load() {
        List<String> problems = new ArrayList<>();
        long expected = IndexFileFormat.fileSize(hashSlotNum, indexNum);
        for (String name : disk.list(directory)) {
            String p = DiskPaths.join(directory, name);
            if (!FileNames.isIndexFileName(name) || disk.isDirectory(p)) {
                log.warn("ignoring {}: not an index file name", p);
                continue;
            }
            IndexFile f = IndexFile.open(disk, p, hashSlotNum, indexNum);
            if (!f.hasSize(expected)) {
                f.close();
                problems.add(p + " does not have the configured index size " + expected + "; set aside");
                continue;
            }
            files.add(f);
        }
        files.sort(Comparator.comparingLong((IndexFile f) -> f.hasEntries() ? f.header().beginPhyOffset() : Long.MAX_VALUE)
                .thenComparing(f -> f.mappedFile().name()));
        return problems;
    }

    /**
     * Recovery: decides which files to keep and returns the commit-log offset the index must be rebuilt
     * from. {@code durableOffset} is the checkpoint's index offset, {@code commitLogEnd} the recovered end.
     */
    public long recover(long durableOffset, long commitLogEnd, long nowNanos) {
        long from = Math.min(durableOffset, commitLogEnd);
        long rebuildFrom = from;
        for (int i = files.size() - 1; i >= 0; i--) {
            IndexFile f = files.get(i);
            boolean beyondEnd = f.hasEntries() && f.header().beginPhyOffset() >= commitLogEnd;
            boolean suspect = f.hasEntries() && f.header().endPhyOffset() >= from;
            if (!beyondEnd && (!suspect || f.isConsistent())) {
                continue;
            }
            log.warn("index file {} {}: deleted, rebuilt from the commit log", f.mappedFile().path(),
                    beyondEnd ? "lies beyond the commit log" : "is inconsistent after the crash");
            if (f.hasEntries() && !beyondEnd) {
                rebuildFrom = Math.min(rebuildFrom, f.header().beginPhyOffset());
            }
            f.destroy(nowNanos, 0);
            files.remove(i);
        }
        if (rebuildFrom < from) {
            indexedUpTo = rebuildFrom;
            return rebuildFrom;
        }
        IndexFile last = last();
        long lastIndexed = last != null && last.hasEntries() ? Math.min(last.header().endPhyOffset() + 1, commitLogEnd) : 0;
        indexedUpTo = Math.max(lastIndexed, from);
        return from;
    }

    private IndexFile last() {
        return files.isEmpty() ? null : files.get(files.size() - 1);
    }

    /** Makes sure the last file can take {@code keys} more keys, creating a new one if not. */
    public void ensureCapacity(int keys, long nowMs) {
        IndexFile last = last();
        if (last == null || last.header().indexCount() + keys > indexNum) {
            createFile(nowMs);
        }
    }

    private IndexFile createFile(long nowMs) {
        String name = FileNames.indexFileName(nowMs, zone);
        for (int i = 1; disk.exists(DiskPaths.join(directory, name)) && i < 1000; i++) {
            name = FileNames.indexFileName(nowMs + i, zone);
        }
        IndexFile f = IndexFile.create(disk, DiskPaths.join(directory, name), hashSlotNum, indexNum);
        files.add(f);
        log.info("index file {} created", f.mappedFile().path());
        return f;
    }

    /**
     * Indexes one dispatched message unless it is below {@link #indexedUpTo} or rolled back; returns
     * whether it wrote a key (recovery counts what it had to index again).
     */
    public boolean buildIndex(DispatchRequest r, long nowMs) {
        if (r.commitLogOffset() < indexedUpTo) {
            return false;
        }
        boolean wrote = false;
        if (MessageSysFlag.transactionValue(r.sysFlag()) != MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            if (r.uniqKey() != null) {
                putKey(IndexFileFormat.keyHash(r.topic(), r.uniqKey()), r, nowMs);
                wrote = true;
            }
            if (r.keys() != null) {
                for (String key : r.keys().split(MessageConst.KEY_SEPARATOR)) {
                    if (!key.isEmpty()) {
                        putKey(IndexFileFormat.keyHash(r.topic(), key), r, nowMs);
                        wrote = true;
                    }
                }
            }
        }
        indexedUpTo = r.commitLogEnd();
        return wrote;
    }

    private void putKey(int keyHash, DispatchRequest r, long nowMs) {
        IndexFile f = last();
        if (f == null || f.isWriteFull()) {
            f = createFile(nowMs);
        }
        Check.state(f.putKey(keyHash, r.commitLogOffset(), r.storeTimestamp()), "index file {} refused a key", f.mappedFile());
        pendingFirst = Math.min(pendingFirst, r.commitLogOffset());
    }

    /** Every indexed key of a message below this commit-log offset is durable. */
    public long durableBelow() {
        return Math.min(pendingFirst, inFlightFirst);
    }

    /** Offsets of messages stored within [begin, end] whose {@code topic#key} hashes match, newest first. */
    public List<Long> queryOffset(String topic, String key, int maxNum, long begin, long end) {
        LinkedHashSet<Long> found = new LinkedHashSet<>();
        int keyHash = IndexFileFormat.keyHash(topic, key);
        for (int i = files.size() - 1; i >= 0 && found.size() < maxNum; i--) {
            IndexFile f = files.get(i);
            if (f.header().isTimeMatched(begin, end)) {
                f.selectPhyOffset(found, keyHash, maxNum, begin, end);
            }
            if (f.header().beginTimestamp() < begin) {
                break;
            }
        }
        return new ArrayList<>(found);
    }

    /** Deletes files (never the last) whose every entry points below {@code commitLogMinOffset}. */
    public int deleteExpiredFiles(long commitLogMinOffset, long nowNanos, long forciblyAfterNanos) {
        int deleted = 0;
        while (files.size() > 1 && files.get(0).header().endPhyOffset() < commitLogMinOffset) {
            IndexFile f = files.remove(0);
            f.destroy(nowNanos, forciblyAfterNanos);
            deleted++;
        }
        return deleted;
    }

    /** Forces every index file written since the last round, plus the directory; one round at a time. */
    public boolean flush(Consumer<DiskException> done) {
        if (flushing) {
            return false;
        }
        List<MappedFile> dirty = new ArrayList<>();
        for (IndexFile f : files) {
            if (f.takeDirty()) {
                dirty.add(f.mappedFile());
            }
        }
        boolean names = files.stream().anyMatch(f -> !f.mappedFile().isNameDurable());
        if (dirty.isEmpty() && !names) {
            return false;
        }
        flushing = true;
        inFlightFirst = pendingFirst;
        pendingFirst = Long.MAX_VALUE;
        List<IndexFile> covered = new ArrayList<>(files);
        FlushRound.start(disk, dirty, names ? List.of(directory) : List.of(), failure -> {
            flushing = false;
            if (failure != null) {
                pendingFirst = Math.min(pendingFirst, inFlightFirst);
                covered.stream().filter(f -> dirty.contains(f.mappedFile())).forEach(IndexFile::markDirty);
            }
            inFlightFirst = Long.MAX_VALUE;
            done.accept(failure);
        });
        return true;
    }

    /** Store time of the newest indexed key (0 when none). */
    public long lastUpdateTimestamp() {
        IndexFile last = last();
        return last == null ? 0 : last.header().endTimestamp();
    }

    /** Commit-log offset of the newest indexed message (0 when none). */
    public long lastUpdatePhyOffset() {
        IndexFile last = last();
        return last == null ? 0 : last.header().endPhyOffset();
    }

    public int fileCount() {
        return files.size();
    }

    public void shutdown() {
        files.forEach(IndexFile::close);
    }
}
