package io.petrel.bench;

import io.petrel.cluster.BrokerSpec;
import io.petrel.cluster.FreePorts;
import io.petrel.cluster.NodeProcess;
import io.petrel.cluster.ProcessCluster;
import io.petrel.cluster.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.protocol.route.QueueData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * One side of {@code bin/bench compare} for one run: a NameServer and a broker, Apache RocketMQ
 * 4.9.7's or Petrel's ({@link BenchBrokers}), as processes of a {@link ProcessCluster} on a fresh
 * store, with the official admin client that creates the benchmark's topics. The broker's CPU time
 * is read from its process (on Linux the JDK reads utime + stime of /proc/&lt;pid&gt;/stat).
 * {@link #close()} stops everything it started; so does a start that fails half-way.
 */
final class ComparedBroker implements AutoCloseable {

    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(30);

    /** The implementation under test; its label names its figures. */
    enum Side {
        APACHE(CompareFigures.APACHE, "Apache RocketMQ 4.9.7"),
        PETREL(CompareFigures.PETREL, "Petrel"),
        /** Petrel with {@code metricsExporterType=PROM}, its endpoint scraped as Prometheus would. */
        PETREL_METRICS(CompareFigures.PETREL_METRICS, "Petrel with Prometheus metrics");

        final String label;
        final String title;

        Side(String label, String title) {
            this.label = label;
            this.title = title;
        }

        static Side of(String label) {
            for (Side side : values()) {
                if (side.label.equals(label)) {
                    return side;
                }
            }
            throw new IllegalArgumentException("no side is called '" + label + "'");
        }
    }

    private final Side side;
    private final String namesrvAddr;
    private final String brokerAddr;
    /** Where the broker logs, for error messages. */
    private final Path logs;
    private final ProcessCluster processes;
    private final String brokerNodeName;
    private DefaultMQAdminExt admin;
    private MetricsScraper scraper;

    private ComparedBroker(Side side, String namesrvAddr, String brokerAddr, Path logs,
            ProcessCluster processes, String brokerNodeName) {
        this.side = side;
        this.namesrvAddr = namesrvAddr;
        this.brokerAddr = brokerAddr;
        this.logs = logs;
        this.processes = processes;
        this.brokerNodeName = brokerNodeName;
    }

    /**
     * Starts {@code side}'s NameServer and broker in {@code dir} with {@code brokerProperties} (the
     * node's addresses and store paths are added here) and the broker JVM run with {@code jvmOptions}.
     */
    static ComparedBroker start(Side side, Path home, Path dir, Map<String, String> brokerProperties,
            List<String> jvmOptions) throws Exception {
        ComparedBroker started = switch (side) {
            case APACHE -> startApache(home, dir, brokerProperties, jvmOptions);
            case PETREL -> startPetrel(Side.PETREL, home, dir, brokerProperties, jvmOptions);
            case PETREL_METRICS -> startPetrelWithMetrics(home, dir, brokerProperties, jvmOptions);
        };
        try {
            started.admin = new DefaultMQAdminExt(10_000);
            started.admin.setNamesrvAddr(started.namesrvAddr);
            started.admin.setInstanceName("compare-admin-" + System.nanoTime());
            started.admin.start();
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    private static ComparedBroker startApache(Path home, Path dir, Map<String, String> properties, List<String> jvmOptions)
            throws Exception {
        ProcessCluster nodes = ProcessCluster.open(RunSettings.of(home, dir));
        try {
            nodes.startApacheNamesrv();
            NodeProcess broker = nodes.startApacheBroker(BrokerSpec.generated("broker", properties).withJvmOptions(jvmOptions));
            return new ComparedBroker(Side.APACHE, nodes.namesrvAddr(), broker.address(), broker.logFile(), nodes,
                    broker.name());
        } catch (RuntimeException | Error e) {
            nodes.close();
            throw e;
        }
    }

    private static ComparedBroker startPetrel(Side side, Path home, Path dir, Map<String, String> properties,
            List<String> jvmOptions) throws Exception {
        ProcessCluster cluster = BenchBrokers.start(home, dir, "ASYNC_MASTER", properties, jvmOptions);
        NodeProcess broker = cluster.node(BenchBrokers.MASTER);
        return new ComparedBroker(side, cluster.namesrvAddr(), broker.address(), broker.logFile(), cluster,
                broker.name());
    }

    /**
     * Petrel's broker with its Prometheus endpoint on a free loopback port, scraped every
     * {@link MetricsScraper#INTERVAL} (Prometheus's usual interval) while it runs: the scrapes' CPU is
     * the broker's too. The first scrape must answer with the broker's metrics, or the run stops.
     */
    private static ComparedBroker startPetrelWithMetrics(Path home, Path dir, Map<String, String> properties,
            List<String> jvmOptions) throws Exception {
        int port = FreePorts.next();
        Map<String, String> withMetrics = new LinkedHashMap<>(properties);
        withMetrics.put("metricsExporterType", "PROM");
        withMetrics.put("metricsPromExporterHost", "127.0.0.1");
        withMetrics.put("metricsPromExporterPort", String.valueOf(port));
        ComparedBroker broker = startPetrel(Side.PETREL_METRICS, home, dir, withMetrics, jvmOptions);
        try {
            broker.scraper = MetricsScraper.start(port, broker.toString());
            return broker;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    String namesrvAddr() {
        return namesrvAddr;
    }

    String brokerAddr() {
        return brokerAddr;
    }

    Side side() {
        return side;
    }

    DefaultMQAdminExt admin() {
        return admin;
    }

    /** The broker's process, to stop, kill and restart (its pid changes with each start). */
    NodeProcess brokerNode() {
        return processes.node(brokerNodeName);
    }

    /** The NameServer's process. */
    NodeProcess namesrvNode() {
        return processes.nodes().stream().filter(n -> !n.kind().isBroker()).findFirst().orElseThrow();
    }

    /**
     * Creates {@code topic} with {@code queues} read and write queues on the broker and waits until
     * the NameServer routes it so, so that producers see every queue from their first send.
     */
    void createTopic(String topic, int queues) throws Exception {
        admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(topic, queues, queues, 6));
        long deadline = System.nanoTime() + ROUTE_TIMEOUT.toNanos();
        String last = "no route yet";
        while (System.nanoTime() < deadline) {
            try {
                List<QueueData> routes = admin.examineTopicRouteInfo(topic).getQueueDatas();
                if (routes.stream().anyMatch(q -> q.getWriteQueueNums() == queues && q.getReadQueueNums() == queues)) {
                    return;
                }
                last = "routes " + routes;
            } catch (Exception e) {
                last = String.valueOf(e.getMessage()).split("\n")[0];
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(this + " did not register " + topic + " with " + queues + " queues at its NameServer "
                + namesrvAddr + " within " + ROUTE_TIMEOUT.toSeconds() + " s (" + last + ")");
    }

    /**
     * Creates {@code topics} topics named {@code prefix} and a number, each of {@code queues} read
     * and write queues, from {@code parallel} threads, and waits until the NameServer routes the
     * first and the last; returns their names in order.
     */
    List<String> createTopics(String prefix, int topics, int queues, int parallel) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < topics; i++) {
            names.add(prefix + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (String name : names) {
                created.add(pool.submit(() -> {
                    admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(name, queues, queues, 6));
                    return null;
                }));
            }
            for (Future<?> f : created) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        createTopic(names.get(0), queues);
        createTopic(names.get(names.size() - 1), queues);
        return names;
    }

    /**
     * Throws when this side scrapes metrics and a scrape failed since the start; otherwise returns
     * how many scrapes succeeded (0 for a side without metrics).
     */
    long checkMetricsScrapes() {
        if (scraper == null) {
            return 0;
        }
        scraper.check();
        return scraper.scrapes();
    }

    /** The broker process's CPU time so far, user and system, in ns. */
    long brokerCpuNanos() {
        return ProcessHandle.of(brokerNode().pid()).flatMap(p -> p.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException(this + " has ended, or its CPU time cannot be read"))
                .toNanos();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "the %s broker %s (pid %d, logs in %s)", side.title, brokerAddr, brokerNode().pid(), logs);
    }

    @Override
    public void close() throws Exception {
        try {
            if (scraper != null) {
                scraper.close();
            }
            if (admin != null) {
                admin.shutdown();
            }
        } finally {
            processes.close();
        }
    }
}
