package io.petrel.store.testing;

import io.petrel.env.Disk;
import io.petrel.env.DiskCallback;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A minimal in-memory {@link Disk} for unit tests of single store parts: files are byte arrays, and
 * forces and directory syncs complete when the test calls {@link #completePending}. No durability
 * model (io-sim's SimDisk has one; the crash tests use it).
 */
public final class MemoryDisk implements Disk {

    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final TreeSet<String> directories = new TreeSet<>(List.of("/"));
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final long totalBytes;
    private int writesBeforeFailure = -1;
    /** Every directory given to {@link #createDirectories} (durable at once: an fsync in production), in order. */
    public final List<String> directoriesCreatedDurably = new ArrayList<>();
    /** Every directory given to {@link #syncDirectory}, in order. */
    public final List<String> directoriesSynced = new ArrayList<>();

    public MemoryDisk(long totalBytes) {
        this.totalBytes = totalBytes;
    }

    /** The next {@code count} writes succeed, every later one fails with IO_ERROR; -1 for none. */
    public void failWritesAfter(int count) {
        writesBeforeFailure = count;
    }

    /** Runs every pending force/sync completion (and those they trigger); returns how many ran. */
    public int completePending() {
        int n = 0;
        while (!pending.isEmpty() && n < 1_000_000) {
            pending.poll().run();
            n++;
        }
        return n;
    }

    public byte[] bytes(String path) {
        return files.get(DiskPaths.normalize(path));
    }

    @Override
    public DiskFile create(String path, long sizeBytes) {
        String p = DiskPaths.normalize(path);
        if (files.containsKey(p)) {
            throw new DiskException(DiskException.Kind.ALREADY_EXISTS, p, "exists");
        }
        if (sizeBytes > usableSpaceBytes()) {
            throw new DiskException(DiskException.Kind.NO_SPACE, p, "full");
        }
        if (!directories.contains(DiskPaths.parent(p))) {
            // As production: missing parents are made durably, an existing one is left alone.
            createDirectories(DiskPaths.parent(p));
        }
        files.put(p, new byte[(int) sizeBytes]);
        return new MemoryFile(p);
    }

    @Override
    public DiskFile open(String path) {
        String p = DiskPaths.normalize(path);
        if (!files.containsKey(p)) {
            throw new DiskException(DiskException.Kind.NOT_FOUND, p, "missing");
        }
        return new MemoryFile(p);
    }

    @Override
    public boolean exists(String path) {
        String p = DiskPaths.normalize(path);
        return files.containsKey(p) || directories.contains(p);
    }

    @Override
    public boolean isDirectory(String path) {
        return directories.contains(DiskPaths.normalize(path));
    }

    @Override
    public List<String> list(String directory) {
        String dir = DiskPaths.normalize(directory);
        TreeSet<String> names = new TreeSet<>();
        for (String p : files.keySet()) {
            if (DiskPaths.parent(p).equals(dir)) {
                names.add(DiskPaths.name(p));
            }
        }
        for (String d : directories) {
            if (!d.equals("/") && DiskPaths.parent(d).equals(dir)) {
                names.add(DiskPaths.name(d));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public boolean delete(String path) {
        String p = DiskPaths.normalize(path);
        return files.remove(p) != null || directories.remove(p);
    }

    @Override
    public void rename(String from, String to) {
        files.put(DiskPaths.normalize(to), files.remove(DiskPaths.normalize(from)));
    }

    @Override
    public void createDirectories(String directory) {
        directoriesCreatedDurably.add(DiskPaths.normalize(directory));
        createUnsynced(directory);
    }

    /** As {@link #createDirectories}, without noting it: this disk has no power loss, so every name is durable. */
    @Override
    public void createDirectoriesUnsynced(String directory) {
        createUnsynced(directory);
    }

    private void createUnsynced(String directory) {
        for (String d = DiskPaths.normalize(directory); !d.equals("/"); d = DiskPaths.parent(d)) {
            directories.add(d);
        }
    }

    @Override
    public void syncDirectory(String directory, DiskCallback done) {
        directoriesSynced.add(DiskPaths.normalize(directory));
        pending.add(() -> done.onComplete(null));
    }

    @Override
    public long usableSpaceBytes() {
        long used = 0;
        for (byte[] b : files.values()) {
            used += b.length;
        }
        return Math.max(0, totalBytes - used);
    }

    @Override
    public long totalSpaceBytes() {
        return totalBytes;
    }

    private final class MemoryFile implements DiskFile {
        private final String path;
        private boolean open = true;

        MemoryFile(String path) {
            this.path = path;
        }

        private byte[] data() {
            byte[] d = files.get(path);
            if (!open || d == null) {
                throw new DiskException(DiskException.Kind.CLOSED, path, "closed");
            }
            return d;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public long size() {
            return data().length;
        }

        @Override
        public void write(long position, ByteBuffer src) {
            byte[] d = data();
            if (writesBeforeFailure == 0) {
                throw new DiskException(DiskException.Kind.IO_ERROR, path, "write failed (injected)");
            }
            if (writesBeforeFailure > 0) {
                writesBeforeFailure--;
            }
            if (position + src.remaining() > d.length) {
                throw new DiskException(DiskException.Kind.OUT_OF_BOUNDS, path, "write past end");
            }
            src.get(d, (int) position, src.remaining());
        }

        @Override
        public void read(long position, ByteBuffer dst) {
            byte[] d = data();
            dst.put(d, (int) position, dst.remaining());
        }

        @Override
        public int zeroTail(long position) {
            return DiskFile.zeroTailByReading(this, position);
        }

        @Override
        public ByteBuffer slice(long position, int length) {
            return ByteBuffer.wrap(data(), (int) position, length).slice().asReadOnlyBuffer();
        }

        @Override
        public void force(DiskCallback done) {
            data();
            pending.add(() -> done.onComplete(null));
        }

        @Override
        public boolean isOpen() {
            return open && files.containsKey(path);
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
