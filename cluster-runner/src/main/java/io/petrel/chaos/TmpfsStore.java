package io.petrel.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One broker's store directory on a tmpfs of its own, so that a chaos run can fill that broker's
 * disk and only its disk: {@link #fill()} remounts the tmpfs with its size cut to what it holds
 * plus {@value #SLACK_BYTES} bytes (the next page a write needs finds no space: {@code ENOSPC}),
 * {@link #restore()} remounts it at full size. A tmpfs holds only the pages written (a sparse
 * commit-log file costs what was appended), and it survives its broker's kill -9 like a disk's page
 * cache; a power loss is not what it stands for. Mounting needs root (the {@code mount} command and
 * CAP_SYS_ADMIN): without it {@link #mount} fails naming why.
 *
 * <p>{@link #unmount()} copies what the tmpfs holds to the same directory on the real disk (sparse
 * files stay sparse), so a failing run keeps its stores; {@link #detach()} is for a JVM shutting
 * down. Driven by the run's thread, or by the shutdown hook.
 */
final class TmpfsStore {

    static final long SIZE_BYTES = 4L << 30;
    static final long SLACK_BYTES = 16 * 1024;
    private static final long COMMAND_TIMEOUT_MS = 30_000;

    private final Path dir;
    private boolean full;

    private TmpfsStore(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@link #SIZE_BYTES} on {@code dir}, creating it. */
    static TmpfsStore mount(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store directory " + dir, e);
        }
        run("mount", "-t", "tmpfs", "-o", "size=" + SIZE_BYTES, "tmpfs", dir.toString());
        return new TmpfsStore(dir);
    }

    Path dir() {
        return dir;
    }

    boolean isFull() {
        return full;
    }

    /** Leaves the tmpfs no room beyond what it holds now. */
    void fill() {
        long used;
        try {
            var store = Files.getFileStore(dir);
            used = store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read how full " + dir + " is", e);
        }
        run("mount", "-o", "remount,size=" + (used + SLACK_BYTES), dir.toString());
        full = true;
    }

    /** Gives the tmpfs its full size back. */
    void restore() {
        run("mount", "-o", "remount,size=" + SIZE_BYTES, dir.toString());
        full = false;
    }

    /** Copies the store to the real disk under the same path, then unmounts the tmpfs. */
    void unmount() {
        Path copy = dir.resolveSibling(dir.getFileName() + ".tmpfs-copy");
        run("cp", "-a", "--sparse=always", dir.toString(), copy.toString());
        run("umount", dir.toString());
        try {
            Files.delete(dir);
            Files.move(copy, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the copy of " + dir + " into place", e);
        }
    }

    /**
     * For a JVM shutting down (Ctrl-C) with its brokers perhaps still stopping: detaches the tmpfs
     * at once ({@code umount -l}; the kernel frees it when the last file closes), without a copy.
     */
    void detach() {
        run("umount", "-l", dir.toString());
    }

    private static void run(String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + COMMAND_TIMEOUT_MS / 1000 + " s");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")"
                        + (output.isEmpty() ? "" : ": " + output) + "; a disk-full fault needs root to mount a tmpfs");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    @Override
    public String toString() {
        return "tmpfs store " + dir + (full ? " (full)" : "");
    }
}
