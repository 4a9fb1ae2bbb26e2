package io.petrel.real.main;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The pid file of one running NameServer or broker: {@code <pidDir>/<name>.pid} holding this
 * process's id and a newline, as init scripts expect. A main writes it once its node serves and
 * deletes it after the node has shut down gracefully, so {@code bin/mqshutdown} finds the process
 * and {@code bin/quickstart} can tell a running cluster from a stopped one.
 *
 * <p>A crash (kill -9, power loss) leaves the file behind. mqshutdown recognises such a stale file
 * because its pid is no longer a Petrel main of that kind, and removes it; a later start of the
 * same node overwrites it. Failing to write the file does not stop the node: the process still
 * runs, and mqshutdown can still find it through its command line.
 */
final class PidFile {

    private final Path file;
    private final long pid;

    private PidFile(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /**
     * The name a node's pid file and log file share, before their extension: the script's name,
     * then what tells two nodes of one host apart (their ports), e.g. {@code mqnamesrv-9876} or
     * {@code mqbroker-broker-a-10911}. Characters that do not belong in a file name become '_'.
     */
    static String stem(String script, String... qualifiers) {
        StringBuilder name = new StringBuilder(script);
        for (String q : qualifiers) {
            name.append('-').append(q.replaceAll("[^A-Za-z0-9_.-]", "_"));
        }
        return name.toString();
    }

    /**
     * Writes this process's id to {@code dir/<stem>.pid}, replacing the file atomically where the
     * file system allows. Returns null, after a warning on {@code err}, when it cannot be written.
     */
    static PidFile write(Path dir, String stem, PrintStream err) {
        long pid = ProcessHandle.current().pid();
        String name = stem + ".pid";
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp" + pid);
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return new PidFile(file, pid);
        } catch (IOException | RuntimeException e) {
            err.println("WARN: cannot write the pid file " + file + " (" + e.getMessage()
                    + "); bin/mqshutdown will look for this process by its command line");
            return null;
        }
    }

    Path path() {
        return file;
    }

    /**
     * Deletes the file if it still names this process: a newer process of the same node (started
     * after this one was given up for dead) keeps its own file.
     */
    void delete() {
        try {
            String content = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (content.equals(Long.toString(pid))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Already gone, or unreadable: either way nothing of ours is left to remove.
        }
    }
}
