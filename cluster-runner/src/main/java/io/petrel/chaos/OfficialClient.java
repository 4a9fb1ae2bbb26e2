package io.petrel.chaos;

import io.petrel.cluster.OsProcesses;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.Delivery;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.world.WorldNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One official RocketMQ 4.9.8 client of a chaos run (the producer, or one member of a consumer
 * group of one of the four kinds): a process of its own running
 * {@code io.petrel.chaos.OfficialChaosClient} (test scope, on the build's test classpath), whose
 * stdout lines a reader thread records into the run's {@link History} as they come, stamped with the
 * run's clock (see that class for the lines). As the world's client node: kill is SIGKILL (its sends
 * in flight stay without an outcome, its deliveries stay as recorded), shutdown SIGTERM (the client
 * shuts down; SIGKILL after {@value #STOP_TIMEOUT_MS} ms), start a new incarnation (a new process,
 * the same name, a seed of its own), pause and resume SIGSTOP and SIGCONT.
 *
 * <p>It dials the NameServers through the run's client links, so partitions between the clients and
 * a NameServer reach it; the brokers' addresses come from the routes and the official client dials
 * them itself, so partitions between the clients and a broker do not reach this client (only
 * Petrel's own, through its dial seam).
 */
final class OfficialClient implements WorldNode {

    /** Every line of the client's that is meant for the history starts with this. */
    static final String PREFIX = "@petrel\t";
    static final String MAIN_CLASS = "io.petrel.chaos.OfficialChaosClient";
    private static final long STOP_TIMEOUT_MS = 10_000;
    /** Every client process still running: killed when this JVM exits, also on Ctrl-C. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "official-clients-stop"));
    }

    /** What the process is: the producer, or a member of a group of one consumer kind. */
    enum Role {
        PRODUCER("producer", null),
        CLUSTERING("clustering", ConsumerKind.CLUSTERING),
        BROADCASTING("broadcasting", ConsumerKind.BROADCASTING),
        ORDERLY("orderly", ConsumerKind.ORDERLY),
        LITE_PULL("lite", ConsumerKind.LITE_PULL);

        private final String argument;
        private final ConsumerKind kind;

        Role(String argument, ConsumerKind kind) {
            this.argument = argument;
            this.kind = kind;
        }

        ConsumerKind kind() {
            return kind;
        }
    }

    private final String name;
    private final Role role;
    private final String group;
    /** The producer's: the broker names whose queues its ordered sends pick from. */
    private final List<String> brokerNames;
    private final String namesrvAddr;
    private final String classpath;
    private final Path dir;
    private final long seed;
    private final History history;
    private final LongSupplier runMs;
    private Process process;
    private Thread reader;
    /** What went wrong recording this client's lines, if anything: the run fails with it. */
    private volatile String problem;
    private boolean paused;
    private boolean sendingStopped;
    private int incarnation;

    OfficialClient(String name, Role role, String group, List<String> brokerNames, String namesrvAddr, String classpath,
            Path dir, long seed, History history, LongSupplier runMs) {
        this.name = name;
        this.role = role;
        this.group = group;
        this.brokerNames = List.copyOf(brokerNames);
        this.namesrvAddr = namesrvAddr;
        this.classpath = classpath;
        this.dir = dir;
        this.seed = seed;
        this.history = history;
        this.runMs = runMs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized State state() {
        if (process == null || !process.isAlive()) {
            return State.DOWN;
        }
        return paused ? State.PAUSED : State.RUNNING;
    }

    @Override
    public synchronized void start() {
        long nodeSeed = seed * 31 + name.hashCode() + 1_000_003L * incarnation;
        Path home = dir.resolve(name);
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-Xmx128m",
                "-Drocketmq.client.logRoot=" + home.resolve("logs"),
                // A broadcasting member keeps its offsets in a file: in the run's directory, never shared with another run.
                "-Drocketmq.client.localOffsetStoreDir=" + home.resolve("offsets"), "-cp", classpath, MAIN_CLASS,
                role.argument, name, namesrvAddr));
        command.add(role == Role.PRODUCER ? Long.toString(nodeSeed) : group);
        if (role == Role.PRODUCER) {
            command.add(String.join(",", brokerNames));
        }
        try {
            Files.createDirectories(home);
            process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(home.resolve("stderr-" + incarnation + ".log").toFile()).start();
            Process started = process;
            LIVE.add(started);
            started.onExit().thenRun(() -> LIVE.remove(started));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start official client " + name + ": " + e.getMessage(), e);
        }
        incarnation++;
        paused = false;
        Process started = process;
        reader = new Thread(() -> read(started), "official-" + name);
        reader.setDaemon(true);
        reader.start();
        if (sendingStopped) {
            tellStop(started);
        }
    }

    @Override
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        if (paused) {
            OsProcesses.signal(process.pid(), "CONT");
        }
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void powerLoss() {
        throw new UnsupportedOperationException("a power loss of client " + name + " is not a chaos fault");
    }

    @Override
    public synchronized void shutdown() {
        if (process == null) {
            return;
        }
        if (paused) {
            OsProcesses.signal(process.pid(), "CONT");
        }
        process.destroy();
        awaitExit();
    }

    @Override
    public synchronized void pause() {
        OsProcesses.signal(process.pid(), "STOP");
        paused = true;
    }

    @Override
    public synchronized void resume() {
        if (paused && process != null && process.isAlive()) {
            OsProcesses.signal(process.pid(), "CONT");
        }
        paused = false;
    }

    /** A producer sends nothing more, in this incarnation and any later one. */
    synchronized void stopSending() {
        sendingStopped = true;
        if (process != null && process.isAlive()) {
            tellStop(process);
        }
    }

    private void tellStop(Process p) {
        try {
            OutputStream in = p.getOutputStream();
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // The process ended meanwhile: it sends nothing either.
        }
    }

    /** Waits for the process to end (SIGKILL after the stop timeout) and for its last lines to be recorded. */
    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            reader.join(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paused = false;
    }

    /** Reader thread: records each line of one incarnation; its send numbers are its own. */
    private void read(Process p) {
        LineRecorder recorder = new LineRecorder(name, group, role.kind(), history, runMs);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                recorder.record(line);
            }
        } catch (IOException e) {
            // The process was killed: what it printed before is recorded.
        } catch (RuntimeException e) {
            problem = e.getMessage();
            p.destroyForcibly();
        }
    }

    /** Null, or why this client's history cannot be trusted (a line it printed could not be recorded). */
    String problem() {
        return problem;
    }

    /**
     * Turns one incarnation's lines into history records. A line without {@link #PREFIX} (the
     * official client's own output) is skipped; a malformed one fails the run, as a broken recorder
     * would make the verdict meaningless.
     */
    static final class LineRecorder {
        private final String client;
        private final String group;
        private final ConsumerKind kind;
        private final History history;
        private final LongSupplier runMs;
        private final Map<String, Long> ops = new HashMap<>();

        LineRecorder(String client, String group, ConsumerKind kind, History history, LongSupplier runMs) {
            this.client = client;
            this.group = group;
            this.kind = kind;
            this.history = history;
            this.runMs = runMs;
        }

        void record(String line) {
            if (!line.startsWith(PREFIX)) {
                return;
            }
            String[] f = line.substring(PREFIX.length()).split("\t", -1);
            long now = runMs.getAsLong();
            switch (f[0]) {
                case "S" -> {
                }
                case "I" -> {
                    expect(f, 6, line);
                    ops.put(f[1], history.sendInvoked(client, f[2], f[3], f[4].equals("-") ? null : f[4], Integer.parseInt(f[5]),
                            0, now));
                }
                case "K" -> {
                    expect(f, 6, line);
                    history.sendOk(op(f[1], line), f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                            now);
                }
                case "U" -> {
                    expect(f, 4, line);
                    history.sendUnknown(op(f[1], line), f[2].equals("-") ? null : f[2], f[3], now);
                }
                case "D" -> {
                    expect(f, 9, line);
                    String body = new String(Base64.getDecoder().decode(f[8]), StandardCharsets.UTF_8);
                    history.delivered(new Delivery(client, group, kind, f[1], f[1], f[2],
                            Integer.parseInt(f[3]), Long.parseLong(f[4]), body, Integer.parseInt(f[5]), true,
                            Long.parseLong(f[6]), now, now, Long.parseLong(f[7])));
                }
                default -> throw new IllegalStateException("official client " + client + " printed an unknown line: " + line);
            }
        }

        private long op(String clientOp, String line) {
            Long op = ops.get(clientOp);
            if (op == null) {
                throw new IllegalStateException("official client " + client + " reported an outcome of a send it never "
                        + "invoked: " + line);
            }
            return op;
        }

        private void expect(String[] fields, int n, String line) {
            if (fields.length != n) {
                throw new IllegalStateException("official client " + client + " printed " + fields.length + " fields where "
                        + n + " belong: " + line);
            }
        }
    }
}
