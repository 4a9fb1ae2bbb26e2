package io.petrel.store.file;

import io.petrel.common.Check;
import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskPaths;
import io.petrel.env.NodeLog;
import io.petrel.store.format.FileNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The files of one log in one directory (RocketMQ's {@code MappedFileQueue}): commit-log files, or the
 * files of one consume queue. Files have one fixed size, are named by the log offset they start at,
 * and follow each other without gaps.
 *
 * <p>Flushing forces every file holding bytes written since its last force and syncs the directory
 * when a file was created or deleted since the last sync, all as one round; the round reports the
 * durable offset ({@code flushedWhere}) only when every force and sync succeeded. One round at a
 * time.
 *
 * <p>Driven by its node's loop only. After a crash, {@link #load} finds what the disk kept.
 */
public final class MappedFileQueue {

    private final Disk disk;
    private final String directory;
    private final int fileSize;
    private final NodeLog log;
    private final ArrayList<MappedFile> files = new ArrayList<>();
    private final TreeSet<String> directoriesToSync = new TreeSet<>();
    private long flushedWhere;
    private boolean flushing;
    private int truncations;

    public MappedFileQueue(Disk disk, String directory, int fileSize, NodeLog log) {
        this.disk = disk;
        this.directory = DiskPaths.normalize(directory);
        this.fileSize = fileSize;
        this.log = log;
    }

    /** What {@link #load} found wrong; empty when the files were in order. */
    public record LoadReport(List<String> problems) {
    }

    /**
     * Opens the files on disk. Names that are not 20 digits are ignored with a warning. A file of the
     * wrong size stops the load (the configured size changed: an operator must decide). Files before a
     * gap in the sequence are closed and left on disk, reported as damage: the log continues after the
     * gap.
     *
     * @throws StoreFileException for a file of the wrong size
     */
    public LoadReport load() {
        List<String> problems = new ArrayList<>();
        for (String name : disk.list(directory)) {
            String p = DiskPaths.join(directory, name);
            long from = FileNames.fileNameToOffset(name);
            if (from < 0 || disk.isDirectory(p)) {
                log.warn("ignoring {}: not a store file name", p);
                continue;
            }
            MappedFile f = MappedFile.open(disk, p, from);
            if (f.fileSize() != fileSize || from % fileSize != 0) {
                f.close();
                throw new StoreFileException(p + " is " + f.fileSize() + " bytes at offset " + from
                        + " but the configured file size is " + fileSize + "; fix the configuration or move the file away");
            }
            files.add(f);
        }
        for (int i = files.size() - 1; i > 0; i--) {
            if (files.get(i - 1).fileFromOffset() + fileSize != files.get(i).fileFromOffset()) {
                problems.add("gap before " + files.get(i).path() + ": " + i + " earlier file(s) set aside");
                for (MappedFile dropped : files.subList(0, i)) {
                    dropped.close();
                }
                files.subList(0, i).clear();
                break;
            }
        }
        if (!files.isEmpty()) {
            directoriesToSync.add(directory);
        }
        files.forEach(f -> f.setWrotePosition(f.fileSize()));
        files.forEach(f -> f.setFlushedPosition(f.fileSize()));
        return new LoadReport(problems);
    }

    public String directory() {
        return directory;
    }

    /** The log of the node these files belong to (for the parts built on this queue). */
    public NodeLog log() {
        return log;
    }

    public int fileSize() {
        return fileSize;
    }

    public List<MappedFile> files() {
        return Collections.unmodifiableList(files);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public MappedFile firstFile() {
        return files.isEmpty() ? null : files.get(0);
    }

    public MappedFile lastFile() {
        return files.isEmpty() ? null : files.get(files.size() - 1);
    }

    /** The start of the first file still readable, or -1 when there are no files. */
    public long minOffset() {
        for (MappedFile f : files) {
            if (f.isAvailable()) {
                return f.fileFromOffset();
            }
        }
        return files.isEmpty() ? -1 : lastFile().fileFromOffset() + fileSize;
    }

    /**
     * The end of the written data: the next append goes here. Files created ahead of need (a consume
     * queue makes sure the file for a batch's last entry exists before the commit-log write) are
     * empty and do not count until the file before them is full.
     */
    public long maxOffset() {
        for (int i = files.size() - 1; i >= 0; i--) {
            MappedFile f = files.get(i);
            if (f.wrotePosition() > 0 || i == 0 || files.get(i - 1).isFull()) {
                return f.fileFromOffset() + f.wrotePosition();
            }
        }
        return 0;
    }

    /**
     * The queue's shape: files start on file-size boundaries, each right where the one before it
     * ends, and within each file {@code 0 <= flushedPosition <= wrotePosition <= fileSize}. Cheap (no
     * disk reads); throws {@code Check.InvariantViolation} naming the first broken rule.
     */
    public void invariants() {
        long expectedStart = -1;
        for (MappedFile f : files) {
            Check.state(f.fileFromOffset() % fileSize == 0, "{} does not start on a {}-byte boundary", f.path(), fileSize);
            Check.state(expectedStart < 0 || f.fileFromOffset() == expectedStart,
                    "{} starts at {}, but the file before it ends at {}", f.path(), f.fileFromOffset(), expectedStart);
            Check.state(0 <= f.flushedPosition() && f.flushedPosition() <= f.wrotePosition()
                    && f.wrotePosition() <= fileSize, "{}: flushed {} / wrote {} / size {} out of order", f.path(),
                    f.flushedPosition(), f.wrotePosition(), fileSize);
            expectedStart = f.fileFromOffset() + fileSize;
        }
    }

    public long flushedWhere() {
        return flushedWhere;
    }

    public void setFlushedWhere(long offset) {
        flushedWhere = offset;
    }

    /** The file holding log offset {@code offset}, or null. */
    public MappedFile findMappedFileByOffset(long offset) {
        if (files.isEmpty() || offset < files.get(0).fileFromOffset()) {
            return null;
        }
        // Kept a long until compared: an offset from a peer (VIEW_MESSAGE_BY_ID) may lie so far past
        // the log that the file index overflows an int (issue 23: Long.MAX_VALUE gave index -1).
        long index = (offset - files.get(0).fileFromOffset()) / fileSize;
        if (index >= files.size()) {
            return null;
        }
        MappedFile f = files.get((int) index);
        Check.state(f.fileFromOffset() <= offset && offset < f.fileFromOffset() + fileSize,
                "file {} does not hold offset {}", f, offset);
        return f;
    }

    /** Creates the file starting at {@code fromOffset}, which must follow the last file. */
    public MappedFile createFile(long fromOffset) {
        MappedFile last = lastFile();
        Check.argument(fromOffset % fileSize == 0, "offset {} is not a file boundary of {}", fromOffset, directory);
        Check.argument(last == null || fromOffset == last.fileFromOffset() + fileSize,
                "new file at {} does not follow {}", fromOffset, last);
        MappedFile f = MappedFile.create(disk, directory, fromOffset, fileSize);
        files.add(f);
        directoriesToSync.add(directory);
        return f;
    }

    /** Another directory whose names must be synced at the next flush (a parent of a new directory). */
    public void syncDirectoryAtNextFlush(String dir) {
        directoriesToSync.add(DiskPaths.normalize(dir));
    }

    /**
     * Makes {@code offset} the end of the log: later files are deleted, the file holding it is cut
     * there and the rest of it zeroed, so no stale record beyond can be read after another crash.
     * Returns how many bytes of data were cut (whole deleted files plus zeroed pages).
     */
    public long truncateDirtyFiles(long offset) {
        return truncate(offset, false);
    }

    /**
     * As {@link #truncateDirtyFiles}, while the store starts and nothing reads these files: the rest
     * of the file holding {@code offset} is given back unread ({@link MappedFile#zeroTailAtStart}),
     * so the count of zeroed bytes covers only its first page.
     */
    public long truncateAtStart(long offset) {
        return truncate(offset, true);
    }

    private long truncate(long offset, boolean atStart) {
        long cut = 0;
        while (!files.isEmpty() && lastFile().fileFromOffset() > offset) {
            MappedFile f = files.remove(files.size() - 1);
            f.close();
            disk.delete(f.path());
            directoriesToSync.add(directory);
            cut += f.fileSize();
            log.warn("deleted {}: it lies beyond the recovered end {}", f.path(), offset);
        }
        MappedFile last = lastFile();
        if (last != null) {
            int position = (int) (offset - last.fileFromOffset());
            last.setWrotePosition(position);
            last.setFlushedPosition(position);
            cut += (long) (atStart ? last.zeroTailAtStart(position) : last.zeroFrom(position)) * MappedFile.PAGE_SIZE;
        }
        flushedWhere = Math.min(flushedWhere, offset);
        truncations++;
        return cut;
    }

    /**
     * Forgets what was written at or past {@code offset} in this run, without touching the disk (a
     * write that failed halfway through an append of several writes): the queue ends at {@code
     * offset} again, and the next append writes over the bytes beyond. Only for an offset at or past
     * the flushed position, so nothing forgotten was reported durable.
     */
    public void rollBackTo(long offset) {
        for (MappedFile f : files) {
            long position = Math.max(0, Math.min(fileSize, offset - f.fileFromOffset()));
            if (f.wrotePosition() > position) {
                Check.state(f.flushedPosition() <= position, "{}: rolling back to {} below its flushed {}", f.path(),
                        position, f.flushedPosition());
                f.setWrotePosition((int) position);
            }
        }
    }

    /**
     * A queue whose every file holds no bytes (all were cut) starts again at {@code fromOffset}, any
     * file boundary: a slave whose whole log was not its master's starts where its master's log is.
     * The new file is created first and the empty ones deleted after, so a refused creation (a full
     * disk) leaves the queue as it was, ending where it ended, instead of with no file at all (whose
     * end would read 0, below what was dispatched: fuzz2-721879). Returns the new file.
     */
    public MappedFile restartAt(long fromOffset) {
        Check.state(files.stream().allMatch(f -> f.wrotePosition() == 0), "{} still holds data", directory);
        Check.argument(fromOffset % fileSize == 0, "{} is not a file boundary", fromOffset);
        MappedFile reused = files.stream().filter(f -> f.fileFromOffset() == fromOffset).findFirst().orElse(null);
        MappedFile created = reused != null ? reused : MappedFile.create(disk, directory, fromOffset, fileSize);
        List<MappedFile> emptied = new ArrayList<>(files);
        emptied.remove(created);
        files.clear();
        files.add(created);
        for (MappedFile f : emptied) {
            f.close();
            disk.delete(f.path());
        }
        directoriesToSync.add(directory);
        return created;
    }

    /** Removes a deleted file from the head of the queue. */
    public void removeDestroyed(MappedFile f) {
        Check.state(f.isDestroyed() && !files.isEmpty() && files.get(0) == f, "{} is not the destroyed first file", f);
        files.remove(0);
        directoriesToSync.add(directory);
    }

    public boolean isFlushing() {
        return flushing;
    }

    /** Bytes written and not yet forced, in 4 KiB pages, counted per file. */
    public int dirtyPages() {
        int pages = 0;
        for (int i = files.size() - 1; i >= 0; i--) {
            MappedFile f = files.get(i);
            if (f.flushedPosition() >= f.wrotePosition()) {
                break;
            }
            pages += f.wrotePosition() / MappedFile.PAGE_SIZE - f.flushedPosition() / MappedFile.PAGE_SIZE;
        }
        return pages;
    }

    /**
     * Starts a flush round unless there are fewer than {@code leastPages} dirty pages (a full file or
     * a pending directory sync is always flushed). Returns whether a round started; {@code done} runs
     * on the loop when it ends.
     */
    public boolean flush(int leastPages, FlushDone done) {
        Check.state(!flushing, "flush of {} already in flight", directory);
        List<MappedFile> dirty = dirtyFiles();
        boolean fullFileDirty = dirty.stream().anyMatch(f -> f != lastFile() || f.isFull() || f.isForceRequested());
        if (dirty.isEmpty() && directoriesToSync.isEmpty()) {
            return false;
        }
        if (leastPages > 0 && dirtyPages() < leastPages && !fullFileDirty && directoriesToSync.isEmpty()) {
            return false;
        }
        List<String> directories = new ArrayList<>(directoriesToSync);
        directoriesToSync.clear();
        long target = maxOffset();
        int truncationsAtStart = truncations;
        flushing = true;
        FlushRound.start(disk, dirty, directories, failure -> {
            flushing = false;
            if (failure != null) {
                directoriesToSync.addAll(directories);
            } else if (truncations == truncationsAtStart) {
                // A truncation during the round dropped bytes it forced and maybe wrote new ones it did not.
                flushedWhere = Math.max(flushedWhere, target);
            }
            done.onFlushed(flushedWhere, failure);
        });
        return true;
    }

    private List<MappedFile> dirtyFiles() {
        List<MappedFile> dirty = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            MappedFile f = files.get(i);
            if (f.flushedPosition() >= f.wrotePosition() && f.isNameDurable() && !f.isForceRequested()) {
                break;
            }
            if (f.isOpen()) {
                dirty.add(0, f);
            }
        }
        return dirty;
    }
}
