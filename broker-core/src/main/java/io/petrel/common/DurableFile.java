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
 *
 * <p>Whatever a save wrote, {@link #read} reads back: the content is a byte array both ways, and
 * {@link Json} reads every name and string a writer can produce. A file that cannot be read anyway
 * (a disk fault, a hand edit) is reported as an {@link UnreadableFileException} naming it; the
 * owner decides whether to start without it ({@link #moveAside}) or not at all.
 */
public final class DurableFile {

    private static final long RETRY_MS = 1_000;
    /** The largest byte array a JVM allocates: the content a save can hold, and so what a read accepts. */
    public static final int MAX_CONTENT_BYTES = Integer.MAX_VALUE - 8;
    private static final String ASIDE_SUFFIX = ".corrupt-";

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

    /**
     * The current content, or null when the file does not exist.
     *
     * @throws UnreadableFileException when the file is larger than a byte array, which no save can write
     * @throws DiskException when reading fails
     */
    public byte[] load() {
        Disk disk = env.disk();
        if (!disk.exists(path)) {
            return null;
        }
        DiskFile file = disk.open(path);
        try {
            if (file.size() > MAX_CONTENT_BYTES) {
                throw new UnreadableFileException(path, "it has " + file.size() + " bytes, more than the "
                        + MAX_CONTENT_BYTES + " any save writes");
            }
            ByteBuffer content = ByteBuffer.allocate((int) file.size());
            file.read(0, content);
            return content.array();
        } finally {
            file.close();
        }
    }

    /**
     * The content parsed as {@code type}, or null when the file does not exist.
     *
     * @param what the file's kind for the reason ("KV config", "topic config")
     * @throws UnreadableFileException naming the file when it cannot be read or is not {@code type}'s JSON
     */
    public <T> T read(Class<T> type, String what) {
        byte[] content;
        try {
            content = load();
        } catch (DiskException e) {
            throw new UnreadableFileException(path, "reading it failed: " + e.getMessage());
        }
        if (content == null) {
            return null;
        }
        try {
            return Json.read(content, type);
        } catch (BodyException e) {
            throw new UnreadableFileException(path, "it is not a valid " + what + " file: " + e.getMessage());
        }
    }

    /**
     * Renames the file to {@code <path>.corrupt-<n>}, n one more than any such file already there,
     * so an operator finds every file ever moved aside, and syncs the directory (a failed sync is
     * logged: the file is then either still in place or aside after a power loss, and both are
     * handled at the next start). Returns the new path.
     *
     * @throws DiskException when the rename fails
     */
    public String moveAside() {
        Disk disk = env.disk();
        String prefix = DiskPaths.name(path) + ASIDE_SUFFIX;
        long last = 0;
        for (String name : disk.list(DiskPaths.parent(path))) {
            if (name.startsWith(prefix)) {
                try {
                    last = Math.max(last, Long.parseLong(name.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    // Not one of ours (an operator's copy): ignored.
                }
            }
        }
        String aside = path + ASIDE_SUFFIX + (last + 1);
        disk.rename(path, aside);
        disk.syncDirectory(DiskPaths.parent(path), failure -> {
            if (failure != null) {
                env.log().warn("could not sync {} after moving {} aside: {}", DiskPaths.parent(path), path,
                        failure.getMessage());
            }
        });
        return aside;
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
