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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Petrel's own clients against a chaos run's cluster, in this JVM on the real runtime: the fuzz
 * scenarios' {@link FuzzProducerApp}s (sync, async, oneway, batch and ordered sends) and
 * {@link FuzzConsumerApp}s (a clustering, a broadcasting, an orderly and a lite pull group), each on
 * a client node of its own, recording into the run's {@link History}. Listeners never reject and
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
    private static final long SHUTDOWN_TIMEOUT_MS = 10_000;

    private final RealRuntime runtime = new RealRuntime(new NettyTransport(2), SHUTDOWN_TIMEOUT_MS);
    /** What stops each producer. */
    private final List<Runnable> producers = new ArrayList<>();
    private final String namesrvAddr;
    private final List<String> brokerNames;
    private final History history;
    private final LongSupplier runMs;
    private final Path dir;
    private final long seed;
    /** Where the clients' connections really go: their links' proxies. */
    private final UnaryOperator<Address> dialVia;

    ChaosWorkload(String namesrvAddr, List<String> brokerNames, History history, LongSupplier runMs, Path dir, long seed,
            UnaryOperator<Address> dialVia) {
        this.dialVia = dialVia;
        this.namesrvAddr = namesrvAddr;
        this.brokerNames = List.copyOf(brokerNames);
        this.history = history;
        this.runMs = runMs;
        this.dir = dir;
        this.seed = seed;
    }

    /** Starts every consumer group's members, then the producers. */
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
        List<MessageQueue> orderQueues = new ArrayList<>();
        for (String broker : brokerNames) {
            for (int q = 0; q < QUEUES; q++) {
                orderQueues.add(new MessageQueue(FuzzPlan.ORDER_TOPIC, broker, q));
            }
        }
        for (FuzzPlan.ProducerPlan p : PRODUCERS) {
            AtomicReference<FuzzProducerApp> app = new AtomicReference<>();
            RealNode node = startClient(p.name(), client++, n -> {
                app.set(new FuzzProducerApp(n, p, 0, history, orderQueues, runMs));
                app.get().start();
            });
            producers.add(() -> node.post(() -> app.get().stop()));
        }
    }

    private RealNode startClient(String name, int index, Consumer<ClientNode> app) {
        // A broadcasting member keeps its offsets in a file: in the run's directory, never shared with another run.
        ClientConfig config = ClientConfig.of(namesrvAddr, "127.0.0.1", name)
                .withOffsetStoreDir(dir.resolve(name).resolve("offsets").toString());
        return runtime.start(new RealNodeSpec(name, dir.resolve(name), seed * 31 + index).withDialVia(dialVia),
                env -> new ClientNode(env, config, app));
    }

    /** The producers send nothing more (the liveness phase); each stops on its own loop. */
    void stopProducers() {
        producers.forEach(Runnable::run);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
