package io.petrel.store;

import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.NodeLog;
import io.petrel.store.format.CheckpointFormat;
import io.petrel.store.format.CheckpointFormat.Checkpoint;
import java.nio.ByteBuffer;

/**
 * The checkpoint file (RocketMQ's {@code StoreCheckpoint}; layout in {@link CheckpointFormat}): how far
 * the commit log, the consume queues and the index are durable. Every value written is a lower bound
 * of what completed forces made durable, so an old checkpoint is never wrong, only pessimistic.
 *
 * <p>A flush rewrites the one 4 KiB page in place and forces it; a page is written whole, so after a
 * power loss the file holds either the old or the new content (the CRC of Petrel's extension catches
 * anything else, and recovery then scans from the first commit-log file). One flush at a time; a
 * request during a flush is served by one more flush afterwards.
 *
 * <p>Driven by its node's loop only.
 */
final class StoreCheckpoint {

    private final Disk disk;
    private final String path;
    private final NodeLog log;
    private DiskFile file;
    private long physicMsgTimestamp;
    private long logicsMsgTimestamp;
    private long indexMsgTimestamp;
    private long physicOffset;
    private long logicsOffset;
    private long indexOffset;
    private boolean flushing;
    private boolean flushAgain;
    private Runnable pendingDone;
    private DiskException lastFailure;

    StoreCheckpoint(Disk disk, String path, NodeLog log) {
        this.disk = disk;
        this.path = path;
        this.log = log;
    }

    /** Reads the file if there is one (NONE otherwise) and keeps a handle for later flushes. */
    Checkpoint load() {
        if (!disk.exists(path)) {
            file = disk.create(path, CheckpointFormat.FILE_SIZE);
            return Checkpoint.NONE;
        }
        file = disk.open(path);
        if (file.size() < CheckpointFormat.FILE_SIZE) {
            log.warn("checkpoint {} has {} bytes instead of {}: ignored", path, file.size(), CheckpointFormat.FILE_SIZE);
            return Checkpoint.NONE;
        }
        ByteBuffer page = ByteBuffer.allocate(CheckpointFormat.FILE_SIZE);
        file.read(0, page);
        Checkpoint c = CheckpointFormat.decode(page.flip());
        physicMsgTimestamp = c.physicMsgTimestamp();
        logicsMsgTimestamp = c.logicsMsgTimestamp();
        indexMsgTimestamp = c.indexMsgTimestamp();
        return c;
    }

    void setPhysic(long offset, long timestamp) {
        physicOffset = offset;
        if (timestamp > 0) {
            physicMsgTimestamp = timestamp;
        }
    }

    void setLogics(long offset, long timestamp) {
        logicsOffset = offset;
        if (timestamp > 0) {
            logicsMsgTimestamp = timestamp;
        }
    }

    void setIndex(long offset, long timestamp) {
        indexOffset = offset;
        if (timestamp > 0) {
            indexMsgTimestamp = timestamp;
        }
    }

    Checkpoint current() {
        return new Checkpoint(physicMsgTimestamp, logicsMsgTimestamp, indexMsgTimestamp, true,
                physicOffset, logicsOffset, indexOffset);
    }

    /**
     * Writes the current values now, unforced (a process crash keeps them; a power loss may take
     * them back with every other unforced write). Throws {@code DiskException} when the write fails.
     */
    void writeNow() {
        file.write(0, CheckpointFormat.encode(current()));
    }

    /**
     * Writes and forces the current values; {@code done} (may be null) runs on the loop afterwards,
     * when {@link #lastFlushFailure} tells how that flush ended.
     */
    void flush(Runnable done) {
        if (flushing) {
            flushAgain = true;
            if (done != null) {
                pendingDone = chain(pendingDone, done);
            }
            return;
        }
        flushing = true;
        Runnable thisDone = done;
        try {
            file.write(0, CheckpointFormat.encode(current()));
            file.force(failure -> afterFlush(failure, thisDone));
        } catch (DiskException e) {
            afterFlush(e, thisDone);
        }
    }

    private void afterFlush(DiskException failure, Runnable done) {
        flushing = false;
        lastFailure = failure;
        if (failure != null) {
            log.error("checkpoint {} could not be written: {}", path, failure.getMessage());
        }
        if (done != null) {
            done.run();
        }
        if (flushAgain) {
            flushAgain = false;
            Runnable next = pendingDone;
            pendingDone = null;
            flush(next);
        }
    }

    /** The failure of the flush that ended last, or null when it succeeded. */
    DiskException lastFlushFailure() {
        return lastFailure;
    }

    private static Runnable chain(Runnable a, Runnable b) {
        return a == null ? b : () -> {
            a.run();
            b.run();
        };
    }

    void close() {
        if (file != null) {
            file.close();
        }
    }
}
