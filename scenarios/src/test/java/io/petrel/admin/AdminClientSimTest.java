package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ClusterInfo;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.MessageQueue;
import io.petrel.common.PermName;
import io.petrel.common.QueueData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.common.TopicRouteData;
import io.petrel.common.TopicStatsTable;
import io.petrel.config.ConfigContext;
import io.petrel.env.Address;
import io.petrel.namesrv.NameServer;
import io.petrel.namesrv.NamesrvConfig;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin client against two real NameServers and two fixture brokers (real metadata
 * processors, canned store answers) in simulation: every request kind it sends, the operations
 * composed from them, fail-over, per-broker outcomes and the errors an operator sees.
 */
class AdminClientSimTest {

    static final Address NS1 = new Address("10.0.0.1", 9876);
    static final Address NS2 = new Address("10.0.0.2", 9876);
    static final String BROKER_A = "10.0.0.11:10911";
    static final String BROKER_B = "10.0.0.21:10911";
    static final String CLUSTER = "DefaultCluster";
    static final String CLIENT_ID = "10.0.0.31@4242#1700000000000";

    private Simulator sim;
    private SimNode ns1;
    private SimNode ns2;
    private SimNode brokerA;
    private SimNode brokerB;
    private SimNode adminNode;

    @BeforeEach
    void setUp() {
        sim = new Simulator(4711);
        ns1 = namesrv("ns1", NS1);
        ns2 = namesrv("ns2", NS2);
        List<Address> namesrvs = List.of(NS1, NS2);
        brokerA = sim.addNode("broker-a", "10.0.0.11", env -> new FixtureBroker(env, CLUSTER, "broker-a", BROKER_A, namesrvs, false));
        brokerB = sim.addNode("broker-b", "10.0.0.21", env -> new FixtureBroker(env, CLUSTER, "broker-b", BROKER_B, namesrvs, true));
        adminNode = sim.addNode("admin", "10.0.0.99", env -> new AdminNode(env, namesrvs, AdminClient.DEFAULT_TIMEOUT_MS));
        for (SimNode n : List.of(ns1, ns2, brokerA, brokerB, adminNode)) {
            n.start();
        }
        sim.runFor(1_000);
    }

    private SimNode namesrv(String name, Address address) {
        NamesrvConfig config = NamesrvConfig.from(NamesrvConfig.REGISTRY.bind(Map.of("bindAddress", address.host()),
                ConfigContext.of("/home/ns", address.host()), true));
        return sim.addNode(name, address.host(), env -> new NameServer(env, config));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private AdminClient admin() {
        return adminNode.nodeAs(AdminNode.class).admin();
    }

    private <T> T await(Promise<T> promise) {
        assertThat(sim.runUntil(promise::isDone, 120_000)).as("settled: " + promise).isTrue();
        if (!promise.isSucceeded()) {
            throw promise.error();
        }
        return promise.value();
    }

    private AdminException failure(Promise<?> promise) {
        assertThat(sim.runUntil(promise::isDone, 120_000)).as("settled: " + promise).isTrue();
        assertThat(promise.isSucceeded()).as("expected a failure, got " + promise).isFalse();
        return promise.error();
    }

    private FixtureBroker fixture(SimNode node) {
        return node.nodeAs(FixtureBroker.class);
    }

    @Test
    void readsClusterInfoTopicsAndRoutesAndNamesAMissingTopic() {
        ClusterInfo info = await(admin().namesrv().clusterInfo());
        assertThat(info.clusterAddrTable().get(CLUSTER)).containsExactlyInAnyOrder("broker-a", "broker-b");
        assertThat(await(admin().namesrv().allTopics()).topicList()).contains("TBW102", CLUSTER, "broker-a");
        TopicRouteData route = await(admin().namesrv().route("TBW102"));
        assertThat(route.queueDatas()).extracting(QueueData::brokerName).containsExactlyInAnyOrder("broker-a", "broker-b");

        AdminException missing = failure(admin().namesrv().route("NoSuchTopic"));
        assertThat(missing.kind()).isEqualTo(AdminException.Kind.TOPIC_NOT_EXIST);
        assertThat(missing.getMessage()).startsWith("topic NoSuchTopic does not exist");
    }

    @Test
    void failsOverToAnotherNameServerAndNamesEveryAddressWhenNoneAnswers() {
        ns1.crash(CrashKind.PROCESS);
        for (int i = 0; i < 3; i++) {
            assertThat(await(admin().namesrv().clusterInfo()).brokerAddrTable()).containsKeys("broker-a", "broker-b");
        }
        ns2.crash(CrashKind.PROCESS);
        AdminException none = failure(admin().namesrv().allTopics());
        assertThat(none.kind()).isEqualTo(AdminException.Kind.NAMESRV_UNREACHABLE);
        assertThat(none.getMessage()).startsWith("no NameServer reachable at 10.0.0.1:9876;10.0.0.2:9876");
    }

    @Test
    void withoutANameServerAddressNamesrvCallsFailAtOnceButBrokerCallsWork() {
        SimNode lone = sim.addNode("lone-admin", "10.0.0.98", env -> new AdminNode(env, List.of(), 5_000));
        lone.start();
        sim.runFor(10);
        AdminClient admin = lone.nodeAs(AdminNode.class).admin();
        assertThat(failure(admin.namesrv().clusterInfo()).kind()).isEqualTo(AdminException.Kind.NO_NAMESRV_ADDRESS);
        assertThat(await(admin.broker().runtimeInfo(BROKER_A))).containsEntry("brokerVersionDesc", "V4_9_8");
    }

    @Test
    void kvConfigIsWrittenToEveryNameServerAndReadBack() {
        List<PeerResult<Void>> put = await(admin().namesrv().kvPut("NS_TEST", "k1", "v1"));
        assertThat(put).extracting(PeerResult::peer).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
        assertThat(put).allMatch(PeerResult::isOk);
        assertThat(await(admin().namesrv().kvGet("NS_TEST", "k1"))).contains("v1");
        assertThat(await(admin().namesrv().kvList("NS_TEST"))).containsExactly(Map.entry("k1", "v1"));
        assertThat(await(admin().namesrv().kvDelete("NS_TEST", "k1"))).allMatch(PeerResult::isOk);
        assertThat(await(admin().namesrv().kvGet("NS_TEST", "k1"))).isEqualTo(Optional.empty());
        assertThat(await(admin().namesrv().kvList("NS_TEST"))).isEmpty();
    }

    @Test
    void updateTopicOnAClusterReachesEveryMasterTheRouteAndTheOrderConfig() {
        TopicConfig config = new TopicConfig("TopicOrder", 8, 8, 6, TopicFilterType.SINGLE_TAG, 0, true);
        TopicUpdateResult result = await(admin().topics().createTopicOnCluster(CLUSTER, config));
        assertThat(result.brokers()).extracting(PeerResult::peer).containsExactly(BROKER_A, BROKER_B);
        assertThat(result.allOk()).isTrue();
        assertThat(result.orderConf()).isEqualTo("broker-a:8;broker-b:8");
        assertThat(await(admin().namesrv().kvGet("ORDER_TOPIC_CONFIG", "TopicOrder"))).contains("broker-a:8;broker-b:8");
        sim.runFor(100);
        assertThat(await(admin().namesrv().route("TopicOrder")).queueDatas())
                .allSatisfy(q -> assertThat(q.writeQueueNums()).isEqualTo(8)).hasSize(2);
    }

    @Test
    void updateTopicOnOneBrokerMergesItIntoAnExistingOrderConfig() {
        await(admin().namesrv().kvPut("ORDER_TOPIC_CONFIG", "TopicO", "broker-b:4"));
        TopicConfig config = new TopicConfig("TopicO", 2, 2, 6, TopicFilterType.SINGLE_TAG, 0, true);
        TopicUpdateResult result = await(admin().topics().createTopicOnBroker(BROKER_A, config));
        assertThat(result.orderConf()).isEqualTo("broker-b:4;broker-a:2");
        assertThat(fixture(brokerA).topics.get("TopicO").writeQueueNums()).isEqualTo(2);
    }

    @Test
    void aBrokerCutOffFromTheAdminIsReportedWhileTheOtherIsUpdated() {
        sim.network().partition(List.of("10.0.0.99"), List.of("10.0.0.21"), LinkMode.BLACKHOLE);
        TopicUpdateResult result = await(admin().topics().createTopicOnCluster(CLUSTER, TopicConfig.of("TopicP", 4, 4, 6)));
        assertThat(result.brokers().get(0).isOk()).isTrue();
        PeerResult<Void> b = result.brokers().get(1);
        assertThat(b.peer()).isEqualTo(BROKER_B);
        assertThat(b.error().kind()).isEqualTo(AdminException.Kind.BROKER_UNREACHABLE);
        assertThat(b.error().getMessage()).startsWith("cannot connect to broker " + BROKER_B);
        assertThat(fixture(brokerA).topics.contains("TopicP")).isTrue();
        assertThat(fixture(brokerB).topics.contains("TopicP")).isFalse();
    }

    @Test
    void brokerRefusalsCarryTheCodeAndRemarkAndInvalidNamesAreNeverSent() {
        AdminException refused = failure(admin().broker().createTopic(BROKER_A, TopicConfig.of("SCHEDULE_TOPIC_XXXX", 1, 1, 6)));
        assertThat(refused.kind()).isEqualTo(AdminException.Kind.REMOTE_ERROR);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.getMessage()).isEqualTo("broker " + BROKER_A + " answered UPDATE_AND_CREATE_TOPIC(17) with "
                + "SYSTEM_ERROR(1): The topic[SCHEDULE_TOPIC_XXXX] is conflict with system topic.");
        AdminException invalid = failure(admin().topics().createTopicOnCluster(CLUSTER, TopicConfig.of("bad topic", 1, 1, 6)));
        assertThat(invalid.kind()).isEqualTo(AdminException.Kind.INVALID_ARGUMENT);
        assertThat(invalid.getMessage()).startsWith("invalid topic name 'bad topic'");
        AdminException noCluster = failure(admin().topics().createTopicOnCluster("NoCluster", TopicConfig.of("T", 1, 1, 6)));
        assertThat(noCluster.getMessage()).isEqualTo("cluster NoCluster not found; the NameServer knows cluster(s) " + CLUSTER);
    }

    @Test
    void deleteTopicRemovesItFromEveryMasterAndEveryNameServer() {
        await(admin().topics().createTopicOnCluster(CLUSTER, TopicConfig.of("TopicGone", 4, 4, 6)));
        sim.runFor(100);
        TopicDeleteResult result = await(admin().topics().deleteTopic(CLUSTER, "TopicGone"));
        assertThat(result.brokers()).extracting(PeerResult::peer).containsExactly(BROKER_A, BROKER_B);
        assertThat(result.namesrvs()).extracting(PeerResult::peer).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
        assertThat(result.allOk()).isTrue();
        assertThat(fixture(brokerA).topics.contains("TopicGone")).isFalse();
        assertThat(failure(admin().namesrv().route("TopicGone")).kind()).isEqualTo(AdminException.Kind.TOPIC_NOT_EXIST);
    }

    @Test
    void subscriptionGroupsAreCreatedOnEveryMasterAndDeletedWithTheirRetryTopics() {
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("CG_RUNBOOK", true, false, false, 1, 1, 0, 1, true);
        assertThat(await(admin().topics().createSubscriptionGroupOnCluster(CLUSTER, group))).allMatch(PeerResult::isOk);
        assertThat(fixture(brokerB).groups.get("CG_RUNBOOK").retryMaxTimes()).isEqualTo(1);
        GroupDeleteResult deleted = await(admin().topics().deleteSubscriptionGroupOnCluster(CLUSTER, "CG_RUNBOOK", true));
        assertThat(deleted.allOk()).isTrue();
        assertThat(deleted.retryTopic().value().topic()).isEqualTo("%RETRY%CG_RUNBOOK");
        assertThat(deleted.dlqTopic().value().topic()).isEqualTo("%DLQ%CG_RUNBOOK");
        assertThat(fixture(brokerA).groups.get("CG_RUNBOOK")).isNull();
    }

    @Test
    void topicStatusMergesEveryBrokersObjectKeyedStats() {
        await(admin().topics().createTopicOnCluster(CLUSTER, TopicConfig.of("TopicS", 4, 4, 6)));
        sim.runFor(100);
        TopicStatsTable stats = await(admin().topics().topicStatus("TopicS"));
        assertThat(stats.offsetTable()).hasSize(8);
        assertThat(stats.offsetTable().get(new MessageQueue("TopicS", "broker-b", 3)).maxOffset()).isEqualTo(13);
        assertThat(await(admin().topics().topicClusters("TopicS"))).containsExactly(CLUSTER);
    }

    @Test
    void consumerConnectionsStatusProgressAndOffsetsOfAGroupWithOneClient() {
        startConsumer("CG", "TopicC");
        await(admin().broker().updateConsumerOffset(BROKER_A, "CG", new MessageQueue("TopicC", "broker-a", 0), 7));
        ConsumerConnection cc = await(admin().consumers().consumerConnection("CG"));
        assertThat(cc.connectionSet()).extracting(c -> c.clientId()).containsExactly(CLIENT_ID);

        ConsumeStats stats = await(admin().consumers().consumeStats("CG", null));
        assertThat(stats.offsetTable().get(new MessageQueue("TopicC", "broker-a", 0)).consumerOffset()).isEqualTo(7);
        assertThat(stats.totalDiff()).isEqualTo(3);

        ConsumerStatusReport report = await(admin().consumers().consumerStatus("CG", null, false));
        assertThat(report.runningInfo().get(CLIENT_ID).value().mqTable()).containsKey(new MessageQueue("TopicC", "broker-a", 0));
        assertThat(await(admin().consumers().queueOwners("CG"))).containsEntry(new MessageQueue("TopicC", "broker-b", 1), "10.0.0.31");

        List<GroupProgress> all = await(admin().consumers().progressOfAllGroups());
        assertThat(all).filteredOn(g -> g.group().equals("CG")).singleElement()
                .satisfies(g -> assertThat(g.count()).isEqualTo(1)).satisfies(g -> assertThat(g.diffTotal()).isEqualTo(3));
    }

    @Test
    void getConsumerStatusUsesTheBrokerRequestOrFallsBackToRunningInfoAndFiltersByIp() {
        startConsumer("CG", "TopicC");
        ConsumerOffsetsReport viaRunningInfo = await(admin().consumers().consumerOffsets("TopicC", "CG", "10.0.0.31"));
        assertThat(viaRunningInfo.source()).isEqualTo(ConsumerOffsetsReport.Source.RUNNING_INFO);
        assertThat(viaRunningInfo.offsets().get(CLIENT_ID)).containsEntry(new MessageQueue("TopicC", "broker-a", 0), 5L);

        await(admin().broker().createTopic(BROKER_B, TopicConfig.of("TopicOnlyB", 2, 2, 6)));
        sim.runFor(100);
        ConsumerOffsetsReport viaBroker = await(admin().consumers().consumerOffsets("TopicOnlyB", "CG", CLIENT_ID));
        assertThat(viaBroker.source()).isEqualTo(ConsumerOffsetsReport.Source.CONSUMER_STATUS);
        assertThat(viaBroker.offsets()).containsOnlyKeys(CLIENT_ID);
        assertThat(await(admin().consumers().consumerOffsets("TopicOnlyB", "CG", "10.9.9.9")).offsets()).isEmpty();
    }

    @Test
    void resetOffsetByTimeTellsOnlineConsumersOrWritesOfflineGroupsOffsets() {
        startConsumer("CG", "TopicC");
        ResetOffsetResult online = await(admin().resetOffsetByTime("TopicC", "CG", -1, true));
        assertThat(online.offline()).isNull();
        assertThat(online.online()).containsEntry(new MessageQueue("TopicC", "broker-b", 3), 13L);

        await(admin().broker().updateConsumerOffset(BROKER_A, "CG_OFF", new MessageQueue("TopicC", "broker-a", 1), 9));
        ResetOffsetResult offline = await(admin().resetOffsetByTime("TopicC", "CG_OFF", 1_000, false));
        assertThat(offline.online()).isNull();
        assertThat(offline.offline()).contains(new RollbackStats("broker-a", 1, 11, 9, FixtureBroker.SEARCHED_OFFSET,
                FixtureBroker.SEARCHED_OFFSET));
        assertThat(fixture(brokerA).offsets.query("CG_OFF", "TopicC", 1)).isEqualTo(FixtureBroker.SEARCHED_OFFSET);
    }

    @Test
    void clusterListReadsEveryAddressAndBrokerConfigCanBeReadAndChanged() {
        ClusterListing listing = await(admin().cluster().clusterList());
        assertThat(listing.rows()).extracting(ClusterRow::address).containsExactly(BROKER_A, BROKER_B);
        assertThat(listing.rows().get(0).runtime().value()).containsEntry("putTps", "12.50 11.98 10.01");

        assertThat(await(admin().cluster().updateBrokerConfigOfCluster(CLUSTER, "flushDiskType", "SYNC_FLUSH")))
                .allMatch(PeerResult::isOk);
        List<BrokerConfigSection> sections = await(admin().cluster().brokerConfigOfCluster(CLUSTER));
        assertThat(sections).extracting(BrokerConfigSection::address).containsExactly(BROKER_A, BROKER_B);
        assertThat(sections.get(1).config().value()).containsEntry("flushDiskType", "SYNC_FLUSH");
    }

    @Test
    void wipeAndAddWritePermissionOnEveryNameServer() {
        List<PeerResult<Integer>> wiped = await(admin().namesrv().wipeWritePerm("broker-a"));
        assertThat(wiped).extracting(PeerResult::peer).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
        assertThat(wiped.get(0).value()).isPositive();
        assertThat(await(admin().namesrv().route("TBW102")).queueDatas()).filteredOn(q -> q.brokerName().equals("broker-a"))
                .allSatisfy(q -> assertThat(PermName.isWriteable(q.perm())).isFalse());
        assertThat(await(admin().namesrv().addWritePerm("broker-a"))).allMatch(r -> r.isOk() && r.value() > 0);
    }

    private void startConsumer(String group, String topic) {
        await(admin().topics().createTopicOnCluster(CLUSTER, TopicConfig.of(topic, 4, 4, 6)));
        List<MessageQueue> owned = List.of(new MessageQueue(topic, "broker-a", 0), new MessageQueue(topic, "broker-b", 1));
        SimNode consumer = sim.addNode("consumer", "10.0.0.31", env -> new FakeConsumer(env, CLIENT_ID, group, topic,
                List.of(Address.parse(BROKER_A), Address.parse(BROKER_B)), owned));
        consumer.start();
        sim.runFor(10);
        assertThat(sim.runUntil(() -> consumer.nodeAs(FakeConsumer.class).heartbeatsAnswered == 2, 10_000)).isTrue();
        sim.runFor(100);
    }
}
