package io.petrel.cluster;

import io.petrel.cluster.NodeProcess.Kind;
import io.petrel.cluster.NodeProcess.NodePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache RocketMQ 4.9.7's own NameServer and broker ({@code NamesrvStartup}, {@code BrokerStartup})
 * as JVMs of their own, each from a properties file under the run directory, on the classpath the
 * {@code apache-rocketmq} module resolved into {@code target/apache-classpath.txt} (the reactor
 * builds it before cluster-runner). Those jars never meet a classpath of Petrel's.
 *
 * <p>Apache's servers cannot be bound to 127.0.0.1: 4.9's NettyServerConfig has no bind address, and
 * its NameServer, broker (listenPort and the VIP channel listenPort - 2) and HA acceptor
 * (listenPort + 1) all listen on every interface. Every address they are given and announce is on
 * 127.0.0.1 (brokerIP1, brokerIP2, namesrvAddr), so all traffic of a run stays on loopback.
 */
final class ApacheNodes {

    /** Java 17 closes the JDK internals Apache's store reaches by reflection (buffer cleaning, mmap addresses). */
    private static final List<String> JVM_OPENS = List.of("--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED");
    /** Enough for tests' small stores; a benchmark gives its broker its own heap. */
    private static final List<String> DEFAULT_HEAP = List.of("-Xmx256m");
    private static final List<String> BROKER_RUN_KEYS = List.of("listenPort", "brokerIP1", "brokerIP2", "storePathRootDir",
            "storePathCommitLog");

    private ApacheNodes() {
    }

    static NodeProcess namesrv(RunSettings run, String name) throws IOException {
        int port = FreePorts.next();
        Path store = run.storeDir(name);
        Path file = ConfFiles.write(PetrelNodes.configFile(run, name), Map.of("listenPort", String.valueOf(port),
                "kvConfigPath", store.resolve("kvConfig.json").toString()));
        NodePaths paths = new NodePaths(file, store, logFile(run, name), PetrelNodes.logDir(run));
        return new NodeProcess(name, Kind.APACHE_NAMESRV, "127.0.0.1:" + port, paths,
                launch(run, name, "org.apache.rocketmq.namesrv.NamesrvStartup", file, DEFAULT_HEAP), run);
    }

    /**
     * {@code spec}'s broker with loopback addresses, 64 MiB commit-log files and small index files
     * unless its lines say otherwise, registering with {@code namesrvAddr} unless they name NameServers.
     */
    static NodeProcess broker(RunSettings run, BrokerSpec spec, String namesrvAddr) throws IOException {
        PetrelNodes.refuseRunKeys(spec.name(), spec.properties(), BROKER_RUN_KEYS);
        int port = FreePorts.nextBrokerPort();
        Path store = run.storeDir(spec.name());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("brokerClusterName", "DefaultCluster");
        values.put("namesrvAddr", namesrvAddr);
        values.put("mappedFileSizeCommitLog", String.valueOf(64 << 20));
        values.put("maxHashSlotNum", "100000");
        values.put("maxIndexNum", "400000");
        values.putAll(spec.properties());
        values.put("listenPort", String.valueOf(port));
        values.put("brokerIP1", "127.0.0.1");
        values.put("brokerIP2", "127.0.0.1");
        values.put("storePathRootDir", store.toString());
        values.put("storePathCommitLog", store.resolve("commitlog").toString());
        Path target = PetrelNodes.configFile(run, spec.name());
        Path file = spec.shippedFile().isEmpty() ? ConfFiles.write(target, values)
                : ConfFiles.edit(run.home().resolve("conf").resolve(spec.shippedFile()), target, values);
        NodePaths paths = new NodePaths(file, store, logFile(run, spec.name()), PetrelNodes.logDir(run));
        List<String> heap = spec.jvmOptions().isEmpty() ? DEFAULT_HEAP : spec.jvmOptions();
        return new NodeProcess(spec.name(), Kind.APACHE_BROKER, "127.0.0.1:" + port, paths,
                launch(run, spec.name(), "org.apache.rocketmq.broker.BrokerStartup", file, heap), run);
    }

    private static Path logFile(RunSettings run, String name) {
        return PetrelNodes.logDir(run).resolve(name + ".log");
    }

    private static Launch launch(RunSettings run, String name, String mainClass, Path file, List<String> jvmOptions)
            throws IOException {
        Path home = rocketmqHome(run);
        List<String> command = new ArrayList<>(List.of(Path.of(ScriptEnvironment.javaHome(), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Duser.home=" + home.resolve("user"), "-Drocketmq.home.dir=" + home,
                "-DlogFile=" + logFile(run, name)));
        command.addAll(JVM_OPENS);
        command.addAll(List.of("-cp", classpath(run), mainClass, "-c", file.toString()));
        return new Launch(command, Map.of(), List.of("ROCKETMQ_HOME", "NAMESRV_ADDR"), run.dir());
    }

    /**
     * ROCKETMQ_HOME of Apache's nodes: its start-up reads {@code conf/logback_<role>.xml} there. Ours
     * sends everything at INFO to the file {@code -DlogFile} names.
     */
    private static Path rocketmqHome(RunSettings run) throws IOException {
        Path home = run.dir().resolve("apache-home");
        Path conf = Files.createDirectories(home.resolve("conf"));
        for (String role : List.of("namesrv", "broker")) {
            Files.writeString(conf.resolve("logback_" + role + ".xml"), String.join("\n",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<!-- The launcher's logback: everything at INFO into the file -DlogFile names. -->",
                    "<configuration>",
                    "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">",
                    "    <file>${logFile}</file>",
                    "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>",
                    "  </appender>",
                    "  <root level=\"INFO\"><appender-ref ref=\"FILE\"/></root>",
                    "</configuration>", ""), StandardCharsets.UTF_8);
        }
        return home;
    }

    private static String classpath(RunSettings run) throws IOException {
        Path file = run.apacheClasspathFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build with the reactor (e.g. mvn -pl apache-rocketmq,"
                    + "cluster-runner ... verify), which resolves Apache RocketMQ 4.9.7 in apache-rocketmq first");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
