package io.petrel.scenarios.cluster;

import io.petrel.acl.AclCredentials;
import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.broker.MachineFacts;
import io.petrel.client.ClientConfig;
import io.petrel.client.ClientNode;
import io.petrel.common.Sabotage;
import io.petrel.config.ConfigContext;
import io.petrel.env.Address;
import io.petrel.namesrv.NameServer;
import io.petrel.namesrv.NamesrvConfig;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds a cluster on a {@link Simulator}: NameServers on 10.0.1.N:9876 and brokers on
 * 10.0.2.N:10911, each broker with its own disk and properties (defaults suited to simulation:
 * small commit log files so rolls and retention happen, short flush intervals).
 */
public final class SimCluster {

    public static final int NAMESRV_PORT = 9876;
    public static final int BROKER_PORT = 10911;

    private final Simulator sim;
    private final List<SimNode> namesrvs = new ArrayList<>();
    private final Map<String, SimNode> brokers = new LinkedHashMap<>();
    private final Map<String, SimNode> slaves = new LinkedHashMap<>();
    private final Map<String, SimNode> clients = new LinkedHashMap<>();
    private final Map<String, byte[]> brokerFiles = new TreeMap<>();
    private AclCredentials clientCredentials;
    private int nextBrokerHost = 1;
    private int nextClientHost = 1;

    public SimCluster(Simulator sim) {
        this.sim = sim;
    }

    public Simulator sim() {
        return sim;
    }

    /**
     * Every broker node added from now on finds {@code content} at {@code path} when it first starts,
     * as an operator's file written before (an ACL file: {@code /home/petrel/conf/plain_acl.yml}).
     */
    public SimCluster installOnBrokers(String path, byte[] content) {
        brokerFiles.put(path, content.clone());
        return this;
    }

    /** Client nodes added from now on sign every request with {@code credentials} (brokers with aclEnable=true). */
    public SimCluster signClientsWith(AclCredentials credentials) {
        this.clientCredentials = credentials;
        return this;
    }

    /** Adds and starts a NameServer. */
    public SimNode addNamesrv() {
        int n = namesrvs.size() + 1;
        String host = "10.0.1." + n;
        NamesrvConfig config = NamesrvConfig.from(NamesrvConfig.REGISTRY.bind(
                Map.of("bindAddress", host, "listenPort", String.valueOf(NAMESRV_PORT)),
                ConfigContext.of("/home/petrel", host), true));
        SimNode node = sim.addNode("namesrv-" + n, host, env -> new NameServer(env, config));
        namesrvs.add(node);
        node.start();
        return node;
    }

    public String namesrvAddr() {
        StringJoiner joined = new StringJoiner(";");
        namesrvs.forEach(n -> joined.add(n.host() + ":" + NAMESRV_PORT));
        return joined.toString();
    }

    public List<Address> namesrvAddresses() {
        List<Address> list = new ArrayList<>();
        namesrvs.forEach(n -> list.add(new Address(n.host(), NAMESRV_PORT)));
        return list;
    }

    /** The simulation defaults every broker starts from; {@code overrides} win. */
    public Map<String, String> brokerProperties(String brokerName, String host, Map<String, String> overrides) {
        Map<String, String> p = new TreeMap<>();
        p.put("brokerClusterName", "DefaultCluster");
        p.put("brokerName", brokerName);
        p.put("brokerId", "0");
        p.put("brokerIP1", host);
        p.put("bindAddress", host);
        p.put("listenPort", String.valueOf(BROKER_PORT));
        p.put("namesrvAddr", namesrvAddr());
        p.put("storePathRootDir", "/store");
        p.put("mapedFileSizeCommitLog", String.valueOf(256 * 1024));
        p.put("mapedFileSizeConsumeQueue", String.valueOf(1000 * 20));
        p.put("maxMessageSize", String.valueOf(64 * 1024));
        p.put("maxHashSlotNum", "1024");
        p.put("maxIndexNum", "4096");
        p.put("flushDiskType", "ASYNC_FLUSH");
        p.putAll(overrides);
        return p;
    }

    /** Adds and starts a broker named {@code brokerName} on the next broker host. */
    public SimNode addBroker(String brokerName, Map<String, String> overrides) {
        return addBroker(brokerName, overrides, Sabotage.none());
    }

    /** As {@link #addBroker(String, Map)}, with test-only {@link Sabotage} switches at every (re)start. */
    public SimNode addBroker(String brokerName, Map<String, String> overrides, Set<Sabotage> sabotage) {
        SimNode node = addBrokerNode(brokerName, brokerName, overrides, sabotage);
        brokers.put(brokerName, node);
        return node;
    }

    /**
     * Adds and starts the slave of {@code brokerName} (brokerId 1, brokerRole SLAVE) on the next broker
     * host, as node {@code <brokerName>-s}; it finds its master through the NameServers.
     */
    public SimNode addSlave(String brokerName, Map<String, String> overrides, Set<Sabotage> sabotage) {
        Map<String, String> p = new TreeMap<>(Map.of("brokerId", "1", "brokerRole", "SLAVE"));
        p.putAll(overrides);
        SimNode node = addBrokerNode(slaveNodeName(brokerName), brokerName, p, sabotage);
        slaves.put(brokerName, node);
        return node;
    }

    /** The node name of {@code brokerName}'s slave. */
    public static String slaveNodeName(String brokerName) {
        return brokerName + "-s";
    }

    private SimNode addBrokerNode(String nodeName, String brokerName, Map<String, String> overrides, Set<Sabotage> sabotage) {
        String host = "10.0.2." + nextBrokerHost++;
        Map<String, String> properties = brokerProperties(brokerName, host, overrides);
        BrokerConfig settings = BrokerConfig.from(BrokerConfig.REGISTRY.bind(properties,
                ConfigContext.of("/home/petrel", host), true));
        SimNode node = sim.addNode(nodeName, host, env -> new Broker(env, settings, MachineFacts.simulated(), sabotage));
        brokerFiles.forEach((path, content) -> node.disk().install(path, content));
        node.start();
        return node;
    }

    /**
     * Adds and starts a client node on the next client host (10.0.3.N); its client id is
     * {@code 10.0.3.N@name}. {@code application} builds its producers and consumers at every start.
     */
    public SimNode addClient(String name, Consumer<ClientNode> application) {
        return addClient(name, Sabotage.none(), application);
    }

    /** As {@link #addClient(String, Consumer)}, with test-only {@link Sabotage} switches in its ClientConfig. */
    public SimNode addClient(String name, Set<Sabotage> sabotage, Consumer<ClientNode> application) {
        String host = "10.0.3." + nextClientHost++;
        ClientConfig unsigned = ClientConfig.of(namesrvAddr(), host, name).withSabotage(sabotage);
        ClientConfig config = clientCredentials == null ? unsigned : unsigned.withCredentials(clientCredentials);
        SimNode node = sim.addNode(name, host, env -> new ClientNode(env, config, application));
        clients.put(name, node);
        node.start();
        return node;
    }

    public Map<String, SimNode> clients() {
        return clients;
    }

    /** A broker node by node name: the broker name for a master, {@link #slaveNodeName} for a slave. */
    public SimNode broker(String nodeName) {
        SimNode master = brokers.get(nodeName);
        if (master != null) {
            return master;
        }
        return slaves.values().stream().filter(n -> n.name().equals(nodeName)).findFirst().orElse(null);
    }

    public Address brokerAddress(String nodeName) {
        return new Address(broker(nodeName).host(), BROKER_PORT);
    }

    /** Slave nodes by the broker name they replicate. */
    public Map<String, SimNode> slaves() {
        return slaves;
    }

    public List<SimNode> namesrvs() {
        return namesrvs;
    }

    public Map<String, SimNode> brokers() {
        return brokers;
    }

    /** Runs until every up broker (slaves included) serves and is registered with every NameServer, or fails. */
    public void awaitReady(long maxMs) {
        List<SimNode> all = new ArrayList<>(brokers.values());
        all.addAll(slaves.values());
        boolean ready = sim.runUntil(() -> all.stream().allMatch(b -> !b.isUp()
                || (b.node() != null && b.nodeAs(Broker.class).isServing()
                && b.nodeAs(Broker.class).registrar().latest().size() == namesrvs.size()
                && b.nodeAs(Broker.class).registrar().latest().values().stream().allMatch(o -> o.ok()))), maxMs);
        if (!ready) {
            throw new IllegalStateException("cluster not ready within " + maxMs + " ms (seed " + sim.seed() + ")"
                    + sim.recentLogText());
        }
    }
}
