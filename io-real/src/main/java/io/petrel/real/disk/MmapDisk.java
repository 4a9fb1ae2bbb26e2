package io.petrel.real.disk;

import io.petrel.env.Disk;
import io.petrel.env.DiskCallback;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import io.petrel.real.loop.NodeLoop;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One node's {@link Disk} on the local file system. Seam paths are absolute OS paths.
 *
 * <p>Files are created at their full size with {@link RandomAccessFile#setLength}, which on the
 * usual Linux file systems makes a <em>sparse</em> file: the free-space check in {@link #create}
 * is made first, but blocks are only allocated as pages are first written. If the disk fills up
 * later, such a write faults and surfaces as {@link DiskException.Kind#IO_ERROR}. Files larger
 * than {@link Integer#MAX_VALUE} bytes are refused with {@link IllegalArgumentException}: one
 * mapping per file keeps reads and slices simple, and RocketMQ's files are 1 GiB at most.
 *
 * <p>Threads: every method must be called on the node's loop (a call from another thread fails
 * with {@link IllegalStateException}) and does its file-system work there, except
 * {@code force} and {@link #syncDirectory}, which wait for the device on the node's
 * {@link FlushThread}. Creating a directory fsyncs its parent on the loop (rare, and the contract
 * promises new directories are durable at once). {@link #close()} lets queued flushes finish and
 * ends the flush thread; open handles are left to the garbage collector.
 */
public final class MmapDisk implements Disk, AutoCloseable {

    private static final int FILE_STORES_MAX = 64;

    private final Path storeRoot;
    private final NodeLoop loop;
    private final FlushThread flushThread;
    /** Loop: {@link #fileStore}'s memory, the least recently used dropped past {@value #FILE_STORES_MAX}. */
    private final Map<Path, FileStore> fileStores = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileStore> eldest) {
            return size() > FILE_STORES_MAX;
        }
    };

    /** {@code storeRoot} is where the node keeps its files; its file system answers the space questions. */
    public MmapDisk(String nodeName, Path storeRoot, NodeLoop loop) {
        this.storeRoot = Objects.requireNonNull(storeRoot, "storeRoot").toAbsolutePath();
        this.loop = Objects.requireNonNull(loop, "loop");
        this.flushThread = new FlushThread(nodeName);
    }

    @Override
    public DiskFile create(String path, long sizeBytes) {
        loop.requireLoopThread("Disk.create");
        Path file = toPath(path);
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative sizeBytes " + sizeBytes + " for " + path);
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new DiskException(DiskException.Kind.ALREADY_EXISTS, path, "create refused: the path exists");
        }
        requireSpace(file, sizeBytes, path);
        if (sizeBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot map " + path + " of " + sizeBytes
                    + " bytes: files are limited to " + Integer.MAX_VALUE + " bytes");
        }
        try {
            Directories.createDurably(file.getParent());
        } catch (IOException e) {
            throw DiskErrors.of(e, path, "creating parent directories");
        }
        return new MmapFile(path, createAndMap(file, (int) sizeBytes, path), loop, flushThread);
    }

    private void requireSpace(Path file, long sizeBytes, String path) {
        long usableBytes = usableSpaceAt(file, path);
        if (sizeBytes > usableBytes) {
            throw new DiskException(DiskException.Kind.NO_SPACE, path, "create of " + sizeBytes
                    + " bytes refused: only " + usableBytes + " bytes usable");
        }
    }

    /** Creates the file (refusing an existing one), sizes it and maps it; removes it again on failure. */
    private static MappedByteBuffer createAndMap(Path file, int sizeBytes, String path) {
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw DiskErrors.of(e, path, "create");
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeBytes);
            return raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, sizeBytes);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw DiskErrors.of(e, path, "create");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The create already failed; that failure is what the caller needs to hear about.
        }
    }

    @Override
    public DiskFile open(String path) {
        loop.requireLoopThread("Disk.open");
        Path file = toPath(path);
        if (Files.isDirectory(file)) {
            throw new DiskException(DiskException.Kind.IO_ERROR, path, "open refused: it is a directory");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long sizeBytes = channel.size();
            if (sizeBytes > Integer.MAX_VALUE) {
                throw new DiskException(DiskException.Kind.IO_ERROR, path, "open refused: " + sizeBytes
                        + " bytes is more than one mapping can hold");
            }
            return new MmapFile(path, channel.map(FileChannel.MapMode.READ_WRITE, 0, sizeBytes), loop, flushThread);
        } catch (IOException e) {
            throw DiskErrors.of(e, path, "open");
        }
    }

    @Override
    public boolean exists(String path) {
        loop.requireLoopThread("Disk.exists");
        return Files.exists(toPath(path), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean isDirectory(String path) {
        loop.requireLoopThread("Disk.isDirectory");
        return Files.isDirectory(toPath(path));
    }

    @Override
    public List<String> list(String directory) {
        loop.requireLoopThread("Disk.list");
        Path dir = toPath(directory);
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException vanished) {
            return List.of();
        } catch (IOException e) {
            throw DiskErrors.of(e, directory, "list");
        }
    }

    @Override
    public boolean delete(String path) {
        loop.requireLoopThread("Disk.delete");
        try {
            return Files.deleteIfExists(toPath(path));
        } catch (IOException e) {
            throw DiskErrors.of(e, path, "delete");
        }
    }

    @Override
    public void rename(String from, String to) {
        loop.requireLoopThread("Disk.rename");
        try {
            Files.move(toPath(from), toPath(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw DiskErrors.of(e, from, "rename to " + to);
        }
    }

    @Override
    public void createDirectories(String directory) {
        loop.requireLoopThread("Disk.createDirectories");
        try {
            Directories.createDurably(toPath(directory));
        } catch (IOException e) {
            throw DiskErrors.of(e, directory, "createDirectories");
        }
    }

    @Override
    public void createDirectoriesUnsynced(String directory) {
        loop.requireLoopThread("Disk.createDirectoriesUnsynced");
        try {
            Files.createDirectories(toPath(directory));
        } catch (IOException e) {
            throw DiskErrors.of(e, directory, "createDirectoriesUnsynced");
        }
    }

    @Override
    public void syncDirectory(String directory, DiskCallback done) {
        loop.requireLoopThread("Disk.syncDirectory");
        Objects.requireNonNull(done, "done");
        Path dir = toPath(directory);
        boolean queued = flushThread.submit(() -> {
            DiskException failure = syncNow(dir, directory);
            loop.post(() -> done.onComplete(failure));
        });
        if (!queued) {
            DiskException failure = new DiskException(DiskException.Kind.IO_ERROR, directory,
                    "directory sync refused: the disk is shut down");
            loop.execute(() -> done.onComplete(failure));
        }
    }

    private static DiskException syncNow(Path dir, String directory) {
        try {
            Directories.force(dir);
            return null;
        } catch (IOException e) {
            return DiskErrors.of(e, directory, "directory sync");
        }
    }

    @Override
    public long usableSpaceBytes() {
        loop.requireLoopThread("Disk.usableSpaceBytes");
        return usableSpaceAt(storeRoot, storeRoot.toString());
    }

    @Override
    public long totalSpaceBytes() {
        loop.requireLoopThread("Disk.totalSpaceBytes");
        try {
            return fileStore(Directories.nearestExisting(storeRoot)).getTotalSpace();
        } catch (IOException e) {
            throw DiskErrors.of(e, storeRoot.toString(), "reading total space");
        }
    }

    private long usableSpaceAt(Path path, String seamPath) {
        try {
            return fileStore(Directories.nearestExisting(path)).getUsableSpace();
        } catch (IOException e) {
            throw DiskErrors.of(e, seamPath, "reading usable space");
        }
    }

    /**
     * Loop: the file store of {@code directory}, remembered: finding it reads the whole mount table,
     * where asking it for space is one statvfs, and space is asked for at every file creation and by
     * every GET_BROKER_RUNTIME_INFO (a catching-up slave polled every 50 ms spent 4% of its loop there).
     */
    private FileStore fileStore(Path directory) throws IOException {
        FileStore store = fileStores.get(directory);
        if (store == null) {
            store = Files.getFileStore(directory);
            fileStores.put(directory, store);
        }
        return store;
    }

    /** Ends the flush thread once queued flushes are done; their callbacks go to a stopped loop. */
    @Override
    public void close() {
        flushThread.shutdown();
    }

    private static Path toPath(String seamPath) {
        return Path.of(DiskPaths.normalize(seamPath));
    }
}
