package io.petrel.env;

import java.util.List;

/**
 * The node's disk: fixed-size files under '/'-separated absolute paths.
 *
 * <p>Contract kept by both implementations:
 * <ul>
 *   <li>{@link #create} makes a new file of exactly {@code sizeBytes} zero bytes (creating missing
 *       parent directories) after checking that the disk can hold it: it throws
 *       {@link DiskException.Kind#NO_SPACE} when it cannot, {@link DiskException.Kind#ALREADY_EXISTS}
 *       when the path is taken, and {@link IllegalArgumentException} above {@link #MAX_FILE_BYTES}.
 *       Production files are sparse: space is allocated as pages are written, so a write to a
 *       disk that filled up later may fail with {@link DiskException.Kind#IO_ERROR}.</li>
 *   <li>{@link #open} opens an existing file at its current size, or throws
 *       {@link DiskException.Kind#NOT_FOUND}; opening a directory throws
 *       {@link DiskException.Kind#IO_ERROR}.</li>
 *   <li>{@link #list} returns the names (not paths) in a directory, files and directories, sorted;
 *       an empty list when the directory does not exist.</li>
 *   <li>{@link #rename} atomically replaces the target if it exists. {@link #delete} removes a file
 *       or an empty directory and returns whether something was removed; deleting a non-empty
 *       directory throws {@link DiskException.Kind#IO_ERROR}.</li>
 *   <li>Creates, renames and deletes of files are visible at once but survive a power loss only
 *       after {@link #syncDirectory} of the parent directory completes. Directories made by
 *       {@link #createDirectories} are durable as soon as it returns; those made by
 *       {@link #createDirectoriesUnsynced}, like files, only after the parent's sync.</li>
 * </ul>
 * Call every method from the owning node's loop.
 */
public interface Disk {

    /** The largest file: production maps each file with one {@code MappedByteBuffer}. */
    long MAX_FILE_BYTES = Integer.MAX_VALUE;

    DiskFile create(String path, long sizeBytes);

    DiskFile open(String path);

    boolean exists(String path);

    boolean isDirectory(String path);

    List<String> list(String directory);

    boolean delete(String path);

    void rename(String from, String to);

    void createDirectories(String directory);

    /**
     * Creates {@code directory} and its missing parents, visible at once, without waiting for the
     * device: each new directory, like a file's name, survives a power loss only after a
     * {@link #syncDirectory} of its parent completes. For directories made on a hot path (a consume
     * queue's first message) whose caller syncs their parents with its next flush; production's
     * {@link #createDirectories} blocks the loop for an fsync per new directory.
     */
    void createDirectoriesUnsynced(String directory);

    /** Makes the names in {@code directory} durable; the callback runs later on the loop. */
    void syncDirectory(String directory, DiskCallback done);

    long usableSpaceBytes();

    long totalSpaceBytes();
}
