package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.admin.ConsumeStats;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.body.ProducerTableInfo;
import org.apache.rocketmq.common.protocol.body.QueueTimeSpan;
import org.apache.rocketmq.common.protocol.body.TopicList;
import org.apache.rocketmq.common.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 {@code mqadmin} run as a process, and the official client's admin API, against
 * the requests issue 21 added: brokerConsumeStats (317), cloneGroupOffset (314), queryCq (321),
 * cleanExpiredCQ (306), deleteExpiredCommitLog (329), cleanUnusedTopic (316), getNamesrvConfig and
 * updateNamesrvConfig (319, 318), and the API calls behind 303, 305, 308 and 328. One Petrel
 * NameServer and master; a topic with messages on queue 0 and a group with a committed offset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
@Tag("official-client")
class StoreAdminCompatibilityTest {

    private static final String TOPIC = "OpsT";

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static OfficialMqadmin mqadmin;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;
    private static String ns;
    private static String addr;
    private static String group;
    private static String producerGroup;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir.resolve("cluster")).addBroker("broker-a", Map.of());
        ns = cluster.namesrvAddr();
        addr = cluster.brokerAddr("broker-a");
        mqadmin = new OfficialMqadmin(dir.resolve("mqadmin-home"));
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(ns);
        admin.setInstanceName(FeatureCompatibilityTest.unique("ops-admin"));
        admin.start();
        admin.createAndUpdateTopicConfig(addr, new TopicConfig(TOPIC, 2, 2, 6));
        group = FeatureCompatibilityTest.unique("OpsCG");
        SubscriptionGroupConfig g = new SubscriptionGroupConfig();
        g.setGroupName(group);
        admin.createAndUpdateSubscriptionGroupConfig(addr, g);
        // mqadmin cloneGroupOffset reads the group's progress, which starts from its retry topic's route.
        admin.createAndUpdateTopicConfig(addr, new TopicConfig("%RETRY%" + group, 1, 1, 6));
        producerGroup = FeatureCompatibilityTest.unique("OpsPG");
        producer = new DefaultMQProducer(producerGroup);
        producer.setNamesrvAddr(ns);
        producer.setInstanceName(FeatureCompatibilityTest.unique("ops-producer"));
        producer.start();
        MessageQueue q0 = new MessageQueue(TOPIC, "broker-a", 0);
        for (int i = 0; i < 3; i++) {
            producer.send(new Message(TOPIC, "TagA", ("m" + i).getBytes(StandardCharsets.UTF_8)), q0);
        }
        admin.updateConsumeOffset(addr, group, q0, 1);
    }

    @AfterAll
    static void stop() {
        producer.shutdown();
        admin.shutdown();
        cluster.close();
    }

    private static MQClientAPIImpl api() {
        return producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin brokerConsumeStats", kind = Compat.Kind.MQADMIN)
    void brokerConsumeStatsShowsTheGroupsDiffPerQueue() throws Exception {
        String out = mqadmin.ok("brokerConsumeStats", "-n", ns, "-b", addr);
        assertThat(out.lines().findFirst().orElseThrow()).startsWith("#Topic").contains("#Group", "#Diff", "#LastTime");
        List<String> rows = out.lines().filter(l -> l.startsWith(TOPIC) && l.contains(group)).toList();
        assertThat(rows).as("mqadmin prints only queues with a consumed message").hasSize(1);
        assertThat(rows.get(0).trim().split("\\s+")).startsWith(TOPIC, group, "broker-a", "0", "3", "1", "2");
        assertThat(out).contains("Diff Total: 2").doesNotContain("Exception");
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin queryCq", kind = Compat.Kind.MQADMIN)
    void queryCqPrintsTheRawEntries() throws Exception {
        String out = mqadmin.ok("queryCq", "-n", ns, "-t", TOPIC, "-q", "0", "-i", "1", "-c", "5", "-b", addr);
        assertThat(out).contains("Queue data: \nmax: 3, min: 0", "idx: 1", "idx: 2", "ConsumeQueueData{physicOffset=")
                .doesNotContain("idx: 3", "Exception");
    }

    /** The official mqadmin command copies through GET_CONSUME_STATS and UPDATE_CONSUMER_OFFSET, not 314. */
    @Test
    @Order(2)
    @Compat(value = "mqadmin cloneGroupOffset", kind = Compat.Kind.MQADMIN)
    void cloneGroupOffsetCopiesTheOffsets() throws Exception {
        String dest = FeatureCompatibilityTest.unique("OpsClone");
        String out = mqadmin.ok("cloneGroupOffset", "-n", ns, "-s", group, "-d", dest, "-t", TOPIC, "-o", "true");
        assertThat(out).contains("clone group offset success. srcGroup[" + group + "], destGroup=[" + dest + "]");
        Map<Integer, Long> cloned = cluster.onBroker("broker-a", b -> b.offsets().offsets(dest, TOPIC));
        assertThat(cloned).containsEntry(0, 1L);
    }

    @Test
    @Order(2)
    @Compat(value = "admin API cloneGroupOffset (314)", kind = Compat.Kind.CLIENT)
    void cloneGroupOffsetThroughTheAdminApi() throws Exception {
        String dest = FeatureCompatibilityTest.unique("OpsApiClone");
        admin.cloneGroupOffset(group, dest, TOPIC, true);
        Map<Integer, Long> cloned = cluster.onBroker("broker-a", b -> b.offsets().offsets(dest, TOPIC));
        assertThat(cloned).containsExactly(Map.entry(0, 1L));
    }

    @Test
    @Order(2)
    @Compat(value = "mqadmin cleanUnusedTopic", kind = Compat.Kind.MQADMIN)
    void cleanUnusedTopicDestroysQueuesOfATopicTheTableLost() throws Exception {
        String lost = FeatureCompatibilityTest.unique("LostT");
        admin.createAndUpdateTopicConfig(addr, new TopicConfig(lost, 1, 1, 6));
        producer.send(new Message(lost, "x".getBytes(StandardCharsets.UTF_8)), new MessageQueue(lost, "broker-a", 0));
        cluster.onBroker("broker-a", b -> b.topics().delete(lost));
        assertThat(mqadmin.ok("cleanUnusedTopic", "-n", ns, "-b", addr)).contains("success").doesNotContain("false");
        boolean gone = cluster.onBroker("broker-a", b -> b.store().consumeQueueKeys().stream()
                .noneMatch(q -> q.topic().equals(lost)));
        assertThat(gone).isTrue();
    }

    @Test
    @Order(3)
    @Compat(value = "mqadmin cleanExpiredCQ", kind = Compat.Kind.MQADMIN)
    @Compat(value = "mqadmin deleteExpiredCommitLog", kind = Compat.Kind.MQADMIN)
    void cleanExpiredCqAndDeleteExpiredCommitLogSucceedAndKeepLiveMessages() throws Exception {
        assertThat(mqadmin.ok("cleanExpiredCQ", "-n", ns, "-b", addr)).contains("success").doesNotContain("false");
        assertThat(mqadmin.ok("deleteExpiredCommitLog", "-n", ns, "-b", addr)).contains("success")
                .doesNotContain("false");
        long max = cluster.onBroker("broker-a", b -> b.store().getMaxOffsetInQueue(TOPIC, 0));
        assertThat(max).as("nothing has expired yet").isEqualTo(3);
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin getNamesrvConfig", kind = Compat.Kind.MQADMIN)
    @Compat(value = "mqadmin updateNamesrvConfig", kind = Compat.Kind.MQADMIN)
    void updateNamesrvConfigChangesAnAllowedKeyAndRefusesAPathKey() throws Exception {
        String out = mqadmin.ok("updateNamesrvConfig", "-n", ns, "-k", "productEnvName", "-v", "ops");
        assertThat(out).contains("update name server config success!");
        assertThat(mqadmin.ok("getNamesrvConfig", "-n", ns)).contains("============" + ns + "============")
                .containsPattern("productEnvName\\s+=  ops");
        OfficialMqadmin.Run refused = mqadmin.run("updateNamesrvConfig", "-n", ns, "-k", "configStorePath", "-v",
                dir.resolve("evil.properties").toString());
        assertThat(refused.output()).doesNotContain("update name server config success!")
                .contains("Can not update config in black list.", "configStorePath");
        assertThat(dir.resolve("evil.properties")).doesNotExist();
        assertThat(mqadmin.ok("getNamesrvConfig", "-n", ns)).doesNotContain("evil.properties");
    }

    @Test
    @Order(1)
    @Compat(value = "admin API queryConsumeTimeSpan (303)", kind = Compat.Kind.CLIENT)
    void queryConsumeTimeSpanThroughTheAdminApi() throws Exception {
        List<QueueTimeSpan> spans = admin.queryConsumeTimeSpan(TOPIC, group);
        assertThat(spans).hasSize(2);
        QueueTimeSpan q0 = spans.stream().filter(s -> s.getMessageQueue().getQueueId() == 0).findFirst().orElseThrow();
        assertThat(q0.getMinTimeStamp()).isPositive();
        assertThat(q0.getMaxTimeStamp()).isGreaterThanOrEqualTo(q0.getMinTimeStamp());
        assertThat(q0.getConsumeTimeStamp()).isEqualTo(q0.getMinTimeStamp());
        assertThat(q0.getDelayTime()).isPositive();
    }

    @Test
    @Order(1)
    @Compat(value = "client API getSystemTopicListFromBroker (305)", kind = Compat.Kind.CLIENT)
    void systemTopicListFromBrokerThroughTheClientApi() throws Exception {
        TopicList list = api().getSystemTopicListFromBroker(addr, 5_000);
        assertThat(list.getTopicList()).contains("TBW102", "SCHEDULE_TOPIC_XXXX", "DefaultCluster", "broker-a",
                "DefaultCluster_REPLY_TOPIC").doesNotContain(TOPIC);
    }

    @Test
    @Order(1)
    @Compat(value = "client API queryCorrectionOffset (308)", kind = Compat.Kind.CLIENT)
    void queryCorrectionOffsetThroughTheClientApi() throws Exception {
        Map<Integer, Long> correction = api().queryCorrectionOffset(addr, TOPIC, group, Set.of("NoSuchGroup"), 5_000);
        assertThat(correction).containsEntry(0, 1L);
    }

    @Test
    @Order(1)
    @Compat(value = "admin API getAllProducerInfo (328)", kind = Compat.Kind.CLIENT)
    void allProducerInfoThroughTheAdminApi() throws Exception {
        ProducerTableInfo table = admin.getAllProducerInfo(addr);
        assertThat(table.getData()).containsKey(producerGroup);
        assertThat(table.getData().get(producerGroup).get(0).getClientId())
                .isEqualTo(producer.getDefaultMQProducerImpl().getmQClientFactory().getClientId());
    }

    @Test
    @Order(1)
    @Compat(value = "admin API fetchConsumeStatsInBroker (317)", kind = Compat.Kind.CLIENT)
    void fetchConsumeStatsInBrokerThroughTheAdminApi() throws Exception {
        List<Map<String, List<ConsumeStats>>> list = admin.fetchConsumeStatsInBroker(addr, false, 5_000)
                .getConsumeStatsList();
        assertThat(list.stream().filter(m -> m.containsKey(group)).findFirst().orElseThrow().get(group).get(0)
                .computeTotalDiff()).isEqualTo(2);
    }
}
