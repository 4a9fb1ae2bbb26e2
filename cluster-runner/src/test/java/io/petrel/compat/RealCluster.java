package io.petrel.compat;

import static org.awaitility.Awaitility.await;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.MachineFacts;
import io.petrel.cluster.FreePorts;
import io.petrel.config.ConfigContext;
import io.petrel.namesrv.NameServer;
import io.petrel.namesrv.NamesrvConfig;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.metrics.NodeEndpoints;
import io.petrel.real.metrics.PrometheusEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A NameServer and brokers on the real runtime in this JVM, on 127.0.0.1 free ports with their
 * stores in a temp directory: the Petrel side of compatibility tests. {@link #close()} stops
 * everything.
 */
public final class RealCluster implements AutoCloseable {

    private final Path dir;
    private final RealRuntime runtime = RealRuntime.create();
    private final String namesrvAddr;
    private final Map<String, RealNode> brokerNodes = new LinkedHashMap<>();
    private final Map<String, AtomicReference<Broker>> brokers = new LinkedHashMap<>();
    private final Map<String, String> brokerAddrs = new LinkedHashMap<>();
    private final Map<String, BrokerConfig> brokerSettings = new LinkedHashMap<>();
    /** The Prometheus endpoints of nodes started with metricsExporterType=PROM, by node name. */
    private final Map<String, PrometheusEndpoint> endpoints = new LinkedHashMap<>();
    /** This cluster's own NameServer; null for {@link #onNamesrv}. */
    private RealNode namesrvNode;
    private final AtomicReference<NameServer> namesrv = new AtomicReference<>();

    public RealCluster(Path dir) {
        this(dir, Map.<String, String>of());
    }

    /** A cluster whose NameServer's file also says {@code namesrvOverrides}. */
    public RealCluster(Path dir, Map<String, String> namesrvOverrides) {
        this.dir = dir;
        int port = FreePorts.next();
        namesrvAddr = "127.0.0.1:" + port;
        Map<String, String> p = new TreeMap<>(Map.of("listenPort", String.valueOf(port), "bindAddress", "127.0.0.1",
                "kvConfigPath", dir.resolve("namesrv/kvConfig.json").toString()));
        p.putAll(namesrvOverrides);
        NamesrvConfig config = NamesrvConfig.from(NamesrvConfig.REGISTRY.bind(p,
                ConfigContext.of(dir.toString(), "127.0.0.1"), true));
        namesrvNode = runtime.start(RealNodeSpec.withOsSeed("namesrv", dir), env -> {
            namesrv.set(new NameServer(env, config));
            return namesrv.get();
        });
        PrometheusEndpoint endpoint = NodeEndpoints.forNamesrv(namesrvNode, namesrv.get(), config);
        if (endpoint != null) {
            endpoints.put("namesrv", endpoint);
        }
    }

    private RealCluster(Path dir, String namesrvAddr) {
        this.dir = dir;
        this.namesrvAddr = namesrvAddr;
    }

    /** Petrel brokers only, registering with a NameServer that runs elsewhere (another implementation's). */
    public static RealCluster onNamesrv(Path dir, String namesrvAddr) {
        return new RealCluster(dir, namesrvAddr);
    }

    public String namesrvAddr() {
        return namesrvAddr;
    }

    /**
     * Starts a broker with test-friendly defaults plus {@code overrides}; waits until it serves. By
     * default it is the master named {@code name}; a slave overrides brokerName, brokerId and
     * brokerRole and keeps {@code name} as its node name (and store directory).
     */
    public RealCluster addBroker(String name, Map<String, String> overrides) {
        int port = FreePorts.nextBrokerPort();
        Map<String, String> p = new TreeMap<>();
        p.put("brokerClusterName", "DefaultCluster");
        p.put("brokerName", name);
        p.put("brokerIP1", "127.0.0.1");
        p.put("bindAddress", "127.0.0.1");
        p.put("listenPort", String.valueOf(port));
        p.put("namesrvAddr", namesrvAddr);
        p.put("storePathRootDir", dir.resolve(name).toString());
        p.put("mapedFileSizeCommitLog", String.valueOf(64 << 20));
        p.put("mapedFileSizeConsumeQueue", String.valueOf(100_000 * 20));
        p.put("maxHashSlotNum", "100000");
        p.put("maxIndexNum", "400000");
        p.putAll(overrides);
        BrokerConfig settings = BrokerConfig.from(BrokerConfig.REGISTRY.bind(p,
                ConfigContext.of(dir.toString(), "127.0.0.1"), true));
        brokerSettings.put(name, settings);
        brokerAddrs.put(name, "127.0.0.1:" + port);
        startBroker(name);
        return this;
    }

    /** The store root of the broker node {@code name} (its config files are under config/). */
    public Path storeDir(String name) {
        return dir.resolve(name);
    }

    /** Starts a broker stopped with {@link #stopBroker} again on its port and store; waits until it serves. */
    public void startBroker(String name) {
        BrokerConfig settings = brokerSettings.get(name);
        AtomicReference<Broker> ref = new AtomicReference<>();
        RealNode node = runtime.start(RealNodeSpec.withOsSeed(name, dir.resolve(name)), env -> {
            Broker b = new Broker(env, settings, MachineFacts.simulated());
            ref.set(b);
            return b;
        });
        brokerNodes.put(name, node);
        brokers.put(name, ref);
        await().atMost(Duration.ofSeconds(30)).until(() -> node.onLoop(() -> ref.get().isServing()
                && ref.get().registrar().latest().values().stream().allMatch(o -> o.ok())
                && !ref.get().registrar().latest().isEmpty(), 5_000));
        PrometheusEndpoint endpoint = NodeEndpoints.forBroker(node, ref.get(), settings);
        if (endpoint != null) {
            endpoints.put(name, endpoint);
        }
    }

    /** The port of a node's Prometheus endpoint ("namesrv" or a broker's name); it must have one. */
    public int metricsPort(String nodeName) {
        return endpoints.get(nodeName).port();
    }

    /** Stops a broker gracefully and starts it again on the same port and store. */
    public void restartBroker(String name) {
        stopBroker(name);
        startBroker(name);
    }

    public String brokerAddr(String name) {
        return brokerAddrs.get(name);
    }

    public Map<String, String> brokerAddrs() {
        return brokerAddrs;
    }

    /** Runs {@code action} on this cluster's NameServer's loop and returns its result. */
    public <T> T onNamesrv(Function<NameServer, T> action) {
        if (namesrvNode == null) {
            throw new IllegalStateException("this cluster's brokers register with a NameServer it does not run");
        }
        return namesrvNode.onLoop(() -> action.apply(namesrv.get()), 10_000);
    }

    /** Runs {@code action} on a broker's loop and returns its result. */
    public <T> T onBroker(String name, Function<Broker, T> action) {
        return brokerNodes.get(name).onLoop(() -> action.apply(brokers.get(name).get()), 10_000);
    }

    /** Stops a broker gracefully (unregister, flush, remove abort file). */
    public void stopBroker(String name) {
        PrometheusEndpoint endpoint = endpoints.remove(name);
        if (endpoint != null) {
            endpoint.close();
        }
        brokerNodes.get(name).shutdown(30_000);
    }

    @Override
    public void close() {
        endpoints.values().forEach(PrometheusEndpoint::close);
        endpoints.clear();
        runtime.close();
    }
}
