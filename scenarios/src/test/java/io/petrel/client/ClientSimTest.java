package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Petrel's producer and push consumer against two NameServers and two masters (4 queues each) in
 * simulation: queue sharing and rebalancing, broadcasting, orderly consumption across a
 * rebalance, offsets across restarts, and a producer routing around a partitioned broker.
 */
class ClientSimTest {

    private static final String TOPIC = "ClientTopic";
    private static final int QUEUES = 8;

    private static ConsumerConfig.Builder fromFirst(String group) {
        return ConsumerConfig.builder(group).consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    }

    /** A client node with one push consumer on TOPIC that records what it gets. */
    static SimNode pushNode(ClientFixture f, String name, ConsumerConfig config, boolean orderly, Deliveries got) {
        return f.addClient(name, node -> {
            PushConsumer c = node.pushConsumer(config);
            c.subscribe(TOPIC, "*");
            if (orderly) {
                c.registerMessageListener((MessageListenerOrderly) (msgs, ctx, done) -> {
                    msgs.forEach(m -> got.record(name, m, node.env().clock().nanoTime()));
                    done.accept(ConsumeOrderlyStatus.SUCCESS);
                });
            } else {
                c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx, done) -> {
                    msgs.forEach(m -> got.record(name, m, node.env().clock().nanoTime()));
                    done.accept(ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
                });
            }
            c.start();
        });
    }

    static PushConsumer push(ClientFixture f, SimNode node) {
        return f.client(node).pushConsumers().get(0);
    }

    static SteadyProducer steady(ClientFixture f, SimNode producerNode, int total, int keys, boolean ordered) {
        ClientNode node = f.client(producerNode);
        SteadyProducer p = new SteadyProducer(node, node.producers().get(0), TOPIC, total, keys, 20, ordered);
        p.start();
        return p;
    }

    /**
     * True when the running members own every queue of TOPIC exactly once between them, each
     * {@code floor} or {@code ceil} of queues / members (allocate-averagely's spread).
     */
    static boolean settled(ClientFixture f, List<SimNode> members) {
        List<SimNode> up = members.stream().filter(n -> n.isUp() && n.node() != null).toList();
        List<MessageQueue> owned = new ArrayList<>();
        for (SimNode n : up) {
            List<MessageQueue> mine = push(f, n).ownedQueues().stream().filter(q -> q.topic().equals(TOPIC)).toList();
            if (mine.size() < QUEUES / up.size() || mine.size() > (QUEUES + up.size() - 1) / up.size()) {
                return false;
            }
            owned.addAll(mine);
        }
        return owned.size() == QUEUES && new TreeSet<>(owned).size() == QUEUES;
    }

    static void awaitSettled(ClientFixture f, List<SimNode> members, String when) {
        if (!f.sim.runUntil(() -> settled(f, members), 120_000)) {
            Map<String, Set<MessageQueue>> owners = new TreeMap<>();
            members.stream().filter(SimNode::isUp).forEach(n -> owners.put(n.name(), push(f, n).ownedQueues()));
            throw f.failure("queues not owned exactly once and evenly " + when + ": " + owners + f.sim.recentLogText());
        }
    }

    @Test
    void clusteringConsumersShareQueuesAndRebalanceWhenMembersJoinLeaveOrCrash() {
        try (ClientFixture f = new ClientFixture(11, "ClientSimTest#clusteringConsumersShareQueuesAndRebalanceWhenMembersJoinLeaveOrCrash")) {
            f.createTopic(TOPIC, 4);
            Deliveries got = new Deliveries();
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            List<SimNode> members = new ArrayList<>();
            members.add(pushNode(f, "c1", fromFirst("CG").build(), false, got));
            members.add(pushNode(f, "c2", fromFirst("CG").build(), false, got));
            awaitSettled(f, members, "with two members");
            SteadyProducer load = steady(f, producerNode, 3_000, 8, false);
            f.sim.runFor(10_000);
            members.add(pushNode(f, "c3", fromFirst("CG").build(), false, got));
            awaitSettled(f, members, "after c3 joined");
            f.sim.runFor(5_000);
            members.get(0).shutdown();
            f.awaitTrue(() -> !members.get(0).isUp(), 10_000, "c1 to stop");
            awaitSettled(f, members, "after c1 left");
            f.sim.runFor(5_000);
            members.get(1).crash(CrashKind.PROCESS);
            awaitSettled(f, members, "after c2 crashed");
            f.awaitTrue(load::finished, 120_000, "the producer to finish");
            f.check(load.failed.isEmpty(), "sends failed: " + load.failed);
            f.awaitTrue(() -> got.distinctBodies().containsAll(load.acked), 120_000, "every acknowledged message delivered");
            assertThat(got.perConsumer().keySet()).containsExactly("c1", "c2", "c3");
        }
    }

    @Test
    void broadcastingReachesEveryMemberAndResumesFromTheLocalOffsets() {
        try (ClientFixture f = new ClientFixture(12, "ClientSimTest#broadcastingReachesEveryMemberAndResumesFromTheLocalOffsets")) {
            f.createTopic(TOPIC, 4);
            Deliveries got = new Deliveries();
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            ConsumerConfig config = fromFirst("BG").messageModel(MessageModel.BROADCASTING).build();
            List<SimNode> members = List.of(pushNode(f, "b1", config, false, got), pushNode(f, "b2", config, false, got),
                    pushNode(f, "b3", config, false, got));
            f.awaitTrue(() -> members.stream().allMatch(n -> push(f, n).ownedQueues().size() == QUEUES), 60_000,
                    "every broadcasting member to own every queue");
            SteadyProducer first = steady(f, producerNode, 100, 4, false);
            f.awaitTrue(() -> first.finished() && members.stream().allMatch(
                    n -> new TreeSet<>(got.bodiesOf(n.name())).containsAll(first.acked)), 60_000, "every member to get all 100");
            f.sim.runFor(10_000);
            members.get(0).shutdown();
            f.awaitTrue(() -> !members.get(0).isUp(), 10_000, "b1 to stop");
            SteadyProducer second = steady(f, producerNode, 50, 4, false);
            f.awaitTrue(second::finished, 60_000, "50 more sends");
            int before = got.bodiesOf("b1").size();
            f.start(members.get(0));
            f.awaitTrue(() -> got.bodiesOf("b1").size() >= before + 50, 60_000, "b1 to catch up after its restart");
            f.sim.runFor(5_000);
            List<String> afterRestart = got.bodiesOf("b1").subList(before, got.bodiesOf("b1").size());
            assertThat(afterRestart).as("b1 resumes after what it committed at shutdown").hasSize(50).doesNotHaveDuplicates();
            assertThat(got.bodiesOf("b2")).hasSize(150);
        }
    }

    @Test
    void offsetsResumeAfterARestartAndACrashLosesNothing() {
        try (ClientFixture f = new ClientFixture(14, "ClientSimTest#offsetsResumeAfterARestartAndACrashLosesNothing")) {
            f.createTopic(TOPIC, 4);
            Deliveries got = new Deliveries();
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            SimNode consumer = pushNode(f, "c", fromFirst("RG").build(), false, got);
            f.awaitTrue(() -> push(f, consumer).ownedQueues().size() == QUEUES, 60_000, "c to own every queue");
            SteadyProducer first = steady(f, producerNode, 100, 4, false);
            f.awaitTrue(() -> first.finished() && got.distinctBodies().containsAll(first.acked), 60_000, "first 100");
            consumer.shutdown();
            f.awaitTrue(() -> !consumer.isUp(), 10_000, "c to stop");
            SteadyProducer second = steady(f, producerNode, 100, 4, false);
            f.awaitTrue(second::finished, 60_000, "second 100 sent");
            f.start(consumer);
            f.awaitTrue(() -> got.size() >= 200, 60_000, "c to read the second 100 after its restart");
            f.sim.runFor(10_000);
            assertThat(got.size()).as("a graceful restart re-delivers nothing").isEqualTo(200);
            assertThat(got.duplicates()).isEmpty();
            SteadyProducer third = steady(f, producerNode, 100, 4, false);
            f.awaitTrue(() -> third.finished() && got.size() >= 300, 60_000, "third 100");
            f.sim.runFor(7_000);
            SteadyProducer fourth = steady(f, producerNode, 50, 4, false);
            f.awaitTrue(() -> fourth.finished() && got.size() >= 350, 60_000, "fourth 50");
            consumer.crash(CrashKind.PROCESS);
            f.start(consumer);
            f.awaitTrue(() -> push(f, consumer).ownedQueues().size() == QUEUES, 60_000, "c to own every queue again");
            f.sim.runFor(20_000);
            assertThat(got.distinctBodies()).hasSize(350);
            assertThat(got.duplicates().keySet()).as("only the tail not yet committed comes again")
                    .allMatch(fourth.acked::contains);
        }
    }

    @Test
    void consumeFromTimestampStartsAtTheFirstMessageStoredAfterIt() {
        // As in RocketMQ 4.9.8, a new group's offset query answers 0 while a queue's first message
        // is within the broker's in-memory window, which would start the group at the beginning;
        // a window of 0 makes the broker answer "not found", so the consumer's timestamp decides.
        try (ClientFixture f = new ClientFixture(16, "ClientSimTest#consumeFromTimestampStartsAtTheFirstMessageStoredAfterIt",
                Map.of("accessMessageInMemoryMaxRatio", "0"))) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            SteadyProducer early = steady(f, producerNode, 80, 4, false);
            f.awaitTrue(early::finished, 30_000, "the early messages");
            f.sim.runFor(120_000);
            String between = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss", java.util.Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(
                            f.client(producerNode).env().clock().nowMillis() - 5_000));
            SteadyProducer late = steady(f, producerNode, 80, 4, false);
            f.awaitTrue(late::finished, 30_000, "the late messages");
            Deliveries got = new Deliveries();
            SimNode consumer = pushNode(f, "c", ConsumerConfig.builder("TG").consumeFromWhere(
                    ConsumeFromWhere.CONSUME_FROM_TIMESTAMP).consumeTimestamp(between).build(), false, got);
            f.awaitTrue(() -> got.distinctBodies().containsAll(late.acked), 60_000, "the late messages consumed");
            f.sim.runFor(5_000);
            assertThat(got.distinctBodies()).as("nothing stored before %s", between).isEqualTo(late.acked);
            f.awaitTrue(() -> push(f, consumer).ownedQueues().size() == QUEUES + 2, 60_000,
                    "the group's retry queues (one per broker) to be consumed too, once their route is known");
        }
    }

    @Test
    void producerAvoidsAPartitionedBrokerAndUsesItAgainAfterTheHeal() {
        try (ClientFixture f = new ClientFixture(15, "ClientSimTest#producerAvoidsAPartitionedBrokerAndUsesItAgainAfterTheHeal")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(
                    ProducerConfig.of("PG").withSendLatencyFaultEnable(true)));
            SteadyProducer before = steady(f, producerNode, 40, 4, false);
            f.awaitTrue(before::finished, 30_000, "sends before the partition");
            assertThat(brokersUsed(before)).containsExactly("broker-a", "broker-b");
            String brokerA = f.cluster.broker("broker-a").host();
            f.sim.network().partition(List.of(producerNode.host()), List.of(brokerA), LinkMode.BLACKHOLE);
            SteadyProducer during = new SteadyProducer(f.client(producerNode), f.client(producerNode).producers().get(0),
                    TOPIC, 100, 4, 0, false);
            during.start();
            f.awaitTrue(during::finished, 120_000, "sends during the partition");
            assertThat(during.failed).as("at most the send in flight when the partition began fails").hasSizeLessThanOrEqualTo(1);
            assertThat(brokersUsed(during)).containsExactly("broker-b");
            f.sim.network().healAll();
            f.sim.runFor(11 * 60_000);
            SteadyProducer after = steady(f, producerNode, 40, 4, false);
            f.awaitTrue(after::finished, 30_000, "sends after the heal");
            assertThat(after.failed).isEmpty();
            assertThat(brokersUsed(after)).containsExactly("broker-a", "broker-b");
        }
    }

    private static TreeSet<String> brokersUsed(SteadyProducer p) {
        TreeSet<String> brokers = new TreeSet<>();
        p.results.forEach(r -> brokers.add(r.messageQueue().brokerName()));
        return brokers;
    }
}
