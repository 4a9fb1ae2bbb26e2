package io.petrel.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What the JDK's {@link Process} and {@link ProcessHandle} leave out, for the launcher and the
 * process tests: sending any signal (SIGSTOP, SIGCONT, SIGHUP) with {@code kill}, a process's
 * scheduler state from {@code /proc} (stopped or not), its command line as {@code ps} shows it, and
 * bounded waiting that ends early when the process exits.
 */
public final class OsProcesses {

    /** How often a wait asks again; each tick blocks on the process's exit, so an exit ends it at once. */
    private static final long TICK_MS = 50;
    private static final long TOOL_TIMEOUT_S = 10;

    private OsProcesses() {
    }

    /** Sends {@code signal} (a name {@code kill} knows: STOP, CONT, HUP, ...) to {@code pid}; fails if kill does. */
    public static void signal(long pid, String signal) {
        Tool kill = run("kill", "-" + signal, Long.toString(pid));
        if (kill.exitCode() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed (exit " + kill.exitCode() + "): "
                    + kill.output());
        }
    }

    /**
     * The process's state letter from {@code /proc/<pid>/stat} ('R' running, 'S' sleeping, 'T'
     * stopped by a signal, 'Z' zombie, ...), or empty when there is no such process or no /proc.
     */
    public static Optional<Character> state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name in parentheses may hold spaces and parentheses; the state follows the last ')'.
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() ? Optional.empty() : Optional.of(stat.charAt(end + 2));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True while {@code pid} runs a program: a process that has exited but whose parent has not
     * reaped it yet (a zombie, as a nohup-started server briefly is once init adopted it) does not
     * count, though ProcessHandle still calls it alive.
     */
    public static boolean alive(long pid) {
        return !commandLine(pid).isEmpty();
    }

    /** The process's command line as ps shows it, or "" when there is no such running process. */
    public static String commandLine(long pid) {
        Tool ps = run("ps", "-ww", "-o", "args=", "-p", Long.toString(pid));
        String out = ps.output().strip();
        return ps.exitCode() == 0 && !out.endsWith("<defunct>") ? out : "";
    }

    /**
     * Waits until {@code done} holds, {@code process} has exited, or {@code timeout} has passed;
     * returns whether {@code done} held at the end.
     */
    static boolean await(Process process, Duration timeout, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                return done.getAsBoolean();
            }
            try {
                process.onExit().get(TICK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Still running: ask again.
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for process " + process.pid() + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for process " + process.pid(), e);
            }
        }
        return true;
    }

    /** Waits at most {@code timeout} for {@code process} to exit; returns whether it did. */
    static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for process " + process.pid() + " to exit", e);
        }
    }

    private record Tool(int exitCode, String output) {
    }

    /** Runs a short system tool to its end, output and errors together. */
    private static Tool run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + TOOL_TIMEOUT_S + " s");
            }
            return new Tool(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
