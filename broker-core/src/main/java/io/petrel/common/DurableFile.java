package io.petrel.common;

import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A small file rewritten whole and made durable atomically: the new content goes to
 * {@code <path>.tmp}, is forced, renamed over {@code <path>}, and the directory is synced. A crash
 * at any point leaves either the old or the new content, never a mix. Saves that arrive while one
 * is in flight are coalesced into one more save of the latest content. Used for kvConfig.json and
 * the broker's topics, subscription groups and offsets.
 */
public final class DurableFile {

    private static final long RETRY_MS = 1_000;

    private final Env env;
    private final String path;
    private final String tmpPath;
    private boolean writing;
    private byte[] next;
    private final List<Runnable> waitingForNext = new ArrayList<>();
    private final List<Runnable> idleWaiters = new ArrayList<>();
    private long failures;

    public DurableFile(Env env, String path) {
        this.env = env;
        this.path = DiskPaths.normalize(path);
        this.tmpPath = this.path + ".tmp";
    }

    public String path() {
        return path;
    }

    /** How many saves failed (disk full, IO error); each failure is also logged. */
    public long failures() {
        return failures;
    }

    /** Runs {@code done} once no save is in flight or waiting (at once when idle). */
    public void afterPendingSaves(Runnable done) {
        if (!writing && next == null) {
            done.run();
        } else {
            idleWaiters.add(done);
        }
    }

    /** The current content, or null when the file does not exist. */
    public byte[] load() {
        Disk disk = env.disk();
        if (!disk.exists(path)) {
            return null;
        }
        DiskFile file = disk.open(path);
        try {
            ByteBuffer content = ByteBuffer.allocate((int) file.size());
            file.read(0, content);
            return content.array();
        } finally {
            file.close();
        }
    }

    /** Saves {@code content}; {@code onDurable} (may be null) runs once it survives a power loss. */
    public void save(byte[] content, Runnable onDurable) {
        next = content;
        if (onDurable != null) {
            waitingForNext.add(onDurable);
        }
        if (!writing) {
            writeNext();
        }
    }

    private void writeNext() {
        byte[] content = next;
        next = null;
        List<Runnable> callbacks = new ArrayList<>(waitingForNext);
        waitingForNext.clear();
        writing = true;
        Disk disk = env.disk();
        DiskFile tmp;
        try {
            if (disk.exists(tmpPath)) {
                disk.delete(tmpPath);
            }
            tmp = disk.create(tmpPath, content.length);
            tmp.write(0, ByteBuffer.wrap(content));
        } catch (DiskException e) {
            fail(e, content, callbacks);
            return;
        }
        tmp.force(failure -> {
            tmp.close();
            if (failure != null) {
                fail(failure, content, callbacks);
                return;
            }
            try {
                disk.rename(tmpPath, path);
            } catch (DiskException e) {
                fail(e, content, callbacks);
                return;
            }
            disk.syncDirectory(DiskPaths.parent(path), syncFailure -> {
                if (syncFailure != null) {
                    fail(syncFailure, content, callbacks);
                    return;
                }
                callbacks.forEach(Runnable::run);
                finish();
            });
        });
    }

    /** Keeps the failed content (unless newer content is waiting) and tries again in a second. */
    private void fail(DiskException e, byte[] content, List<Runnable> callbacks) {
        failures++;
        env.log().warn("could not save {}: {}; retrying in {} ms", path, e.getMessage(), RETRY_MS);
        if (next == null) {
            next = content;
        }
        waitingForNext.addAll(0, callbacks);
        writing = false;
        env.scheduler().schedule(RETRY_MS, () -> {
            if (!writing && next != null) {
                writeNext();
            }
        });
    }

    private void finish() {
        writing = false;
        if (next != null) {
            writeNext();
            return;
        }
        List<Runnable> idle = new ArrayList<>(idleWaiters);
        idleWaiters.clear();
        idle.forEach(Runnable::run);
    }
}
