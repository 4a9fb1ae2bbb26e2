package io.petrel.env;

import java.util.List;

/**
 * The node's disk: fixed-size files under '/'-separated absolute paths.
 *
 * <p>Contract kept by both implementations:
 * <ul>
 *   <li>{@link #create} makes a new file of exactly {@code sizeBytes} zero bytes (creating missing
 *       parent directories), reserving its space: it throws
 *       {@link DiskException.Kind#NO_SPACE} when the disk cannot hold it and
 *       {@link DiskException.Kind#ALREADY_EXISTS} when the path is taken.</li>
 *   <li>{@link #open} opens an existing file at its current size, or throws
 *       {@link DiskException.Kind#NOT_FOUND}.</li>
 *   <li>{@link #list} returns the names (not paths) in a directory, files and directories, sorted;
 *       an empty list when the directory does not exist.</li>
 *   <li>{@link #rename} atomically replaces the target if it exists. {@link #delete} removes a file
 *       or an empty directory and returns whether something was removed.</li>
 *   <li>Creates, renames and deletes of files are visible at once but survive a power loss only
 *       after {@link #syncDirectory} of the parent directory completes. Directories themselves are
 *       durable as soon as they are created.</li>
 * </ul>
 * Call every method from the owning node's loop.
 */
public interface Disk {

    DiskFile create(String path, long sizeBytes);

    DiskFile open(String path);

    boolean exists(String path);

    boolean isDirectory(String path);

    List<String> list(String directory);

    boolean delete(String path);

    void rename(String from, String to);

    void createDirectories(String directory);

    /** Makes the names in {@code directory} durable; the callback runs later on the loop. */
    void syncDirectory(String directory, DiskCallback done);

    long usableSpaceBytes();

    long totalSpaceBytes();
}
