package io.petrel.bench;

import io.petrel.compat.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A NameServer and a broker as real processes started through {@code bin/mqnamesrv} and
 * {@code bin/mqbroker} with generated config files, on 127.0.0.1 free ports, for benchmarks; the
 * broker is a master of the given role, and {@link #startSlave()} adds its slave (brokerId 1, its
 * own store) when asked. {@link #close()} stops them all (SIGTERM, which shuts a node down
 * gracefully) and waits.
 */
final class ClusterProcesses implements AutoCloseable {

    private final Path home;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    final String namesrvAddr;
    final String brokerAddr;
    private final Process broker;
    private final String flushDiskType;
    private String slaveAddr;

    ClusterProcesses(Path home, Path dir, String flushDiskType) throws Exception {
        this(home, dir, flushDiskType, "ASYNC_MASTER");
    }

    ClusterProcesses(Path home, Path dir, String flushDiskType, String brokerRole) throws Exception {
        this.home = home;
        this.dir = dir;
        this.flushDiskType = flushDiskType;
        int nsPort = FreePorts.next();
        namesrvAddr = "127.0.0.1:" + nsPort;
        Path ns = write("namesrv.properties", "listenPort=" + nsPort + "\nbindAddress=127.0.0.1\nkvConfigPath="
                + dir.resolve("kv.json") + "\n");
        start("mqnamesrv", "-c", ns.toString());
        awaitLine(processes.get(0), "boot success");
        int port = FreePorts.nextBrokerPort();
        brokerAddr = "127.0.0.1:" + port;
        Path broker = write("broker.properties", brokerProperties(port, "0", brokerRole, "store"));
        this.broker = start("mqbroker", "-c", broker.toString());
        awaitLine(this.broker, "boot success");
    }

    /** Starts the master's slave (brokerId 1, an empty store of its own); returns once it serves. */
    String startSlave() throws Exception {
        if (slaveAddr != null) {
            throw new IllegalStateException("the slave " + slaveAddr + " is already running");
        }
        int port = FreePorts.nextBrokerPort();
        Path slave = write("slave.properties", brokerProperties(port, "1", "SLAVE", "slave-store"));
        awaitLine(start("mqbroker", "-c", slave.toString()), "boot success");
        slaveAddr = "127.0.0.1:" + port;
        return slaveAddr;
    }

    private String brokerProperties(int port, String brokerId, String brokerRole, String store) {
        return String.join("\n", "brokerName=bench", "brokerId=" + brokerId, "brokerRole=" + brokerRole,
                "brokerIP1=127.0.0.1", "bindAddress=127.0.0.1", "listenPort=" + port, "namesrvAddr=" + namesrvAddr,
                "storePathRootDir=" + dir.resolve(store), "flushDiskType=" + flushDiskType,
                "autoCreateTopicEnable=true", "maxMessageSize=65536") + "\n";
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Process start(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PETREL_LOG_DIR", dir.resolve("logs").toString());
        // A private pid directory: bin/mqshutdown on this host must not stop the benchmark's nodes.
        builder.environment().put("PETREL_PID_DIR", dir.resolve("run").toString());
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    private static void awaitLine(Process p, String text) throws IOException {
        java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains(text)) {
                return;
            }
        }
        throw new IllegalStateException("process ended before printing '" + text + "'");
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
