package io.petrel.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One NameServer or broker of a run as an OS process, Petrel's (started by {@code bin/mqnamesrv}
 * or {@code bin/mqbroker}) or Apache RocketMQ 4.9.7's (its startup class in a JVM of its own), with
 * the faults a process can suffer: a graceful stop (SIGTERM, as {@code bin/mqshutdown} sends), a
 * crash ({@code kill -9}), a pause (SIGSTOP, until SIGCONT) and a restart from the same file onto
 * the same store and ports.
 *
 * <p>States and the calls that move between them:
 * <pre>
 *   NEW ──start──▶ RUNNING ──pause──▶ PAUSED ──resume──▶ RUNNING
 *   RUNNING, PAUSED ──stop, kill──▶ STOPPED ──restart──▶ RUNNING
 * </pre>
 * A process that ends by itself (it refused its file, or crashed) is STOPPED too, and may be
 * restarted. Every start waits, at most the run's boot timeout, until the node prints its
 * {@value #BOOT_LINE} line, which both implementations print once they serve; each start writes
 * its stdout and stderr to a console file of its own beside the node's log.
 *
 * <p>A test or a fault schedule drives a node from one thread, and the cluster's shutdown hook may
 * stop it from another: every change of state holds the node's lock, except the wait for a start
 * to serve, so that the hook can stop a node that is still booting.
 */
public final class NodeProcess {

    /** What runs in the process. */
    public enum Kind {
        PETREL_NAMESRV("Petrel NameServer"), PETREL_BROKER("Petrel broker"),
        APACHE_NAMESRV("Apache RocketMQ NameServer"), APACHE_BROKER("Apache RocketMQ broker");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public boolean isBroker() {
            return this == PETREL_BROKER || this == APACHE_BROKER;
        }
    }

    /** Where a node is in its life; see the class comment for the transitions. */
    public enum State { NEW, RUNNING, PAUSED, STOPPED }

    static final String BOOT_LINE = "boot success";
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Kind kind;
    private final String address;
    private final Path configFile;
    private final Path storeDir;
    private final Path logFile;
    private final Path consoleDir;
    private final Launch launch;
    private final RunSettings settings;
    private State state = State.NEW;
    private Process process;
    private Path console;
    private int launches;

    NodeProcess(String name, Kind kind, String address, NodePaths files, Launch launch, RunSettings settings) {
        this.name = name;
        this.kind = kind;
        this.address = address;
        this.configFile = files.configFile();
        this.storeDir = files.storeDir();
        this.logFile = files.logFile();
        this.consoleDir = files.consoleDir();
        this.launch = launch;
        this.settings = settings;
    }

    /** Where a node's files are: the file it starts from, its store, its server log, its console files. */
    record NodePaths(Path configFile, Path storeDir, Path logFile, Path consoleDir) {
    }

    /** The node's name in its cluster (a shipped file's name, e.g. {@code broker-a-s}, or {@code namesrv-1}). */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code 127.0.0.1:<listenPort>}, the same across restarts. */
    public String address() {
        return address;
    }

    /** The properties file the node starts from, every time. */
    public Path configFile() {
        return configFile;
    }

    /** Where the node keeps its state: a broker's store root, a NameServer's KV config directory. */
    public Path storeDir() {
        return storeDir;
    }

    /** The node's own log file. */
    public Path logFile() {
        return logFile;
    }

    /** The stdout and stderr of the latest start, or null before the first. */
    public synchronized Path consoleFile() {
        return console;
    }

    public synchronized State state() {
        if ((state == State.RUNNING || state == State.PAUSED) && !process.isAlive()) {
            state = State.STOPPED;
        }
        return state;
    }

    /** The process id of the latest start (the node's JVM: the bin/ scripts exec it). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(this + " was never started");
        }
        return process.pid();
    }

    /** The exit code of the latest start, once it has ended. */
    public synchronized Optional<Integer> exitCode() {
        return process == null || process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    void start() {
        Process started = spawn(State.NEW, "start");
        awaitBoot(started);
    }

    /** Starts the node again from the same file, onto the same store and ports; waits until it serves. */
    public void restart() {
        Process started = spawn(State.STOPPED, "restart");
        awaitBoot(started);
    }

    /**
     * Stops the node gracefully: SIGTERM, on which Petrel's and Apache's nodes run their shutdown
     * (a broker unregisters, flushes and removes its abort file), then waits for the exit. A paused
     * node is resumed so that it can act on the signal. A node still running after the run's stop
     * timeout is killed, and this throws saying so.
     */
    public synchronized void stop() {
        requestStop();
        awaitStop();
    }

    /** Kills the node with SIGKILL, as {@code kill -9}: no shutdown hook, no flush; waits for the exit. */
    public synchronized void kill() {
        requireAlive("kill");
        process.destroyForcibly();
        if (!OsProcesses.awaitExit(process, KILL_TIMEOUT)) {
            throw new IllegalStateException(this + " did not end within " + KILL_TIMEOUT.toSeconds() + " s of SIGKILL");
        }
        state = State.STOPPED;
    }

    /** Stops the process with SIGSTOP: it keeps its sockets and memory but answers nothing until {@link #resume}. */
    public synchronized void pause() {
        require(State.RUNNING, "pause");
        OsProcesses.signal(process.pid(), "STOP");
        awaitSchedulerState(true);
        state = State.PAUSED;
    }

    /** Lets a paused process run again (SIGCONT). */
    public synchronized void resume() {
        require(State.PAUSED, "resume");
        OsProcesses.signal(process.pid(), "CONT");
        awaitSchedulerState(false);
        state = State.RUNNING;
    }

    /** The first half of {@link #stop}: SIGTERM (and SIGCONT when paused); a cluster stops its nodes together. */
    synchronized void requestStop() {
        requireAlive("stop");
        process.destroy();
        if (state == State.PAUSED) {
            OsProcesses.signal(process.pid(), "CONT");
        }
    }

    /** The second half of {@link #stop}: waits for the exit, and kills a node that outlives the stop timeout. */
    synchronized void awaitStop() {
        if (!OsProcesses.awaitExit(process, settings.stopTimeout())) {
            process.destroyForcibly();
            OsProcesses.awaitExit(process, KILL_TIMEOUT);
            state = State.STOPPED;
            throw new IllegalStateException(this + " was still running " + settings.stopTimeout().toSeconds()
                    + " s after SIGTERM, so it was killed; see " + logFile);
        }
        state = State.STOPPED;
    }

    /** Starts the process; the boot wait that follows holds no lock, so that a shutdown hook can stop a node booting. */
    private synchronized Process spawn(State expected, String action) {
        require(expected, action);
        launches++;
        console = consoleDir.resolve(name + "-" + launches + ".out");
        try {
            Files.createDirectories(consoleDir);
            process = launch.builder().redirectErrorStream(true).redirectOutput(console.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + this + " (" + String.join(" ", launch.command()) + ")", e);
        }
        state = State.RUNNING;
        return process;
    }

    private void awaitBoot(Process started) {
        Path out = consoleFile();
        if (OsProcesses.await(started, settings.bootTimeout(), () -> read(out).contains(BOOT_LINE))) {
            return;
        }
        String why = started.isAlive() ? "did not serve within " + settings.bootTimeout().toSeconds() + " s, so it was killed"
                : "ended (exit " + started.exitValue() + ") before it served";
        started.destroyForcibly();
        OsProcesses.awaitExit(started, KILL_TIMEOUT);
        throw new IllegalStateException(this + " " + why + "; its output:\n" + tail(out) + "\nsee " + logFile);
    }

    /**
     * Waits until the kernel reports the process stopped (or no longer stopped): SIGSTOP reaches
     * every thread of the JVM shortly after kill returns, not at once. Without /proc there is
     * nothing to wait on, and the signal is trusted.
     */
    private void awaitSchedulerState(boolean stopped) {
        long pid = process.pid();
        boolean reached = OsProcesses.await(process, SIGNAL_TIMEOUT,
                () -> OsProcesses.state(pid).map(s -> (s == 'T') == stopped).orElse(true));
        if (!reached) {
            throw new IllegalStateException(this + " is " + (process.isAlive() ? "still " + (stopped ? "running" : "stopped")
                    : "no longer running") + " " + SIGNAL_TIMEOUT.toSeconds() + " s after SIG" + (stopped ? "STOP" : "CONT"));
        }
    }

    private void require(State expected, String action) {
        State now = state();
        if (now != expected) {
            throw new IllegalStateException("cannot " + action + " " + this + ": it is " + now + ", not " + expected);
        }
    }

    private void requireAlive(String action) {
        State now = state();
        if (now != State.RUNNING && now != State.PAUSED) {
            throw new IllegalStateException("cannot " + action + " " + this + ": it is " + now);
        }
    }

    /** The last lines of a console file: what a node said before it failed. */
    private static String tail(Path file) {
        List<String> lines = read(file).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return kind.title + " " + name + " (" + address + ")";
    }
}
