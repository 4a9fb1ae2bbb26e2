package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.Sabotage;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * COMMIT_OFFSET_BEFORE_PROCESSING changes what a push consumer commits, and so what a crash costs:
 * the same steps run without and with the switch. A consumer pulls every message, its listener
 * never answers, it crashes after an offset commit, and its restarted process consumes what the
 * group's committed offsets leave it.
 */
class ClientSabotageSimTest {

    private static final String TOPIC = "SabotageTopic";

    /** What the run observed: offsets held in memory before the crash, bodies consumed after it. */
    private record Outcome(long committedBeforeCrash, List<String> consumedAfterRestart) {
    }

    private static Outcome crashWithEverythingUnconsumed(Set<Sabotage> sabotage) {
        try (ClientFixture f = new ClientFixture(51, "ClientSabotageSimTest")) {
            f.createTopic(TOPIC, 4);
            SimNode producerNode = f.addClient("producer", node -> node.startProducer(ProducerConfig.of("PG")));
            ClientNode producer = f.client(producerNode);
            SteadyProducer load = new SteadyProducer(producer, producer.producers().get(0), TOPIC, 16, 4, 0, false);
            load.start();
            f.awaitTrue(load::finished, 60_000, "the producer to finish");
            List<String> consumed = new ArrayList<>();
            int[] starts = {0};
            SimNode c1 = f.cluster.addClient("c1", sabotage, node -> {
                boolean answers = ++starts[0] > 1;
                PushConsumer c = node.pushConsumer(ConsumerConfig.builder("CG")
                        .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
                c.subscribe(TOPIC, "*");
                c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx, done) -> {
                    if (answers) {
                        msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                        done.accept(ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
                    }
                });
                c.start();
            });
            f.awaitTrue(() -> c1.node() != null && ClientSimTest.push(f, c1).cachedMessages() == 16, 60_000,
                    "c1 to pull every message");
            long committed = 0;
            for (var mq : ClientSimTest.push(f, c1).ownedQueues()) {
                committed += Math.max(0, ClientSimTest.push(f, c1).committedOffset(mq));
            }
            f.sim.runFor(10_000);
            c1.crash(CrashKind.PROCESS);
            f.start(c1);
            f.sim.runFor(30_000);
            return new Outcome(committed, consumed);
        }
    }

    @Test
    void commitOffsetBeforeProcessingLosesPulledMessagesToACrash() {
        Outcome honest = crashWithEverythingUnconsumed(Sabotage.none());
        assertThat(honest.committedBeforeCrash()).as("nothing consumed, nothing committed").isZero();
        assertThat(honest.consumedAfterRestart()).as("every message comes again after the crash").hasSize(16);
        Outcome sabotaged = crashWithEverythingUnconsumed(EnumSet.of(Sabotage.COMMIT_OFFSET_BEFORE_PROCESSING));
        assertThat(sabotaged.committedBeforeCrash()).as("committed as soon as pulled").isEqualTo(16);
        assertThat(sabotaged.consumedAfterRestart()).as("lost with the crashed process").isEmpty();
    }
}
