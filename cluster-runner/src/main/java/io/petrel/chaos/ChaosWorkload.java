package io.petrel.chaos;

import io.petrel.client.ClientConfig;
import io.petrel.client.ClientNode;
import io.petrel.common.MessageQueue;
import io.petrel.env.Address;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.net.NettyTransport;
import io.petrel.scenarios.fuzz.FuzzConsumerApp;
import io.petrel.scenarios.fuzz.FuzzPlan;
import io.petrel.scenarios.fuzz.FuzzProducerApp;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.GroupSpec;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.world.WorldNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The clients of a chaos run's cluster, recording into the run's {@link History}. Petrel's own, in
 * this JVM on the real runtime: the fuzz scenarios' {@link FuzzProducerApp}s (sync, async, oneway,
 * batch and ordered sends) and {@link FuzzConsumerApp}s (a clustering, a broadcasting, an orderly and
 * a lite pull group), each on a client node of its own. And the official RocketMQ 4.9.8 client's,
 * each a process of its own ({@link OfficialClient}): a producer of the same kinds of sends, and a
 * clustering push group of two members, a broadcasting, an orderly and a lite pull one of one member
 * each ({@link #OFFICIAL_GROUPS}). Listeners never reject and
 * no send is delayed or transactional: what the final scan of a simulated run reads from the stores
 * (dead letters, schedule copies, half messages) a real run cannot read, so the workload asks for
 * nothing that needs it. Each client node's randomness is seeded from the run's seed.
 */
final class ChaosWorkload implements AutoCloseable {

    static final int QUEUES = 4;
    static final List<FuzzPlan.ProducerPlan> PRODUCERS = List.of(
            new FuzzPlan.ProducerPlan("producer-1", 20, 1.0, 1.0, 0.2, 0.3, 1.0, 0),
            new FuzzPlan.ProducerPlan("producer-2", 10, 0.5, 1.0, 0, 0.5, 0.5, 0));
    static final List<FuzzPlan.GroupPlan> GROUPS = List.of(
            new FuzzPlan.GroupPlan("chaos-clu", ConsumerKind.CLUSTERING, List.of(FuzzPlan.TOPIC, FuzzPlan.ORDER_TOPIC), 2, 2, 0, -1),
            new FuzzPlan.GroupPlan("chaos-bro", ConsumerKind.BROADCASTING, List.of(FuzzPlan.TOPIC), 2, 2, 0, -1),
            new FuzzPlan.GroupPlan("chaos-ord", ConsumerKind.ORDERLY, List.of(FuzzPlan.ORDER_TOPIC), 2, 2, 0, -1),
            new FuzzPlan.GroupPlan("chaos-lite", ConsumerKind.LITE_PULL, List.of(FuzzPlan.TOPIC), 1, 1, 0, -1));
    static final List<String> TOPICS = List.of(FuzzPlan.TOPIC, FuzzPlan.ORDER_TOPIC);
    /** One consumer group of the official 4.9.8 client: its kind (as the process's role), topic and members. */
    record OfficialGroup(String group, OfficialClient.Role role, String topic, int members) {
    }

    /** The official client's clustering push group, the one {@code bin/chaos} reports on. */
    static final String OFFICIAL_GROUP = "chaos-official";
    static final List<OfficialGroup> OFFICIAL_GROUPS = List.of(
            new OfficialGroup(OFFICIAL_GROUP, OfficialClient.Role.CLUSTERING, FuzzPlan.TOPIC, 2),
            new OfficialGroup("chaos-official-bro", OfficialClient.Role.BROADCASTING, FuzzPlan.TOPIC, 1),
            new OfficialGroup("chaos-official-ord", OfficialClient.Role.ORDERLY, FuzzPlan.ORDER_TOPIC, 1),
            new OfficialGroup("chaos-official-lite", OfficialClient.Role.LITE_PULL, FuzzPlan.TOPIC, 1));
    static final String OFFICIAL_PRODUCER = "official-producer";
    private static final long SHUTDOWN_TIMEOUT_MS = 10_000;

    private final RealRuntime runtime = new RealRuntime(new NettyTransport(2), SHUTDOWN_TIMEOUT_MS);
    /** Every client by name, in start order. */
    private final Map<String, Client> clients = new LinkedHashMap<>();
    /** Each producer's app in its latest incarnation. */
    private final Map<String, FuzzProducerApp> producerApps = new ConcurrentHashMap<>();
    private final String namesrvAddr;
    private final List<String> brokerNames;
    private final History history;
    private final LongSupplier runMs;
    private final Path dir;
    private final long seed;
    /** Where the clients' connections really go: their links' proxies. */
    private final UnaryOperator<Address> dialVia;
    /** The classpath the official clients run on (the build's test classpath). */
    private final String officialClasspath;
    private final List<OfficialClient> officialClients = new ArrayList<>();

    ChaosWorkload(String namesrvAddr, List<String> brokerNames, History history, LongSupplier runMs, Path dir, long seed,
            UnaryOperator<Address> dialVia, String officialClasspath) {
        this.dialVia = dialVia;
        this.officialClasspath = officialClasspath;
        this.namesrvAddr = namesrvAddr;
        this.brokerNames = List.copyOf(brokerNames);
        this.history = history;
        this.runMs = runMs;
        this.dir = dir;
        this.seed = seed;
    }

    /** Every consumer group of the workload, Petrel's and the official client's. */
    static List<String> groupNames() {
        List<String> names = new ArrayList<>(GROUPS.stream().map(FuzzPlan.GroupPlan::group).toList());
        OFFICIAL_GROUPS.forEach(g -> names.add(g.group()));
        return names;
    }

    /** Starts every consumer group's members, then the producers; the official client's beside Petrel's. */
    void start() {
        int client = 0;
        for (FuzzPlan.GroupPlan g : GROUPS) {
            List<String> members = new ArrayList<>();
            for (int i = 1; i <= g.initialMembers(); i++) {
                String name = g.group() + "-" + i;
                members.add(name);
                startClient(name, client++, node -> new FuzzConsumerApp(node, g, history, runMs, true).start());
            }
            history.group(new GroupSpec(g.group(), g.kind(), new TreeSet<>(g.topics()), g.maxReconsumeTimes(), members));
        }
        for (OfficialGroup g : OFFICIAL_GROUPS) {
            List<String> members = new ArrayList<>();
            for (int i = 1; i <= g.members(); i++) {
                String name = g.group() + "-" + i;
                members.add(name);
                startOfficial(name, g.role(), g.group());
            }
            history.group(new GroupSpec(g.group(), g.role().kind(), new TreeSet<>(List.of(g.topic())), -1, members));
        }
        List<MessageQueue> orderQueues = new ArrayList<>();
        for (String broker : brokerNames) {
            for (int q = 0; q < QUEUES; q++) {
                orderQueues.add(new MessageQueue(FuzzPlan.ORDER_TOPIC, broker, q));
            }
        }
        for (FuzzPlan.ProducerPlan p : PRODUCERS) {
            startClient(p.name(), client++, n -> {
                FuzzProducerApp app = new FuzzProducerApp(n, p, 0, history, orderQueues, runMs);
                producerApps.put(p.name(), app);
                app.start();
            });
        }
        startOfficial(OFFICIAL_PRODUCER, OfficialClient.Role.PRODUCER, null);
    }

    /** An official client process dials the NameServers through the clients' links, as Petrel's clients do. */
    private void startOfficial(String name, OfficialClient.Role role, String group) {
        String namesrvs = String.join(";", Arrays.stream(namesrvAddr.split(";"))
                .map(a -> dialVia.apply(Address.parse(a)).toString()).toList());
        OfficialClient c = new OfficialClient(name, role, group, brokerNames, namesrvs, officialClasspath, dir, seed, history,
                runMs);
        officialClients.add(c);
        c.start();
    }

    /** Why the official clients' history cannot be trusted (a line one printed could not be recorded); empty if it can. */
    List<String> problems() {
        return officialClients.stream().map(OfficialClient::problem).filter(Objects::nonNull).toList();
    }

    private void startClient(String name, int index, Consumer<ClientNode> app) {
        Client c = new Client(name, index, app);
        clients.put(name, c);
        c.start();
    }

    /** The clients as the world's client nodes: a fault may kill, restart or freeze them. */
    List<WorldNode> clientNodes() {
        List<WorldNode> nodes = new ArrayList<>(clients.values());
        nodes.addAll(officialClients);
        return nodes;
    }

    /** The producers send nothing more (the liveness phase); each stops on its own loop. */
    void stopProducers() {
        for (FuzzPlan.ProducerPlan p : PRODUCERS) {
            Client c = clients.get(p.name());
            if (c != null && c.node != null && c.node.isRunning()) {
                c.node.post(() -> producerApps.get(p.name()).stop());
            }
        }
        officialClients.stream().filter(c -> c.name().equals(OFFICIAL_PRODUCER)).forEach(OfficialClient::stopSending);
    }

    /**
     * One client node, as the world's client node: kill is {@link RealNode#crash} (connections
     * reset, nothing flushed), shutdown a graceful stop, start a new incarnation of the same client
     * (its name, its offsets directory, its app started again, a seed of its own), pause a loop
     * frozen until resumed (what reaches it meanwhile waits, as for a SIGSTOPped process). A power
     * loss is refused: clients keep only broadcast offsets, which a crash already covers.
     */
    private final class Client implements WorldNode {
        private final String name;
        private final int index;
        private final Consumer<ClientNode> app;
        private volatile RealNode node;
        private volatile CountDownLatch frozen;
        private int incarnation;

        Client(String name, int index, Consumer<ClientNode> app) {
            this.name = name;
            this.index = index;
            this.app = app;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public State state() {
            RealNode n = node;
            if (n == null || !n.isRunning()) {
                return State.DOWN;
            }
            return frozen != null ? State.PAUSED : State.RUNNING;
        }

        @Override
        public void kill() {
            node.crash();
            resume();
        }

        @Override
        public void powerLoss() {
            throw new UnsupportedOperationException("a power loss of client " + name + " is not a chaos fault");
        }

        @Override
        public void shutdown() {
            resume();
            node.shutdown(SHUTDOWN_TIMEOUT_MS);
        }

        @Override
        public void start() {
            // A broadcasting member keeps its offsets in a file: in the run's directory, never shared with another run.
            ClientConfig config = ClientConfig.of(namesrvAddr, "127.0.0.1", name)
                    .withOffsetStoreDir(dir.resolve(name).resolve("offsets").toString());
            long nodeSeed = seed * 31 + index + 1_000_003L * incarnation++;
            node = runtime.start(new RealNodeSpec(name, dir.resolve(name), nodeSeed).withDialVia(dialVia),
                    env -> new ClientNode(env, config, app));
        }

        @Override
        public void pause() {
            CountDownLatch latch = new CountDownLatch(1);
            frozen = latch;
            node.post(() -> {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void resume() {
            CountDownLatch latch = frozen;
            frozen = null;
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    /** Stops every client; a frozen one is let go first, so its graceful stop can run. */
    @Override
    public void close() {
        clients.values().forEach(Client::resume);
        officialClients.forEach(OfficialClient::kill);
        runtime.close();
    }
}
