package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.namesrv.NameServer;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimDisk;
import io.petrel.sim.SimNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broker holding thousands of queues (issue 20; 2,400 here, in topics of 8 as bin/bench queues
 * makes them, to keep the simulation short): a queue never written has no directory or file, and
 * after a graceful stop, a process crash or a power loss the broker starts again, every written
 * queue keeps its message and takes the next at the next offset, and the NameServer routes every
 * topic again.
 */
class ManyQueuesRestartSimTest {

    private static final String BROKER = "broker-a";
    private static final int TOPICS = 300;
    private static final int WRITTEN_TOPICS = 250;
    private static final int QUEUES = 8;
    private static final String CQ_ROOT = "/store/consumequeue";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    /** How the broker goes down. */
    enum Stop { GRACEFUL, PROCESS_CRASH, POWER_LOSS }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void aBrokerOfThousandsOfQueuesStartsAgainAndServesEveryQueue(Stop stop) {
        f = BrokerFixture.start(2101 + stop.ordinal(), Map.of(), BROKER);
        for (int t = 0; t < TOPICS; t++) {
            f.createTopic(BROKER, topic(t), QUEUES);
        }
        for (int t = 0; t < WRITTEN_TOPICS; t++) {
            for (int q = 0; q < QUEUES; q++) {
                f.send(BROKER, topic(t), q, "m" + t + "-" + q, Map.of());
            }
        }
        // Long enough for the flush rounds and topics.json, so a power loss keeps what was acknowledged.
        f.sim().runFor(15_000);
        SimDisk disk = f.cluster().broker(BROKER).disk();
        assertThat(disk.list(CQ_ROOT)).as("only written queues have files").filteredOn(n -> n.startsWith("Q"))
                .hasSize(WRITTEN_TOPICS).doesNotContain(topic(WRITTEN_TOPICS), topic(TOPICS - 1));

        restart(stop);

        for (int t = 0; t < WRITTEN_TOPICS; t += 7) {
            for (int q = 0; q < QUEUES; q++) {
                assertThat(f.maxOffset(BROKER, topic(t), q)).as("%s/%d after %s", topic(t), q, stop).isEqualTo(1L);
                SendMessageResponseHeader next = f.send(BROKER, topic(t), q, "after", Map.of());
                assertThat(next.queueOffset()).isEqualTo(1L);
            }
        }
        f.send(BROKER, topic(TOPICS - 1), 3, "first", Map.of());
        assertThat(f.maxOffset(BROKER, topic(TOPICS - 1), 3)).isEqualTo(1L);
        assertThat(disk.list(CQ_ROOT + "/" + topic(TOPICS - 1))).containsExactly("3");
        f.sim().runFor(11_000);
        NameServer namesrv = f.cluster().namesrvs().get(0).nodeAs(NameServer.class);
        for (int t = 0; t < TOPICS; t++) {
            assertThat(namesrv.routes().route(topic(t), null)).as("route of %s", topic(t)).isNotNull();
        }
    }

    private void restart(Stop stop) {
        SimNode broker = f.cluster().broker(BROKER);
        switch (stop) {
            case GRACEFUL -> {
                broker.shutdown();
                f.sim().runFor(10_000);
            }
            case PROCESS_CRASH -> broker.crash(CrashKind.PROCESS);
            case POWER_LOSS -> broker.crash(CrashKind.POWER_LOSS);
        }
        broker.restart();
        f.cluster().awaitReady(60_000);
    }

    private static String topic(int t) {
        return "Q" + t;
    }
}
