package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.MessageQueue;
import io.petrel.sim.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Petrel's lite pull consumer in simulation: subscribe and assign, poll, seek, commit. */
class LitePullSimTest {

    private static final String TOPIC = "ClientTopic";

    /** Keeps polling while running and records everything polled. */
    private static void pollForever(LitePullConsumer consumer, String name, ClientNode node, Deliveries got) {
        consumer.poll(1_000, messages -> {
            messages.forEach(m -> got.record(name, m, node.env().clock().nanoTime()));
            if (!consumer.isStopped()) {
                pollForever(consumer, name, node, got);
            }
        });
    }

    private static SimNode liteNode(ClientFixture f, String name, LitePullConfig config, Deliveries got) {
        return f.addClient(name, node -> {
            LitePullConsumer c = node.litePullConsumer(config);
            c.subscribe(TOPIC, "*");
            c.start();
            pollForever(c, name, node, got);
        });
    }

    private static LitePullConsumer lite(ClientFixture f, SimNode node) {
        return f.client(node).litePullConsumers().get(0);
    }

    private static SteadyProducer produce(ClientFixture f, SimNode producerNode, int count) {
        ClientNode node = f.client(producerNode);
        SteadyProducer p = new SteadyProducer(node, node.producers().get(0), TOPIC, count, 4, 10, false);
        p.start();
        f.awaitTrue(p::finished, 60_000, count + " sends");
        f.check(p.failed.isEmpty(), "sends failed: " + p.failed);
        return p;
    }

    @Test
    void subscribedLitePullConsumersShareTheQueuesAndResumeFromCommittedOffsets() {
        try (ClientFixture f = new ClientFixture(21,
                "LitePullSimTest#subscribedLitePullConsumersShareTheQueuesAndResumeFromCommittedOffsets")) {
            f.createTopic(TOPIC, 4);
            Deliveries got = new Deliveries();
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            LitePullConfig config = LitePullConfig.of("LG").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            SimNode l1 = liteNode(f, "l1", config, got);
            SimNode l2 = liteNode(f, "l2", config, got);
            f.awaitTrue(() -> lite(f, l1).assignment().size() == 4 && lite(f, l2).assignment().size() == 4, 60_000,
                    "each lite consumer to read four queues");
            assertThat(new TreeSet<MessageQueue>() {{
                    addAll(lite(f, l1).assignment());
                    addAll(lite(f, l2).assignment());
                }}).hasSize(8);
            SteadyProducer first = produce(f, producerNode, 200);
            f.awaitTrue(() -> got.distinctBodies().containsAll(first.acked), 60_000, "all 200 polled");
            assertThat(got.duplicates()).isEmpty();
            assertThat(got.perConsumer()).containsOnlyKeys("l1", "l2");
            f.sim.runFor(12_000);
            l1.shutdown();
            l2.shutdown();
            f.awaitTrue(() -> !l1.isUp() && !l2.isUp(), 10_000, "both to stop");
            SteadyProducer second = produce(f, producerNode, 40);
            int before = got.size();
            f.start(l1);
            f.awaitTrue(() -> got.size() >= before + 40, 60_000, "l1 alone to poll the 40 new messages");
            f.sim.runFor(5_000);
            assertThat(got.all().subList(before, got.size())).extracting(Deliveries.Delivery::body)
                    .containsExactlyInAnyOrderElementsOf(second.acked);
        }
    }

    @Test
    void assignedQueuesSeekAndManualCommit() {
        try (ClientFixture f = new ClientFixture(22, "LitePullSimTest#assignedQueuesSeekAndManualCommit")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            produce(f, producerNode, 80);
            MessageQueue q0 = new MessageQueue(TOPIC, "broker-a", 0);
            Deliveries got = new Deliveries();
            LitePullConfig config = LitePullConfig.of("AG").withAutoCommit(false)
                    .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            SimNode reader = f.addClient("reader", node -> {
                LitePullConsumer c = node.litePullConsumer(config);
                c.assign(List.of(q0));
                c.start();
                pollForever(c, "reader", node, got);
            });
            f.awaitTrue(() -> got.size() == 10, 30_000, "the ten messages of broker-a queue 0");
            assertThat(got.all()).extracting(Deliveries.Delivery::queueOffset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            List<ClientException> seekAnswers = new ArrayList<>();
            lite(f, reader).seek(q0, 6, seekAnswers::add);
            f.awaitTrue(() -> got.size() == 14, 30_000, "offsets 6..9 again after the seek");
            assertThat(seekAnswers).containsExactly((ClientException) null);
            assertThat(got.all().subList(10, 14)).extracting(Deliveries.Delivery::queueOffset).containsExactly(6L, 7L, 8L, 9L);
            lite(f, reader).seek(q0, 11, seekAnswers::add);
            f.awaitTrue(() -> seekAnswers.size() == 2, 10_000, "the answer to a seek past the end");
            assertThat(seekAnswers.get(1)).hasMessageContaining("Seek offset illegal, seek offset = 11");
            lite(f, reader).seek(new MessageQueue(TOPIC, "broker-b", 0), 0, seekAnswers::add);
            f.awaitTrue(() -> seekAnswers.size() == 3, 10_000, "the answer to a seek on a queue not assigned");
            assertThat(seekAnswers.get(2)).hasMessageContaining("not in assigned list");
            long[] committed = {-99};
            lite(f, reader).committed(q0, offset -> committed[0] = offset);
            f.awaitTrue(() -> committed[0] != -99, 10_000, "the committed offset");
            assertThat(committed[0]).as("nothing committed without commitSync").isEqualTo(0);
            boolean[] done = {false};
            lite(f, reader).commitSync(() -> done[0] = true);
            f.awaitTrue(() -> done[0], 10_000, "commitSync");
            f.sim.runFor(1_000);
            committed[0] = -99;
            lite(f, reader).committed(q0, offset -> committed[0] = offset);
            f.awaitTrue(() -> committed[0] != -99, 10_000, "the committed offset after commitSync");
            assertThat(committed[0]).isEqualTo(10);
        }
    }

    /**
     * Found by fuzz6-85001: a member given queues whose messages it may not see (there: deleted by
     * retention; here: filtered by tag) moved its pull offset past them but, having polled nothing from
     * those queues, committed nothing, and the group's lag stayed for ever. The progress now follows
     * the pull offset while nothing polled is outstanding, before the first poll too.
     */
    @Test
    void aQueueWhoseMessagesTheBrokerSkipsIsCommittedPastThemBeforeAnythingIsPolled() {
        try (ClientFixture f = new ClientFixture(23,
                "LitePullSimTest#aQueueWhoseMessagesTheBrokerSkipsIsCommittedPastThemBeforeAnythingIsPolled")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            produce(f, producerNode, 80);
            Deliveries got = new Deliveries();
            LitePullConfig config = LitePullConfig.of("TG").withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            SimNode reader = f.addClient("reader", node -> {
                LitePullConsumer c = node.litePullConsumer(config);
                c.subscribe(TOPIC, "NoMessageHasThisTag");
                c.start();
                pollForever(c, "reader", node, got);
            });
            f.awaitTrue(() -> lite(f, reader).assignment().size() == 8, 60_000, "the reader to hold all eight queues");
            f.sim.runFor(15_000);
            assertThat(got.size()).as("every message is filtered out").isZero();
            for (MessageQueue q : lite(f, reader).assignment()) {
                long[] committed = {-99};
                lite(f, reader).committed(q, offset -> committed[0] = offset);
                f.awaitTrue(() -> committed[0] != -99, 10_000, "the committed offset of " + q);
                assertThat(committed[0]).as("committed offset of %s", q).isEqualTo(10);
            }
        }
    }
}
