package io.petrel.ops;

import static org.awaitility.Awaitility.await;

import io.petrel.cluster.OsProcesses;
import io.petrel.cluster.ScriptEnvironment;
import io.petrel.cluster.TestRuns;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Petrel's {@code bin/} scripts of this working tree as processes, the way an operator does,
 * in a private environment: a setenv file of its own (PETREL_SETENV) sets a private pid directory
 * and log directory and a small heap cap, so nothing a test starts or stops can touch a developer's
 * running cluster. The working tree's scripts run on the test classpath (PETREL_CLASSPATH), since
 * the build's {@code target/lib} does not exist yet when tests run; everything else about them is
 * as shipped. A clone's scripts ({@link #forClone}) build the clone and run on its build.
 *
 * <p>{@link #close()} kills, and waits for, every server process this instance started or that
 * holds a pid file in its pid directory, so a failing test leaves nothing running.
 *
 * <p>This is for tests of the scripts themselves, the runbook's way: foreground runs, nohup, pid
 * files, {@code bin/mqshutdown}. Tests that need nodes to fault (kill, pause, restart) start them
 * with the launcher, {@link io.petrel.cluster.ProcessCluster}, which runs the same scripts.
 */
final class Scripts implements AutoCloseable {

    /** What one foreground run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    /** Bounds one foreground run; a fresh clone's first quickstart builds Petrel first. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    private final Path home;
    private final boolean testClasspath;
    private final Path dir;
    private final Path pidDir;
    private final Path logDir;
    private final Path setenv;
    private final TreeSet<Long> started = new TreeSet<>();

    /** The scripts of this working tree, on the test classpath. */
    Scripts(Path dir) throws IOException {
        this(dir, TestRuns.home(), true);
    }

    /** The scripts of another copy of Petrel, which builds itself as an operator's copy does. */
    static Scripts forClone(Path dir, Path cloneHome) throws IOException {
        return new Scripts(dir, cloneHome, false);
    }

    private Scripts(Path dir, Path home, boolean testClasspath) throws IOException {
        this.home = home;
        this.testClasspath = testClasspath;
        this.dir = Files.createDirectories(dir);
        this.pidDir = Files.createDirectories(dir.resolve("run")).toRealPath();
        this.logDir = Files.createDirectories(dir.resolve("logs"));
        this.setenv = Files.writeString(dir.resolve("setenv.sh"), String.join("\n",
                "# The test's bin/setenv.sh: private pid and log directories, small heaps.",
                "export PETREL_PID_DIR='" + pidDir + "'",
                "export PETREL_LOG_DIR='" + logDir + "'",
                "export PETREL_MAX_HEAP_MB=256", ""), StandardCharsets.UTF_8);
    }

    Path home() {
        return home;
    }

    Path pidDir() {
        return pidDir;
    }

    Path logDir() {
        return logDir;
    }

    /** Runs {@code bin/SCRIPT ARGS...} in the foreground from {@code dir} and waits for it. */
    Run run(String script, String... args) throws Exception {
        return run(Map.of(), script, args);
    }

    /** Runs {@code bin/SCRIPT ARGS...} with {@code extraEnv} added to the environment. */
    Run run(Map<String, String> extraEnv, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        return exec(command, extraEnv);
    }

    /**
     * Runs {@code bin/SCRIPT ARGS...} that must end within {@code timeout} (a server that should
     * refuse to start); fails, after killing it, when it does not.
     */
    Run runWithin(Duration timeout, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        return exec(command, Map.of(), timeout);
    }

    /** Runs {@code command} with this instance's environment plus {@code extraEnv}. */
    Run exec(List<String> command, Map<String, String> extraEnv) throws Exception {
        return exec(command, extraEnv, RUN_TIMEOUT);
    }

    private Run exec(List<String> command, Map<String, String> extraEnv, Duration timeout) throws Exception {
        Path out = Files.createTempFile(dir, "run", ".out");
        Path err = Files.createTempFile(dir, "run", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new File("/dev/null")));
        environment(builder.environment());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Starts a server as the runbook does, {@code cd bin && nohup sh SCRIPT ARGS &> /dev/null &},
     * and returns its pid once its pid file names it, which shows that it serves (the main writes
     * the file after its node has started; a file that a killed server left behind names another
     * pid, so a restart waits for its own). Fails, naming the script's log, if the process ends first.
     */
    long startInBackground(String pidFileStem, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "cd \"$0/bin\" && { nohup sh \"$@\" >/dev/null 2>&1 </dev/null & } && echo $!", home.toString(), script));
        command.addAll(List.of(args));
        Run launched = exec(command, Map.of());
        long pid = Long.parseLong(launched.out().trim());
        started.add(pid);
        Path pidFile = pidDir.resolve(pidFileStem + ".pid");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> names(pidFile, pid) || !OsProcesses.alive(pid));
        if (!names(pidFile, pid)) {
            throw new AssertionError(script + " " + String.join(" ", args) + " ended before it served; see "
                    + logDir.resolve(pidFileStem + ".log"));
        }
        return pid;
    }

    /** True when {@code pidFile} exists and holds {@code pid}. */
    private static boolean names(Path pidFile, long pid) {
        try {
            return Files.exists(pidFile) && Files.readString(pidFile, StandardCharsets.US_ASCII).trim().equals(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }

    /** The pid in {@code <stem>.pid}, if that file exists. */
    Optional<Long> pidInFile(String stem) throws IOException {
        Path file = pidDir.resolve(stem + ".pid");
        return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
    }

    private void environment(Map<String, String> env) {
        ScriptEnvironment.isolate(env);
        env.put("PETREL_SETENV", setenv.toString());
        if (testClasspath) {
            env.put("PETREL_CLASSPATH", TestRuns.classpath());
        }
    }

    /** Every pid this instance started or that a pid file in its directory names, alive or not. */
    TreeSet<Long> knownPids() throws IOException {
        TreeSet<Long> pids = new TreeSet<>(started);
        try (Stream<Path> files = Files.list(pidDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                String text = Files.readString(f).trim();
                if (text.matches("[0-9]+")) {
                    pids.add(Long.parseLong(text));
                }
            }
        }
        return pids;
    }

    /** True when {@code pid} is alive and is a server of this instance's pid directory. */
    boolean isOurServer(long pid) {
        return (OsProcesses.commandLine(pid) + " ").contains(" -Dpetrel.pidDir=" + pidDir + " ");
    }

    /** Kills the servers of this pid directory that are still running; a pid now used by another program is left alone. */
    @Override
    public void close() throws IOException {
        for (long pid : knownPids()) {
            if (isOurServer(pid)) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> p).join();
                });
            }
        }
    }
}
