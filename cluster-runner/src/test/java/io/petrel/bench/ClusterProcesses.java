package io.petrel.bench;

import io.petrel.cluster.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A NameServer and a broker as real processes started through {@code bin/mqnamesrv} and
 * {@code bin/mqbroker} with generated config files, on 127.0.0.1 free ports, for benchmarks; the
 * broker is a master of the given role, and {@link #startSlave()} adds its slave (brokerId 1, its
 * own store) when asked. {@link #close()} stops them all (SIGTERM, which shuts a node down
 * gracefully) and waits; a constructor that fails stops what it had started.
 *
 * <p>Only HaBench uses it still: its catch-up measurement (slave JVM options, the slave's pid) was
 * written on it while the other benchmarks moved onto {@code io.petrel.cluster}; it moves there too.
 */
final class ClusterProcesses implements AutoCloseable {

    private static final long BOOT_TIMEOUT_S = 60;

    private final Path home;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    final String namesrvAddr;
    final String brokerAddr;
    private final Process broker;
    /** Every broker's properties over the defaults, its id and role excepted. */
    private final Map<String, String> brokerOverrides;
    /** bin/runserver.sh's JAVA_OPT for every broker; empty: the script's own sizing. */
    private final String brokerJvmOptions;
    private String slaveAddr;
    private Process slave;

    ClusterProcesses(Path home, Path dir, String flushDiskType) throws Exception {
        this(home, dir, flushDiskType, "ASYNC_MASTER");
    }

    ClusterProcesses(Path home, Path dir, String flushDiskType, String brokerRole) throws Exception {
        this(home, dir, brokerRole, Map.of("flushDiskType", flushDiskType), "");
    }

    /**
     * A master of {@code brokerRole} with {@code brokerOverrides} over the defaults (they apply to
     * its slave too), its JVM run with {@code brokerJvmOptions} when they are not empty.
     */
    ClusterProcesses(Path home, Path dir, String brokerRole, Map<String, String> brokerOverrides, String brokerJvmOptions)
            throws Exception {
        this.home = home;
        this.dir = dir;
        this.brokerOverrides = new LinkedHashMap<>(brokerOverrides);
        this.brokerJvmOptions = brokerJvmOptions;
        int nsPort = FreePorts.next();
        namesrvAddr = "127.0.0.1:" + nsPort;
        try {
            Path ns = write("namesrv.properties", "listenPort=" + nsPort + "\nbindAddress=127.0.0.1\nkvConfigPath="
                    + dir.resolve("kv.json") + "\n");
            awaitBoot(start("mqnamesrv", "", "-c", ns.toString()), "NameServer");
            int port = FreePorts.nextBrokerPort();
            brokerAddr = "127.0.0.1:" + port;
            Path broker = write("broker.properties", brokerProperties(port, "0", brokerRole, "store"));
            this.broker = start("mqbroker", brokerJvmOptions, "-c", broker.toString());
            awaitBoot(this.broker, "broker " + brokerAddr);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Starts the master's slave (brokerId 1, an empty store of its own); returns once it serves. */
    String startSlave() throws Exception {
        return startSlave(brokerJvmOptions);
    }

    /** {@link #startSlave()} with the slave's JVM run with {@code jvmOptions} when they are not empty. */
    String startSlave(String jvmOptions) throws Exception {
        if (slaveAddr != null) {
            throw new IllegalStateException("the slave " + slaveAddr + " is already running");
        }
        int port = FreePorts.nextBrokerPort();
        Path properties = write("slave.properties", brokerProperties(port, "1", "SLAVE", "slave-store"));
        slave = start("mqbroker", jvmOptions, "-c", properties.toString());
        awaitBoot(slave, "slave 127.0.0.1:" + port);
        slaveAddr = "127.0.0.1:" + port;
        return slaveAddr;
    }

    private String brokerProperties(int port, String brokerId, String brokerRole, String store) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("brokerName", "bench");
        p.put("brokerIP1", "127.0.0.1");
        p.put("bindAddress", "127.0.0.1");
        p.put("listenPort", String.valueOf(port));
        p.put("namesrvAddr", namesrvAddr);
        p.put("storePathRootDir", dir.resolve(store).toString());
        p.put("flushDiskType", "ASYNC_FLUSH");
        p.put("autoCreateTopicEnable", "true");
        p.put("maxMessageSize", "65536");
        p.putAll(brokerOverrides);
        p.put("brokerId", brokerId);
        p.put("brokerRole", brokerRole);
        StringBuilder lines = new StringBuilder();
        p.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        return lines.toString();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Process start(String script, String jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PETREL_LOG_DIR", logDir().toString());
        // A private pid directory: bin/mqshutdown on this host must not stop the benchmark's nodes.
        builder.environment().put("PETREL_PID_DIR", dir.resolve("run").toString());
        if (!jvmOptions.isEmpty()) {
            builder.environment().put("JAVA_OPT", jvmOptions);
        }
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    /**
     * Reads {@code p}'s output until it prints "boot success"; a node that has not within
     * {@link #BOOT_TIMEOUT_S} is killed, which ends the read.
     */
    private void awaitBoot(Process p, String node) throws IOException {
        AtomicBoolean booted = new AtomicBoolean();
        CompletableFuture.delayedExecutor(BOOT_TIMEOUT_S, TimeUnit.SECONDS).execute(() -> {
            if (!booted.get()) {
                p.destroyForcibly();
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("boot success")) {
                booted.set(true);
                return;
            }
        }
        throw new IllegalStateException("Petrel's " + node + " ended, or was stopped after " + BOOT_TIMEOUT_S
                + " s, before it printed 'boot success'; its logs are in " + logDir());
    }

    /** Where the nodes write their logs (PETREL_LOG_DIR). */
    Path logDir() {
        return dir.resolve("logs");
    }

    /** The broker's process id: the bin/ scripts exec, so it is its JVM's. */
    long brokerPid() {
        return broker.pid();
    }

    /** The slave's process id (its JVM's); -1 before {@link #startSlave()}. */
    long slavePid() {
        return slave == null ? -1 : slave.pid();
    }

    /** The broker process's resident memory in KiB (VmRSS) and its peak (VmHWM). */
    long[] brokerMemoryKb() throws IOException {
        long rss = 0;
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(broker.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, hwm};
    }

    @Override
    public void close() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
