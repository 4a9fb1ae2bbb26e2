package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.Broker;
import io.petrel.broker.slave.SlaveSynchronize;
import io.petrel.common.BrokerData;
import io.petrel.common.ConsumeStats;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.Sabotage;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicRouteData;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin reads an operator of a master/slave cluster relies on, in simulation: broker-a (SYNC_MASTER)
 * with its slave and broker-b without one. clusterList lists the slave with id 1; brokerStatus shows
 * 4.9.8's names only ({@code slaveFallBehindMuch} on a master, nothing invented on a slave);
 * topicRoute, topicStatus and consumerProgress read the slave once its master is stopped, as
 * RocketMQ's {@code selectBrokerAddr} does.
 */
class AdminWithSlavesSimTest {

    private static final String CLUSTER = "DefaultCluster";
    private static final String TOPIC = "TopicHa";
    private static final String GROUP = "CG_HA";
    private static final String SLAVE = SimCluster.slaveNodeName("broker-a");

    private Simulator sim;
    private SimCluster cluster;
    private SimNode adminNode;

    @BeforeEach
    void setUp() {
        sim = new Simulator(1717);
        cluster = new SimCluster(sim);
        cluster.addNamesrv();
        Map<String, String> noAutoCreate = Map.of("autoCreateTopicEnable", "false", "autoCreateSubscriptionGroup", "false");
        cluster.addBroker("broker-a", Map.of("autoCreateTopicEnable", "false", "autoCreateSubscriptionGroup", "false",
                "brokerRole", "SYNC_MASTER"));
        cluster.addSlave("broker-a", noAutoCreate, Sabotage.none());
        cluster.addBroker("broker-b", noAutoCreate);
        adminNode = sim.addNode("admin", "10.0.9.9", env -> new AdminNode(env, cluster.namesrvAddresses(), 5_000));
        adminNode.start();
        cluster.awaitReady(30_000);
        assertThat(sim.runUntil(() -> broker("broker-a").haStreamingSlaves() == 1, 30_000)).as("slave streams").isTrue();
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private AdminClient admin() {
        return adminNode.nodeAs(AdminNode.class).admin();
    }

    private <T> T await(Promise<T> promise) {
        assertThat(sim.runUntil(promise::isDone, 60_000)).as("settled: " + promise).isTrue();
        if (!promise.isSucceeded()) {
            throw promise.error();
        }
        return promise.value();
    }

    private Broker broker(String node) {
        return cluster.broker(node).nodeAs(Broker.class);
    }

    private String address(String node) {
        return cluster.brokerAddress(node).toString();
    }

    /** TopicHa (2 queues per master) with {@code perQueue} messages in each queue of broker-a, and CG_HA. */
    private void topicWithMessages(int perQueue) {
        assertThat(await(admin().topics().createTopicOnCluster(CLUSTER, TopicConfig.of(TOPIC, 2, 2, 6))).allOk()).isTrue();
        await(admin().topics().createSubscriptionGroupOnCluster(CLUSTER, SubscriptionGroupConfig.defaults(GROUP)));
        sim.runFor(500);
        for (int q = 0; q < 2; q++) {
            for (int i = 0; i < perQueue; i++) {
                SendOutcome sent = await(admin().messages().send(new AdminSender.Request(TOPIC, "m" + q + i, null, null,
                        "broker-a", q)));
                assertThat(sent.sendStatus()).isEqualTo("SEND_OK");
            }
        }
    }

    /** Stops broker-a's master gracefully (it unregisters), then lets the NameServer answer without it. */
    private void stopMasterA() {
        cluster.broker("broker-a").shutdown();
        assertThat(sim.runUntil(() -> !cluster.broker("broker-a").isUp(), 30_000)).isTrue();
        sim.runFor(1_000);
    }

    /**
     * kill -9 of broker-a's master: the NameServer drops it when its connection closes, as
     * RocketMQ's BrokerHousekeepingService does, not only after the 120 s expiry.
     */
    private void killMasterA() {
        cluster.broker("broker-a").crash(CrashKind.PROCESS);
        assertThat(sim.runUntil(() -> await(admin().namesrv().route(TOPIC)).brokerDatas().stream()
                .noneMatch(d -> d.brokerAddrs().containsKey(0L) && d.brokerName().equals("broker-a")), 60_000))
                .as("the NameServer forgets the killed master").isTrue();
    }

    @Test
    void clusterListShowsTheSlaveWithBrokerIdOneAndItsRuntimeInfo() {
        ClusterListing listing = await(admin().cluster().clusterList());
        assertThat(listing.rows()).extracting(ClusterRow::brokerName, ClusterRow::brokerId, ClusterRow::address)
                .containsExactly(Tuple.tuple("broker-a", 0L, address("broker-a")),
                        Tuple.tuple("broker-a", 1L, address(SLAVE)),
                        Tuple.tuple("broker-b", 0L, address("broker-b")));
        assertThat(listing.rows()).allSatisfy(r -> assertThat(r.runtime().isOk()).isTrue());
    }

    @Test
    void brokerStatusShowsTheMastersFallBehindUnder498sNameAndNoInventedKeysOnTheSlave() {
        topicWithMessages(3);
        Map<String, String> master = await(admin().cluster().brokerStatus(address("broker-a")));
        assertThat(master).containsEntry("slaveFallBehindMuch", "0");
        Map<String, String> slave = await(admin().cluster().brokerStatus(address(SLAVE)));
        assertThat(slave).containsEntry("commitLogMaxOffset", master.get("commitLogMaxOffset"))
                .doesNotContainKeys("slaveFallBehindMuch", "haConnections", "haConnected", "masterAddr");
        Map<String, String> lonely = await(admin().cluster().brokerStatus(address("broker-b")));
        assertThat(lonely).as("no slave ever connected: 4.9.8 reports the whole log")
                .containsEntry("slaveFallBehindMuch", lonely.get("commitLogMaxOffset"));

        cluster.broker(SLAVE).shutdown();
        sim.runFor(5_000);
        Map<String, String> alone = await(admin().cluster().brokerStatus(address("broker-a")));
        assertThat(alone).as("no slave holds anything the master can prove")
                .containsEntry("slaveFallBehindMuch", alone.get("commitLogMaxOffset"));
    }

    @Test
    void topicRouteNamesTheSlaveBesideItsMasterAndOnlyTheSlaveOnceTheMasterStopped() {
        topicWithMessages(1);
        TopicRouteData route = await(admin().namesrv().route(TOPIC));
        BrokerData a = route.brokerDatas().stream().filter(d -> d.brokerName().equals("broker-a")).findFirst().orElseThrow();
        assertThat(a.brokerAddrs()).containsEntry(0L, address("broker-a")).containsEntry(1L, address(SLAVE));

        stopMasterA();
        TopicRouteData after = await(admin().namesrv().route(TOPIC));
        BrokerData aAfter = after.brokerDatas().stream().filter(d -> d.brokerName().equals("broker-a")).findFirst()
                .orElseThrow();
        assertThat(aAfter.brokerAddrs()).containsOnly(Map.entry(1L, address(SLAVE)));
        assertThat(after.queueDatas()).extracting(q -> q.brokerName()).contains("broker-a", "broker-b");
    }

    @Test
    void topicStatusReadsTheSlaveOnceTheMasterStopped() {
        topicWithMessages(3);
        sim.runFor(SlaveSynchronize.PERIOD_MS + 2_000);
        Map<MessageQueue, TopicOffset> before = await(admin().topics().topicStatus(TOPIC)).offsetTable();
        assertThat(before.get(new MessageQueue(TOPIC, "broker-a", 0)).maxOffset()).isEqualTo(3);

        stopMasterA();
        Map<MessageQueue, TopicOffset> after = await(admin().topics().topicStatus(TOPIC)).offsetTable();
        assertThat(after).containsKeys(new MessageQueue(TOPIC, "broker-a", 0), new MessageQueue(TOPIC, "broker-a", 1),
                new MessageQueue(TOPIC, "broker-b", 0), new MessageQueue(TOPIC, "broker-b", 1));
        assertThat(after.get(new MessageQueue(TOPIC, "broker-a", 0)).maxOffset()).as("from the slave").isEqualTo(3);
        assertThat(after.get(new MessageQueue(TOPIC, "broker-a", 1)).maxOffset()).isEqualTo(3);
    }

    @Test
    void consumerProgressReadsTheSlavesCopyOfTheOffsetsOnceTheMasterStopped() {
        consumerProgressWithMasterDown(this::stopMasterA);
    }

    @Test
    void consumerProgressAndTopicStatusReadTheSlaveOnceTheMasterWasKilled() {
        consumerProgressWithMasterDown(this::killMasterA);
        assertThat(await(admin().topics().topicStatus(TOPIC)).offsetTable().get(new MessageQueue(TOPIC, "broker-a", 1))
                .maxOffset()).isEqualTo(3);
    }

    private void consumerProgressWithMasterDown(Runnable masterDown) {
        topicWithMessages(3);
        SimNode consumer = sim.addNode("consumer", "10.0.0.31", env -> new FakeConsumer(env, "10.0.0.31@1", GROUP, TOPIC,
                List.of(cluster.brokerAddress("broker-a"), cluster.brokerAddress("broker-b")), List.of()));
        consumer.start();
        sim.runFor(2_000);
        MessageQueue q0 = new MessageQueue(TOPIC, "broker-a", 0);
        await(admin().broker().updateConsumerOffset(address("broker-a"), GROUP, q0, 2));
        sim.runFor(SlaveSynchronize.PERIOD_MS + 2_000);
        ConsumeStats before = await(admin().consumers().consumeStats(GROUP, TOPIC));
        assertThat(before.offsetTable().get(q0)).extracting(OffsetWrapper::brokerOffset, OffsetWrapper::consumerOffset)
                .containsExactly(3L, 2L);

        masterDown.run();
        ConsumeStats after = await(admin().consumers().consumeStats(GROUP, TOPIC));
        assertThat(after.offsetTable().get(q0)).as("the slave's copy").extracting(OffsetWrapper::brokerOffset,
                OffsetWrapper::consumerOffset).containsExactly(3L, 2L);
        assertThat(after.offsetTable()).containsKey(new MessageQueue(TOPIC, "broker-b", 0));
        consumer.shutdown();
    }
}
