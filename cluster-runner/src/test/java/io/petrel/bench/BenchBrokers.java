package io.petrel.bench;

import io.petrel.cluster.BrokerSpec;
import io.petrel.cluster.NodeProcess;
import io.petrel.cluster.ProcessCluster;
import io.petrel.cluster.RunSettings;
import io.petrel.cluster.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NameServer and broker the broker benchmarks load, and the slave {@code --part ha} adds,
 * started by the launcher ({@link ProcessCluster}) through {@code bin/mqnamesrv} and
 * {@code bin/mqbroker} on 127.0.0.1 free ports, in the benchmark's directory. The broker files are
 * generated: brokerName {@code bench}, ASYNC_FLUSH, topics created on first send, 64 KiB messages
 * at most, with the benchmark's lines over them; the JVMs are sized by the scripts unless JVM
 * options are given. Closing the cluster stops everything gracefully.
 */
final class BenchBrokers {

    /** The master's node name. */
    static final String MASTER = "bench";
    /** Its slave's node name (brokerId 1, an empty store of its own). */
    static final String SLAVE = "bench-s";

    private BenchBrokers() {
    }

    /** An ASYNC_MASTER with {@code flushDiskType}. */
    static ProcessCluster start(Path home, Path dir, String flushDiskType) {
        return start(home, dir, flushDiskType, "ASYNC_MASTER");
    }

    static ProcessCluster start(Path home, Path dir, String flushDiskType, String brokerRole) {
        return start(home, dir, brokerRole, Map.of("flushDiskType", flushDiskType), List.of());
    }

    /** A master of {@code brokerRole} with {@code overrides} over the defaults, its JVM run with {@code jvmOptions}. */
    static ProcessCluster start(Path home, Path dir, String brokerRole, Map<String, String> overrides, List<String> jvmOptions) {
        // -Dbench.brokerJvmOptions="..." sizes (or profiles: perf, JFR) a master started without options of its own.
        String fromProperty = System.getProperty("bench.brokerJvmOptions", "").strip();
        List<String> options = jvmOptions.isEmpty() && !fromProperty.isEmpty()
                ? List.of(fromProperty.split("\\s+")) : jvmOptions;
        BrokerSpec master = spec(MASTER, "0", brokerRole, overrides).withJvmOptions(options);
        return ProcessCluster.start(RunSettings.of(home, dir), Topology.of(1, List.of(master)));
    }

    /** Starts the master's slave with {@code flushDiskType}; returns its address once it serves. */
    static String startSlave(ProcessCluster cluster, String flushDiskType) {
        return cluster.startBroker(spec(SLAVE, "1", "SLAVE", Map.of("flushDiskType", flushDiskType))).address();
    }

    /**
     * What the catch-up pair runs with on both sides: commit-log files of 1 GiB (an empty slave is fed
     * from the start of its master's last file, so a backlog inside the first is fed whole) and
     * RocketMQ's default index sizes (the launcher gives Apache's brokers small ones otherwise).
     */
    private static final Map<String, String> CATCH_UP = Map.of("mappedFileSizeCommitLog", String.valueOf(1L << 30),
            "maxHashSlotNum", "5000000", "maxIndexNum", "20000000");

    /**
     * An ASYNC_MASTER with no slave for the catch-up bench: Petrel's ({@code side} "petrel") or
     * Apache RocketMQ 4.9.7's ("apache"), with a NameServer of the same kind.
     */
    static ProcessCluster startCatchUpMaster(Path home, Path dir, String side, List<String> jvmOptions) {
        BrokerSpec master = spec(MASTER, "0", "ASYNC_MASTER", CATCH_UP).withJvmOptions(jvmOptions);
        if (side.equals("petrel")) {
            return ProcessCluster.start(RunSettings.of(home, dir), Topology.of(1, List.of(master)));
        }
        ProcessCluster cluster = ProcessCluster.open(RunSettings.of(home, dir));
        try {
            cluster.startApacheNamesrv();
            cluster.startApacheBroker(master);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** That master's slave, of the same side, with an empty store; returned once it serves. */
    static NodeProcess startCatchUpSlave(ProcessCluster cluster, String side, List<String> jvmOptions) {
        BrokerSpec slave = spec(SLAVE, "1", "SLAVE", CATCH_UP).withJvmOptions(jvmOptions);
        return side.equals("petrel") ? cluster.startBroker(slave) : cluster.startApacheBroker(slave);
    }

    static String masterAddr(ProcessCluster cluster) {
        return cluster.node(MASTER).address();
    }

    private static BrokerSpec spec(String name, String brokerId, String brokerRole, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("brokerName", "bench");
        p.put("flushDiskType", "ASYNC_FLUSH");
        p.put("autoCreateTopicEnable", "true");
        p.put("maxMessageSize", "65536");
        p.putAll(overrides);
        p.put("brokerId", brokerId);
        p.put("brokerRole", brokerRole);
        return BrokerSpec.generated(name, p);
    }

    /** A process's resident memory in KiB (VmRSS) and its peak (VmHWM). */
    static long[] memoryKb(NodeProcess node) throws IOException {
        long rss = 0;
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(node.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, hwm};
    }
}
