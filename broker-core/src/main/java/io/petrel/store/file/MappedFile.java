package io.petrel.store.file;

import io.petrel.common.Check;
import io.petrel.env.Disk;
import io.petrel.env.DiskCallback;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.store.format.FileNames;
import java.nio.ByteBuffer;

/**
 * One fixed-size store file (RocketMQ's {@code MappedFile}) on the {@link Disk} seam: where it starts
 * in its log ({@code fileFromOffset}), how far it was written ({@code wrotePosition}) and how far a
 * completed force made it durable ({@code flushedPosition}), whether its name was made durable by a
 * directory sync, and how many readers hold slices of it.
 *
 * <p>Deletion is two-phase, as in RocketMQ: {@link #destroy} first makes the file unavailable (new
 * readers are refused), then closes and deletes it once no reader holds it, or once
 * {@code destroyMapedFileIntervalForcibly} has passed since the first attempt.
 *
 * <p>Driven by its node's loop only. On a crash the handle dies; what the bytes look like afterwards
 * is the disk's business (page cache kept on a process crash, only forced pages on a power loss).
 */
public final class MappedFile {

    public static final int PAGE_SIZE = 4096;

    private final Disk disk;
    private final String path;
    private final long fileFromOffset;
    private final int fileSize;
    private final DiskFile file;
    private int wrotePosition;
    private int flushedPosition;
    /** How often the file was cut back below what it had written (a force in flight then vouches for nothing). */
    private int cuts;
    private boolean nameDurable;
    private int holds;
    private boolean available = true;
    private long firstDestroyNanos = -1;
    private boolean destroyed;
    private boolean forceRequested;

    private MappedFile(Disk disk, DiskFile file, long fileFromOffset, int fileSize, boolean nameDurable) {
        this.disk = disk;
        this.file = file;
        this.path = file.path();
        this.fileFromOffset = fileFromOffset;
        this.fileSize = fileSize;
        this.nameDurable = nameDurable;
    }

    /** Creates the file named by {@code fileFromOffset}; its name is not durable until its directory is synced. */
    public static MappedFile create(Disk disk, String directory, long fileFromOffset, int fileSize) {
        String p = DiskPaths.join(directory, FileNames.offsetToFileName(fileFromOffset));
        return new MappedFile(disk, disk.create(p, fileSize), fileFromOffset, fileSize, false);
    }

    /** Creates a file with an arbitrary name (index files are named by time). */
    public static MappedFile createNamed(Disk disk, String path, long fileFromOffset, int fileSize) {
        return new MappedFile(disk, disk.create(path, fileSize), fileFromOffset, fileSize, false);
    }

    /**
     * Opens an existing file; the caller checked its size. Its name counts as not durable: after a
     * process crash a name created but never synced is still visible, and only a directory sync makes
     * it survive a power loss.
     */
    public static MappedFile open(Disk disk, String path, long fileFromOffset) {
        DiskFile f = disk.open(path);
        return new MappedFile(disk, f, fileFromOffset, (int) f.size(), false);
    }

    public String path() {
        return path;
    }

    public String name() {
        return DiskPaths.name(path);
    }

    public long fileFromOffset() {
        return fileFromOffset;
    }

    public int fileSize() {
        return fileSize;
    }

    public int wrotePosition() {
        return wrotePosition;
    }

    public int flushedPosition() {
        return flushedPosition;
    }

    public boolean isFull() {
        return wrotePosition == fileSize;
    }

    public boolean isNameDurable() {
        return nameDurable;
    }

    void markNameDurable() {
        nameDurable = true;
    }

    public boolean isAvailable() {
        return available && !destroyed;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Writes {@code src} at file position {@code position}; the written extent grows to cover it. */
    public void write(int position, ByteBuffer src) {
        int length = src.remaining();
        Check.argument(position >= 0 && position + length <= fileSize, "write of {} bytes at {} outside {} ({} bytes)",
                length, position, path, fileSize);
        file.write(position, src);
        wrotePosition = Math.max(wrotePosition, position + length);
    }

    /** Recovery (or truncation) decided how far this file is written; durable up to there as far as we know. */
    public void setWrotePosition(int position) {
        Check.argument(position >= 0 && position <= fileSize, "position {} outside {}", position, path);
        if (position < wrotePosition) {
            cuts++;
        }
        wrotePosition = position;
        flushedPosition = Math.min(flushedPosition, position);
    }

    /** After a recovery scan: what is on disk up to {@code position} counts as flushed. */
    public void setFlushedPosition(int position) {
        flushedPosition = Math.min(position, wrotePosition);
    }

    int cuts() {
        return cuts;
    }

    void onForced(int position, boolean coveredRequest) {
        flushedPosition = Math.max(flushedPosition, Math.min(position, wrotePosition));
        if (coveredRequest) {
            forceRequested = false;
        }
    }

    /**
     * Asks the next flush round to force this file even if its positions say it is clean: bytes were
     * rewritten below the written position or zeroed beyond it (recovery).
     */
    public void requestForce() {
        forceRequested = true;
    }

    public boolean isForceRequested() {
        return forceRequested;
    }

    public void read(int position, ByteBuffer dst) {
        file.read(position, dst);
    }

    public ByteBuffer slice(int position, int length) {
        return file.slice(position, length);
    }

    public boolean isOpen() {
        return file.isOpen();
    }

    void force(DiskCallback done) {
        file.force(done);
    }

    /** Takes a read hold; false when the file is being deleted. */
    public boolean hold() {
        if (!isAvailable()) {
            return false;
        }
        holds++;
        return true;
    }

    public void release() {
        Check.state(holds > 0, "release of {} without a hold", path);
        holds--;
    }

    public int holds() {
        return holds;
    }

    /**
     * Deletes the file when nobody holds it, or anyway once {@code forciblyAfterNanos} have passed
     * since the first attempt. Returns whether it is gone.
     */
    public boolean destroy(long nowNanos, long forciblyAfterNanos) {
        if (destroyed) {
            return true;
        }
        available = false;
        if (firstDestroyNanos < 0) {
            firstDestroyNanos = nowNanos;
        }
        if (holds > 0 && nowNanos - firstDestroyNanos < forciblyAfterNanos) {
            return false;
        }
        file.close();
        disk.delete(path);
        destroyed = true;
        return true;
    }

    /** Closes the handle without deleting (shutdown). */
    public void close() {
        file.close();
    }

    /**
     * Zeros every byte from {@code position} to the end of the file that is not zero already, so a
     * stale record beyond a truncation point can never be read as data. Pages already zero are only
     * read, which keeps this cheap on mostly empty files.
     */
    public int zeroFrom(int position) {
        forceRequested = true;
        return DiskFile.zeroTailByReading(file, position);
    }

    /**
     * As {@link #zeroFrom}, while the store starts and nothing reads this file: the tail is given
     * back unread ({@link DiskFile#zeroTail}), so a restart does not read 6 MB of holes per queue.
     */
    public int zeroTailAtStart(int position) {
        forceRequested = true;
        return file.zeroTail(position);
    }

    @Override
    public String toString() {
        return path + "[wrote=" + wrotePosition + ", flushed=" + flushedPosition + "]";
    }
}
