package io.petrel.compat;

import static org.awaitility.Awaitility.await;

import io.petrel.cluster.FreePorts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Apache RocketMQ 4.9.7's own NameServer and brokers ({@code NamesrvStartup}, {@code BrokerStartup})
 * as child JVMs, each from a properties file in a temp directory, on the classpath the
 * {@code apache-rocketmq} module resolved (its {@code target/apache-classpath.txt}; the reactor builds
 * it before this module). Those jars never meet the 4.9.8 client jars of this JVM.
 *
 * <p>Apache's servers cannot be bound to 127.0.0.1: 4.9's NettyServerConfig has no bind address, and
 * its NameServer, broker (listenPort and the VIP channel listenPort - 2) and HA acceptor
 * (listenPort + 1) all listen on every interface. Every address they are given and announce is on
 * 127.0.0.1 (brokerIP1, brokerIP2, namesrvAddr), so all traffic of a test stays on loopback.
 *
 * <p>{@link #close()} kills every process it started and waits for it. Public for {@code bin/bench
 * compare} ({@code io.petrel.bench.CompareBench}), which runs Apache's broker beside Petrel's under
 * the same load.
 */
public final class ApacheNodes implements AutoCloseable {

    /** Java 17 closes the JDK internals Apache's store reaches by reflection (buffer cleaning, mmap addresses). */
    private static final List<String> JVM_OPENS = List.of("--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED");
    /** Enough for the tests' small stores; a benchmark passes its own heap to {@link #startBroker(String, String, Map, List)}. */
    private static final List<String> TEST_HEAP = List.of("-Xmx256m");
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    /** ROCKETMQ_HOME: Apache's start-up reads its logback file from conf/ under it. */
    private final Path home;
    private final String classpath;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, String> mainClasses = new LinkedHashMap<>();
    private final Map<String, List<String>> nodeJvmOptions = new LinkedHashMap<>();
    private final AtomicInteger launches = new AtomicInteger();
    /** Processes a restart replaced; close() waits for them too. */
    private final List<Process> stopped = new ArrayList<>();

    public ApacheNodes(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.classpath = readClasspath();
        this.home = dir.resolve("rocketmq-home");
        Path conf = Files.createDirectories(home.resolve("conf"));
        for (String role : List.of("namesrv", "broker")) {
            Files.writeString(conf.resolve("logback_" + role + ".xml"), String.join("\n",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<!-- The test's logback: everything at INFO into the file -DlogFile names. -->",
                    "<configuration>",
                    "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">",
                    "    <file>${logFile}</file>",
                    "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>",
                    "  </appender>",
                    "  <root level=\"INFO\"><appender-ref ref=\"FILE\"/></root>",
                    "</configuration>", ""), StandardCharsets.UTF_8);
        }
    }

    /**
     * The classpath file of the build: under {@code petrel.home} when set (bin/ scripts set it), else
     * beside the working directory, which is cluster-runner's when Maven runs the tests.
     */
    private static String readClasspath() throws IOException {
        String petrelHome = System.getProperty("petrel.home");
        Path root = petrelHome != null ? Path.of(petrelHome) : Path.of("").toAbsolutePath().getParent();
        Path file = root.resolve("apache-rocketmq/target/apache-classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build with the reactor, e.g. "
                    + "mvn -pl cluster-runner -am test, which resolves Apache RocketMQ 4.9.7 in apache-rocketmq first");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** Starts Apache's NameServer on a free port; returns its address once it serves. */
    public String startNamesrv() throws Exception {
        int port = FreePorts.next();
        start("namesrv", "org.apache.rocketmq.namesrv.NamesrvStartup", Map.of("listenPort", String.valueOf(port),
                "kvConfigPath", dir.resolve("namesrv/kvConfig.json").toString()), TEST_HEAP);
        return "127.0.0.1:" + port;
    }

    /**
     * Starts Apache's broker {@code node} with loopback addresses, a 64 MiB commit-log file and small
     * index files, plus {@code overrides}; returns its address once it serves. Its store is
     * {@link #storeDir}.
     */
    String startBroker(String node, String namesrvAddr, Map<String, String> overrides) throws Exception {
        return startBroker(node, namesrvAddr, overrides, TEST_HEAP);
    }

    /** As {@link #startBroker(String, String, Map)}, with {@code jvmOptions} (e.g. -Xms1g -Xmx1g) instead of the tests' small heap. */
    public String startBroker(String node, String namesrvAddr, Map<String, String> overrides, List<String> jvmOptions)
            throws Exception {
        int port = FreePorts.nextBrokerPort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("brokerClusterName", "DefaultCluster");
        p.put("namesrvAddr", namesrvAddr);
        p.put("listenPort", String.valueOf(port));
        p.put("brokerIP1", "127.0.0.1");
        p.put("brokerIP2", "127.0.0.1");
        p.put("storePathRootDir", storeDir(node).toString());
        p.put("storePathCommitLog", storeDir(node).resolve("commitlog").toString());
        p.put("mappedFileSizeCommitLog", String.valueOf(64 << 20));
        p.put("maxHashSlotNum", "100000");
        p.put("maxIndexNum", "400000");
        p.putAll(overrides);
        start(node, "org.apache.rocketmq.broker.BrokerStartup", p, jvmOptions);
        return "127.0.0.1:" + port;
    }

    Path storeDir(String node) {
        return dir.resolve("store/" + node);
    }

    /** The process id of {@code node}'s JVM, for reading its CPU time. */
    public long pid(String node) {
        return processes.get(node).pid();
    }

    /** The log file of {@code node}, where a failure to name in an error message is written. */
    public Path logFile(String node) {
        return dir.resolve(node + ".log");
    }

    /** Kills {@code node} with SIGKILL and waits for it to end. */
    void kill(String node) throws Exception {
        Process p = processes.get(node);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts {@code node}, stopped by {@link #kill}, again from the same file and store; waits until it serves. */
    void restart(String node) throws Exception {
        if (processes.get(node).isAlive()) {
            throw new IllegalStateException(node + " still runs; kill it first");
        }
        launch(node, mainClasses.get(node));
    }

    private void start(String node, String mainClass, Map<String, String> properties, List<String> jvmOptions) throws Exception {
        Path conf = dir.resolve("conf/" + node + ".properties");
        Files.createDirectories(conf.getParent());
        List<String> lines = new ArrayList<>();
        properties.forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(conf, lines, StandardCharsets.ISO_8859_1);
        mainClasses.put(node, mainClass);
        nodeJvmOptions.put(node, List.copyOf(jvmOptions));
        launch(node, mainClass);
    }

    private void launch(String node, String mainClass) throws Exception {
        Path conf = dir.resolve("conf/" + node + ".properties");
        Path out = dir.resolve(node + "-" + launches.incrementAndGet() + ".out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(nodeJvmOptions.get(node));
        command.addAll(List.of("-Duser.home=" + dir, "-Drocketmq.home.dir=" + home, "-DlogFile=" + logFile(node)));
        command.addAll(JVM_OPENS);
        command.addAll(List.of("-cp", classpath, mainClass, "-c", conf.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("ROCKETMQ_HOME");
        builder.environment().remove("NAMESRV_ADDR");
        Process process = builder.start();
        Process previous = processes.put(node, process);
        if (previous != null) {
            stopped.add(previous);
        }
        try {
            await().atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(out, StandardCharsets.UTF_8).contains("boot success") || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Apache " + node + " did not print 'boot success' within " + BOOT_TIMEOUT.toSeconds()
                    + " s; see " + out + " and " + logFile(node), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Apache " + node + " ended before it served:\n" + Files.readString(out, StandardCharsets.UTF_8)
                    + "\nsee " + logFile(node));
        }
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        stopped.addAll(processes.values());
        for (Process p : stopped) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
