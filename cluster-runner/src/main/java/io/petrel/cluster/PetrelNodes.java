package io.petrel.cluster;

import io.petrel.cluster.NodeProcess.Kind;
import io.petrel.cluster.NodeProcess.NodePaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Petrel's nodes as an operator starts them: {@code bin/mqnamesrv -c FILE} and {@code bin/mqbroker
 * -c FILE}, where FILE is a copy of a shipped file (or a generated one) with the run's lines set:
 * free loopback ports (a broker's HA port is its listenPort + 1, as RocketMQ's default is), bound
 * to 127.0.0.1, the store and KV config under the run directory, the run's NameServers. The
 * scripts run with a private log directory and pid directory under the run directory (so
 * {@code bin/mqshutdown} of this host never stops them, nor they anything of the host's), no
 * {@code bin/setenv.sh}, and this JVM's Java.
 */
final class PetrelNodes {

    /** A node's server log and pid file share this stem, as io-real's PidFile names them. */
    private static final String UNSAFE_IN_STEM = "[^A-Za-z0-9_.-]";
    private static final List<String> NAMESRV_RUN_KEYS = List.of("listenPort", "bindAddress", "kvConfigPath");
    private static final List<String> BROKER_RUN_KEYS = List.of("listenPort", "haListenPort", "bindAddress", "brokerIP1",
            "storePathRootDir", "storePathCommitLog");

    private PetrelNodes() {
    }

    static NodeProcess namesrv(RunSettings run, String name, Map<String, String> properties) throws IOException {
        refuseRunKeys(name, properties, NAMESRV_RUN_KEYS);
        int port = FreePorts.next();
        Path store = run.storeDir(name);
        Map<String, String> values = new LinkedHashMap<>(properties);
        values.put("listenPort", String.valueOf(port));
        values.put("bindAddress", "127.0.0.1");
        values.put("kvConfigPath", store.resolve("kvConfig.json").toString());
        Path file = ConfFiles.edit(run.home().resolve("conf/mqnamesrv.properties"), configFile(run, name), values);
        NodePaths paths = new NodePaths(file, store, logDir(run).resolve("mqnamesrv-" + port + ".log"), logDir(run));
        return new NodeProcess(name, Kind.PETREL_NAMESRV, "127.0.0.1:" + port, paths, launch(run, "mqnamesrv", file, List.of()),
                run);
    }

    /** {@code spec}'s broker registering with {@code namesrvAddr} unless its lines name NameServers themselves. */
    static NodeProcess broker(RunSettings run, BrokerSpec spec, String namesrvAddr) throws IOException {
        refuseRunKeys(spec.name(), spec.properties(), BROKER_RUN_KEYS);
        int port = FreePorts.nextBrokerPort();
        Path store = run.storeDir(spec.name());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("namesrvAddr", namesrvAddr);
        values.putAll(spec.properties());
        values.put("listenPort", String.valueOf(port));
        values.put("haListenPort", String.valueOf(port + 1));
        values.put("brokerIP1", "127.0.0.1");
        values.put("bindAddress", "127.0.0.1");
        values.put("storePathRootDir", store.toString());
        values.put("storePathCommitLog", store.resolve("commitlog").toString());
        Path file = spec.shippedFile().isEmpty() ? ConfFiles.write(configFile(run, spec.name()), values)
                : ConfFiles.edit(run.home().resolve("conf").resolve(spec.shippedFile()), configFile(run, spec.name()), values);
        // Petrel's default brokerName, as its BrokerConfig has it.
        String brokerName = ConfFiles.valueOf(file, "brokerName", "broker-a").replaceAll(UNSAFE_IN_STEM, "_");
        Path log = logDir(run).resolve("mqbroker-" + brokerName + "-" + port + ".log");
        NodePaths paths = new NodePaths(file, store, log, logDir(run));
        return new NodeProcess(spec.name(), Kind.PETREL_BROKER, "127.0.0.1:" + port, paths,
                spec.mainClass().isEmpty() ? launch(run, "mqbroker", file, spec.jvmOptions())
                        : launch(run, List.of("runbroker.sh", spec.mainClass()), file, spec.jvmOptions()), run);
    }

    /** Where Petrel's nodes log (PETREL_LOG_DIR) and every node's console files go. */
    static Path logDir(RunSettings run) {
        return run.dir().resolve("logs");
    }

    /** The run's private pid directory (PETREL_PID_DIR). */
    static Path pidDir(RunSettings run) {
        return run.dir().resolve("run");
    }

    static Path configFile(RunSettings run, String name) {
        return run.dir().resolve("conf").resolve(name + ".properties");
    }

    static void refuseRunKeys(String name, Map<String, String> properties, List<String> runKeys) {
        List<String> given = runKeys.stream().filter(properties::containsKey).toList();
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(name + " sets " + String.join(", ", given)
                    + ": the launcher chooses a node's ports, addresses and paths for each run");
        }
    }

    private static Launch launch(RunSettings run, String script, Path file, List<String> jvmOptions) {
        return launch(run, List.of(script), file, jvmOptions);
    }

    /** {@code scriptAndArgs}: a script of {@code bin/} and the arguments before {@code -c FILE}. */
    private static Launch launch(RunSettings run, List<String> scriptAndArgs, Path file, List<String> jvmOptions) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", ScriptEnvironment.javaHome());
        env.put("PETREL_SETENV", "");
        env.put("PETREL_LOG_DIR", logDir(run).toString());
        env.put("PETREL_PID_DIR", pidDir(run).toString());
        if (run.maxHeapMb() > 0) {
            env.put("PETREL_MAX_HEAP_MB", String.valueOf(run.maxHeapMb()));
        }
        if (!run.classpath().isEmpty()) {
            env.put("PETREL_CLASSPATH", run.classpath());
        }
        if (!jvmOptions.isEmpty()) {
            env.put("JAVA_OPT", String.join(" ", jvmOptions));
        }
        List<String> command = new ArrayList<>();
        command.add(run.home().resolve("bin").resolve(scriptAndArgs.get(0)).toString());
        command.addAll(scriptAndArgs.subList(1, scriptAndArgs.size()));
        command.addAll(List.of("-c", file.toString()));
        return new Launch(command, env, ScriptEnvironment.INHERITED, run.dir());
    }
}
