package io.petrel.real.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Directory durability on the local file system.
 *
 * <p>A name (a file or directory created, renamed, deleted) survives a power loss only once its
 * parent directory is fsynced. On Linux and other Unix systems that is done by opening the
 * directory read-only and calling {@link FileChannel#force}; a failure there is a real failure. On
 * Windows a directory cannot be opened as a channel at all, and NTFS journals its metadata, so
 * there is nothing to do and success is the truthful answer. Stateless; called on the loop (for
 * {@link #createDurably}) or the flush thread (for {@link #force}).
 */
final class Directories {

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private Directories() {
    }

    /** Makes the names inside {@code directory} durable. Blocks until the device answers. */
    static void force(Path directory) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Creates {@code directory} and its missing parents, fsyncing each new directory's parent so
     * the new directories are durable at once, as the Disk contract promises. Blocks for one fsync
     * per directory created; a no-op when the directory exists.
     */
    static void createDurably(Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = directory; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path created = missing.pop();
            try {
                Files.createDirectory(created);
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(created)) {
                    throw raced;
                }
            }
            force(created.getParent());
        }
    }

    /** The nearest existing ancestor of {@code path} (or the path), for asking its file store. */
    static Path nearestExisting(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no existing ancestor of " + path);
        }
        return p;
    }
}
