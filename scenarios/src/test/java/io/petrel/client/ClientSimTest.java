package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.ResetOffsetRequestHeader;
import io.petrel.remoting.header.ClientCallHeaders;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
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
        try (ClientFixture f = new ClientFixture(11,
                "ClientSimTest#clusteringConsumersShareQueuesAndRebalanceWhenMembersJoinLeaveOrCrash")) {
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
    void orderlyConsumptionKeepsPerKeyOrderAcrossRebalances() {
        try (ClientFixture f = new ClientFixture(13, "ClientSimTest#orderlyConsumptionKeepsPerKeyOrderAcrossRebalances")) {
            f.createTopic(TOPIC, 4);
            Deliveries got = new Deliveries();
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            ConsumerConfig config = fromFirst("OG").awaitTerminationMillisWhenShutdown(5_000).build();
            List<SimNode> members = new ArrayList<>();
            members.add(pushNode(f, "o1", config, true, got));
            members.add(pushNode(f, "o2", config, true, got));
            awaitSettled(f, members, "with two orderly members");
            SteadyProducer load = steady(f, producerNode, 2_000, 16, true);
            f.sim.runFor(8_000);
            members.add(pushNode(f, "o3", config, true, got));
            awaitSettled(f, members, "after o3 joined");
            f.sim.runFor(8_000);
            members.get(0).shutdown();
            awaitSettled(f, members, "after o1 left");
            f.awaitTrue(load::finished, 120_000, "the producer to finish");
            f.check(load.failed.isEmpty(), "sends failed: " + load.failed);
            f.awaitTrue(() -> got.distinctBodies().containsAll(load.acked), 120_000, "every message delivered");
            Map<String, List<Integer>> perKey = new TreeMap<>();
            got.all().forEach(d -> perKey.computeIfAbsent(d.body().split(":")[0], k -> new ArrayList<>())
                    .add(Integer.parseInt(d.body().split(":")[1])));
            perKey.forEach((key, seqs) -> {
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < seqs.size(); i++) {
                    expected.add(i);
                }
                f.check(seqs.equals(expected), "key " + key + " delivered out of order or twice: " + seqs);
            });
            assertThat(got.perConsumer().keySet()).containsExactly("o1", "o2", "o3");
        }
    }

    @Test
    void anOrderlyQueuePausesOnFailureAndRetriesTheSameMessageFirst() {
        try (ClientFixture f = new ClientFixture(18, "ClientSimTest#anOrderlyQueuePausesOnFailureAndRetriesTheSameMessageFirst")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            Deliveries got = new Deliveries();
            Set<String> failedOnce = new TreeSet<>();
            f.addClient("o", node -> {
                PushConsumer c = node.pushConsumer(fromFirst("SG").suspendCurrentQueueTimeMillis(500).build());
                c.subscribe(TOPIC, "*");
                c.registerMessageListener((MessageListenerOrderly) (msgs, ctx, done) -> {
                    msgs.forEach(m -> got.record("o", m, node.env().clock().nanoTime()));
                    String body = new String(msgs.get(0).getBody(), StandardCharsets.UTF_8);
                    boolean fail = body.endsWith("0") && failedOnce.add(body);
                    done.accept(fail ? ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT : ConsumeOrderlyStatus.SUCCESS);
                });
                c.start();
            });
            SteadyProducer load = steady(f, producerNode, 200, 8, true);
            f.awaitTrue(() -> load.finished() && got.distinctBodies().containsAll(load.acked), 60_000, "everything consumed");
            Map<String, List<Integer>> perKey = new TreeMap<>();
            Map<String, List<Integer>> retries = new TreeMap<>();
            got.all().forEach(d -> {
                String key = d.body().split(":")[0];
                perKey.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(d.body().split(":")[1]));
                retries.computeIfAbsent(key, k -> new ArrayList<>()).add(d.reconsumeTimes());
            });
            perKey.forEach((key, seqs) -> {
                List<Integer> distinctInOrder = new ArrayList<>();
                for (int i = 0; i < seqs.size(); i++) {
                    if (i > 0 && seqs.get(i).equals(seqs.get(i - 1))) {
                        f.check(retries.get(key).get(i) == retries.get(key).get(i - 1) + 1, "a retry counts up: " + key);
                        continue;
                    }
                    distinctInOrder.add(seqs.get(i));
                }
                f.check(distinctInOrder.equals(IntStream.range(0, distinctInOrder.size()).boxed().toList()),
                        "key " + key + " out of order: " + seqs);
            });
            assertThat(got.size()).isEqualTo(200 + failedOnce.size());
            assertThat(failedOnce).isNotEmpty();
        }
    }

    @Test
    void rejectedMessagesAreRetriedThenEndInTheDeadLetterQueue() {
        try (ClientFixture f = new ClientFixture(17, "ClientSimTest#rejectedMessagesAreRetriedThenEndInTheDeadLetterQueue")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            Deliveries got = new Deliveries();
            f.addClient("c", node -> {
                PushConsumer c = node.pushConsumer(fromFirst("DG").maxReconsumeTimes(2).build());
                c.subscribe(TOPIC, "*");
                c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx, done) -> {
                    msgs.forEach(m -> got.record("c", m, node.env().clock().nanoTime()));
                    boolean poison = msgs.stream().anyMatch(m -> m.getKeys() != null && m.getKeys().equals("k0"));
                    done.accept(poison ? ConsumeConcurrentlyStatus.RECONSUME_LATER : ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
                });
                c.start();
            });
            SteadyProducer load = steady(f, producerNode, 40, 4, false);
            f.awaitTrue(load::finished, 30_000, "40 sends");
            List<String> poison = load.acked.stream().filter(b -> b.contains("/k0:")).toList();
            f.awaitTrue(() -> poison.stream().allMatch(b -> got.all().stream().filter(d -> d.body().equals(b)).count() == 3),
                    180_000, "each poisoned message delivered three times (first try and two retries)");
            Deliveries dead = new Deliveries();
            f.addClient("dlq-reader", node -> {
                LitePullConsumer reader = node.litePullConsumer(LitePullConfig.of("DlqReader")
                        .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET));
                reader.subscribe("%DLQ%DG", "*");
                reader.start();
                pollInto(reader, node, dead);
            });
            f.awaitTrue(() -> dead.distinctBodies().containsAll(poison), 60_000, "every poisoned message in %DLQ%DG");
            f.sim.runFor(60_000);
            assertThat(dead.distinctBodies()).isEqualTo(new TreeSet<>(poison));
            for (String body : poison) {
                assertThat(got.all().stream().filter(d -> d.body().equals(body)).map(Deliveries.Delivery::reconsumeTimes))
                        .containsExactly(0, 1, 2);
            }
            assertThat(got.distinctBodies()).isEqualTo(load.acked);
        }
    }

    private static void pollInto(LitePullConsumer reader, ClientNode node, Deliveries into) {
        reader.poll(1_000, msgs -> {
            msgs.forEach(m -> into.record(node.env().nodeName(), m, node.env().clock().nanoTime()));
            pollInto(reader, node, into);
        });
    }

    /**
     * mqadmin resetOffsetByTime with the group online: each broker tells the push consumer
     * (RESET_CONSUMER_CLIENT_OFFSET), which rewinds and consumes again. Every reset threw in the client
     * before (the frame fuzzer's first client finding): its header was a record the decoder could not build.
     */
    @Test
    void aBrokersResetOffsetRewindsAnOnlinePushConsumer() {
        try (ClientFixture f = new ClientFixture(20, "ClientSimTest#aBrokersResetOffsetRewindsAnOnlinePushConsumer")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            Deliveries got = new Deliveries();
            pushNode(f, "c", fromFirst("RSG").build(), false, got);
            SteadyProducer load = steady(f, producerNode, 8, 4, false);
            f.awaitTrue(() -> load.finished() && got.size() == 8, 30_000, "eight messages consumed");
            f.sim.runFor(10_000); // the consumer commits its offsets (every 5 s), which a reset needs on the broker
            Set<String> brokers = new TreeSet<>();
            load.results.forEach(r -> brokers.add(r.messageQueue().brokerName()));
            for (String broker : brokers) {
                RemotingCommand r = f.call(f.cluster.brokerAddress(broker), RemotingCommand.request(
                        RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                        new ResetOffsetRequestHeader(TOPIC, "RSG", 0L, true)));
                assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
            }
            f.awaitTrue(() -> got.size() == 16, 30_000, "the eight messages consumed again after the reset");
        }
    }

    @Test
    void anAdminCanHaveAConsumerConsumeOneStoredMessageDirectly() {
        try (ClientFixture f = new ClientFixture(19, "ClientSimTest#anAdminCanHaveAConsumerConsumeOneStoredMessageDirectly")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            Deliveries got = new Deliveries();
            SimNode consumer = pushNode(f, "c", fromFirst("XG").build(), false, got);
            SteadyProducer load = steady(f, producerNode, 4, 4, false);
            f.awaitTrue(() -> load.finished() && got.size() == 4, 30_000, "four messages consumed");
            SendResult sent = load.results.get(0);
            RemotingCommand answer = f.call(f.cluster.brokerAddress(sent.messageQueue().brokerName()),
                    RemotingCommand.request(RequestCode.CONSUME_MESSAGE_DIRECTLY,
                            new ClientCallHeaders.ConsumeMessageDirectlyResultRequestHeader("XG",
                                    f.client(consumer).instance().clientId(), sent.offsetMsgId(), null)));
            assertThat(answer.code()).as(answer.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(new String(answer.bodyBytes(), StandardCharsets.UTF_8))
                    .contains("\"consumeResult\":\"CR_SUCCESS\"");
            assertThat(got.size()).isEqualTo(5);
            assertThat(got.all().get(4).body()).isEqualTo(got.all().stream().filter(d -> d.queueOffset()
                    == sent.queueOffset() && d.brokerName().equals(sent.messageQueue().brokerName())
                    && d.queueId() == sent.messageQueue().queueId()).findFirst().orElseThrow().body());
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
            String between = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(
                            f.client(producerNode).env().clock().nowMs() - 5_000));
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
