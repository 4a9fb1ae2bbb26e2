package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
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
 * The official 4.9.8 {@code mqadmin} run as a process (MQAdminStartup) against a Petrel NameServer
 * and two Petrel masters, with a live producer and push consumer in this JVM: every command of
 * issue 7 exits 0 and prints the rows an operator expects. (mqadmin exits 0 even when a command
 * fails, printing a stack trace, so the rows are the real check.) Each mqadmin process spends
 * seconds starting and stopping its Netty client, so the read-only commands are all started, three
 * at a time, as soon as the cluster is set up, and their tests wait for their output; the commands
 * that change something run first, in their own tests, meanwhile. resetOffsetByTime runs last and
 * waits for every command that reads the live consumer's state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
@Tag("official-client")
class OfficialMqadminCompatibilityTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);
    private static final Map<String, Future<OfficialMqadmin.Run>> READS = new LinkedHashMap<>();

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static OfficialMqadmin mqadmin;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;
    private static DefaultMQPushConsumer consumer;
    private static String ns;
    private static String group;
    private static String idleGroup;
    private static String producerGroup;
    private static SendResult first;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir.resolve("cluster")).addBroker("broker-a", Map.of()).addBroker("broker-b", Map.of());
        ns = cluster.namesrvAddr();
        mqadmin = new OfficialMqadmin(dir.resolve("mqadmin-home"));
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(ns);
        admin.setInstanceName(FeatureCompatibilityTest.unique("mqadmin-setup"));
        admin.start();
        group = FeatureCompatibilityTest.unique("AdminCG");
        for (String addr : cluster.brokerAddrs().values()) {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig("AdminT", 4, 4, 6));
            admin.createAndUpdateTopicConfig(addr, new TopicConfig("%RETRY%" + group, 1, 1, 6));
        }
        producerGroup = FeatureCompatibilityTest.unique("AdminPG");
        producer = new DefaultMQProducer(producerGroup);
        producer.setNamesrvAddr(ns);
        producer.setInstanceName(FeatureCompatibilityTest.unique("mqadmin-producer"));
        producer.start();
        for (int i = 0; i < 12; i++) {
            SendResult r = producer.send(new Message("AdminT", "TagA", "admin-key-" + i, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            if (i == 0) {
                first = r;
            }
        }
        List<String> consumed = new CopyOnWriteArrayList<>();
        consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(ns);
        consumer.setInstanceName(FeatureCompatibilityTest.unique("mqadmin-consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("AdminT", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> consumed.size() >= 12);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.examineConsumeStats(group).computeTotalDiff() == 0);
        SubscriptionGroupConfig idle = new SubscriptionGroupConfig();
        idleGroup = FeatureCompatibilityTest.unique("Idle");
        idle.setGroupName(idleGroup);
        admin.createAndUpdateSubscriptionGroupConfig(cluster.brokerAddr("broker-a"), idle);
        startReadOnlyCommands();
    }

    private static void startReadOnlyCommands() {
        read("consumerProgress", "-n", ns, "-g", group);
        read("consumerStatus", "-n", ns, "-g", group);
        read("consumerStatus", "-n", ns, "-g", group, "-i", clientId());
        read("queryMsgById", "-n", ns, "-i", first.getOffsetMsgId());
        read("statsAll", "-n", ns, "-t", "AdminT");
        read("clusterList", "-n", ns);
        read("brokerStatus", "-n", ns, "-b", cluster.brokerAddr("broker-a"));
        read("topicStatus", "-n", ns, "-t", "AdminT");
        read("topicList", "-n", ns);
        read("topicRoute", "-n", ns, "-t", "AdminT");
        read("topicClusterList", "-n", ns, "-t", "AdminT");
        read("consumerConnection", "-n", ns, "-g", group);
        read("producerConnection", "-n", ns, "-g", producerGroup, "-t", "AdminT");
        read("queryMsgByKey", "-n", ns, "-t", "AdminT", "-k", "admin-key-0");
        read("queryMsgByOffset", "-n", ns, "-t", "AdminT", "-b", first.getMessageQueue().getBrokerName(), "-i",
                Integer.toString(first.getMessageQueue().getQueueId()), "-o", Long.toString(first.getQueueOffset()));
        read("getBrokerConfig", "-n", ns, "-b", cluster.brokerAddr("broker-a"));
        read("consumerProgress", "-n", ns, "-g", idleGroup);
    }

    private static void read(String command, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = command;
        System.arraycopy(options, 0, args, 1, options.length);
        READS.put(String.join(" ", args), POOL.submit(() -> mqadmin.run(args)));
    }

    /** The output of a read-only command started at set-up; its exit code must be 0. */
    private static String output(String command, String... options) throws Exception {
        String key = command + (options.length == 0 ? "" : " " + String.join(" ", options));
        OfficialMqadmin.Run run = READS.get(key).get(5, TimeUnit.MINUTES);
        assertThat(run.exitCode()).as("exit code of mqadmin %s; output:%n%s", key, run.output()).isZero();
        return run.output();
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        consumer.shutdown();
        producer.shutdown();
        admin.shutdown();
        cluster.close();
    }

    private static String clientId() {
        return consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getClientId();
    }

    private static List<String> rowsStartingWith(String output, String first) {
        return output.lines().filter(l -> l.startsWith(first)).toList();
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin clusterList", kind = Compat.Kind.MQADMIN)
    void clusterListShowsBothMastersWithVersionAndTps() throws Exception {
        String out = output("clusterList", "-n", ns);
        assertThat(out.lines().findFirst().orElseThrow()).startsWith("#Cluster Name").contains("#InTPS(LOAD)", "#SPACE");
        List<String> rows = rowsStartingWith(out, "DefaultCluster");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("broker-a", cluster.brokerAddr("broker-a"), "V4_9_8");
        assertThat(rows.get(1)).contains("broker-b", cluster.brokerAddr("broker-b"), "V4_9_8");
        assertThat(out).doesNotContain("Exception");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin brokerStatus", kind = Compat.Kind.MQADMIN)
    void brokerStatusPrintsTheRuntimeInfo() throws Exception {
        String out = output("brokerStatus", "-n", ns, "-b", cluster.brokerAddr("broker-a"));
        assertThat(out).contains("brokerVersionDesc", "V4_9_8", "putTps", "getTransferedTps", "commitLogDiskRatio",
                "msgPutTotalTodayNow", "earliestMessageTimeStamp");
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin updateTopic", kind = Compat.Kind.MQADMIN)
    void updateTopicCreatesTheTopicOnEveryMaster() throws Exception {
        String topic = FeatureCompatibilityTest.unique("MqaT");
        String out = mqadmin.ok("updateTopic", "-n", ns, "-c", "DefaultCluster", "-t", topic, "-r", "3", "-w", "3");
        assertThat(out).contains("create topic to " + cluster.brokerAddr("broker-a") + " success.",
                "create topic to " + cluster.brokerAddr("broker-b") + " success.", "readQueueNums=3");
        boolean onB = cluster.onBroker("broker-b", b -> b.topics().contains(topic));
        assertThat(onB).isTrue();
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin updateSubGroup", kind = Compat.Kind.MQADMIN)
    @Compat(value = "mqadmin deleteSubGroup", kind = Compat.Kind.MQADMIN)
    void updateSubGroupCreatesTheGroupAndDeleteSubGroupRemovesIt() throws Exception {
        String g = FeatureCompatibilityTest.unique("MqaG");
        String out = mqadmin.ok("updateSubGroup", "-n", ns, "-c", "DefaultCluster", "-g", g, "-r", "3");
        assertThat(out).contains("create subscription group to " + cluster.brokerAddr("broker-a") + " success.",
                "retryMaxTimes=3");
        int retryMaxTimes = cluster.onBroker("broker-b", b -> b.groups().get(g).retryMaxTimes());
        assertThat(retryMaxTimes).isEqualTo(3);
        String deleted = mqadmin.ok("deleteSubGroup", "-n", ns, "-c", "DefaultCluster", "-g", g);
        assertThat(deleted).contains("delete subscription group [" + g + "] from broker [" + cluster.brokerAddr("broker-a")
                + "] in cluster [DefaultCluster] success.");
        boolean gone = cluster.onBroker("broker-a", b -> b.groups().get(g) == null);
        assertThat(gone).isTrue();
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin deleteTopic", kind = Compat.Kind.MQADMIN)
    void deleteTopicRemovesItFromBrokersAndNameServer() throws Exception {
        String topic = FeatureCompatibilityTest.unique("Doomed");
        for (String addr : cluster.brokerAddrs().values()) {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig(topic, 2, 2, 6));
        }
        String out = mqadmin.ok("deleteTopic", "-n", ns, "-c", "DefaultCluster", "-t", topic);
        assertThat(out).contains("delete topic [" + topic + "] from cluster [DefaultCluster] success.",
                "delete topic [" + topic + "] from NameServer success.");
        boolean gone = cluster.onBroker("broker-a", b -> !b.topics().contains(topic));
        assertThat(gone).isTrue();
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin topicStatus", kind = Compat.Kind.MQADMIN)
    void topicStatusShowsEveryQueueOfBothBrokers() throws Exception {
        String out = output("topicStatus", "-n", ns, "-t", "AdminT");
        List<String> rows = out.lines().filter(l -> l.startsWith("broker-")).toList();
        assertThat(rows).hasSize(8);
        long total = rows.stream().mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[3])).sum();
        assertThat(total).as("max offsets add up to the messages sent").isEqualTo(12);
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin topicList", kind = Compat.Kind.MQADMIN)
    void topicListIncludesTheTopicAndTheRetryTopic() throws Exception {
        List<String> lines = output("topicList", "-n", ns).lines().toList();
        assertThat(lines).contains("AdminT", "%RETRY%" + group);
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin topicRoute", kind = Compat.Kind.MQADMIN)
    void topicRoutePrintsBothBrokers() throws Exception {
        String out = output("topicRoute", "-n", ns, "-t", "AdminT");
        assertThat(out).contains("\"brokerName\":\"broker-a\"", "\"brokerName\":\"broker-b\"", "\"perm\":6",
                "\"writeQueueNums\":4");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin topicClusterList", kind = Compat.Kind.MQADMIN)
    void topicClusterListNamesTheCluster() throws Exception {
        assertThat(output("topicClusterList", "-n", ns, "-t", "AdminT").lines().toList()).contains("DefaultCluster");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin consumerProgress", kind = Compat.Kind.MQADMIN)
    void consumerProgressShowsEveryQueueConsumedWithDiffZero() throws Exception {
        String out = output("consumerProgress", "-n", ns, "-g", group);
        assertThat(rowsStartingWith(out, "AdminT")).hasSize(8)
                .allSatisfy(row -> assertThat(row.trim().split("\\s+")[5]).as("diff of %s", row).isEqualTo("0"));
        assertThat(out).contains("Diff Total: 0");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin consumerStatus (GET_CONSUMER_RUNNING_INFO forwarded to a live consumer)",
            kind = Compat.Kind.MQADMIN)
    void consumerStatusReachesTheLiveConsumerThroughTheBroker() throws Exception {
        String out = output("consumerStatus", "-n", ns, "-g", group);
        assertThat(out).contains("#ClientId", clientId(), "V4_9_8", "Same subscription in the same group of consumer",
                "Rebalance OK");
        String detail = output("consumerStatus", "-n", ns, "-g", group, "-i", clientId());
        assertThat(detail).contains("#Consumer Properties#", "PROP_CONSUME_TYPE", "AdminT");
    }

    @Test
    @Order(10)
    @Compat(value = "admin getConsumeStatus (INVOKE_BROKER_TO_GET_CONSUMER_STATUS through GET_CONSUMER_STATUS_FROM_CLIENT)",
            kind = Compat.Kind.CLIENT)
    void theBrokerCollectsTheLiveConsumersOffsetsForTheAdminApi() throws Exception {
        Map<String, Map<MessageQueue, Long>> status = admin.getConsumeStatus("AdminT",
                group, "");
        assertThat(status).containsOnlyKeys(clientId());
        Map<MessageQueue, Long> offsets = status.get(clientId());
        assertThat(offsets).hasSize(8);
        assertThat(offsets.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin consumerConnection", kind = Compat.Kind.MQADMIN)
    void consumerConnectionListsTheLiveConsumer() throws Exception {
        String out = output("consumerConnection", "-n", ns, "-g", group);
        assertThat(out).contains(clientId(), "CONSUME_PASSIVELY", "CLUSTERING", "AdminT");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin producerConnection", kind = Compat.Kind.MQADMIN)
    void producerConnectionListsTheLiveProducer() throws Exception {
        String out = output("producerConnection", "-n", ns, "-g", producerGroup, "-t", "AdminT");
        assertThat(out).contains(producer.getDefaultMQProducerImpl().getmQClientFactory().getClientId(), "V4_9_8");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin queryMsgById (with message track)", kind = Compat.Kind.MQADMIN)
    void queryMsgByIdPrintsTheMessageAndWhoConsumedIt() throws Exception {
        String out = output("queryMsgById", "-n", ns, "-i", first.getOffsetMsgId());
        assertThat(out).contains("Topic:               AdminT", "Keys:                [admin-key-0]",
                "MessageTrack [consumerGroup=" + group + ", trackType=CONSUMED");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin queryMsgByKey", kind = Compat.Kind.MQADMIN)
    void queryMsgByKeyFindsTheMessage() throws Exception {
        String out = output("queryMsgByKey", "-n", ns, "-t", "AdminT", "-k", "admin-key-0");
        assertThat(out).contains("#Message ID", first.getMsgId());
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin queryMsgByOffset", kind = Compat.Kind.MQADMIN)
    void queryMsgByOffsetPrintsTheMessage() throws Exception {
        String out = output("queryMsgByOffset", "-n", ns, "-t", "AdminT", "-b", first.getMessageQueue().getBrokerName(), "-i",
                Integer.toString(first.getMessageQueue().getQueueId()), "-o", Long.toString(first.getQueueOffset()));
        assertThat(out).contains("Topic:               AdminT", "Keys:                [admin-key-0]");
    }

    @Test
    @Order(20)
    @Compat(value = "mqadmin resetOffsetByTime (RESET_CONSUMER_CLIENT_OFFSET to a live consumer)", kind = Compat.Kind.MQADMIN)
    void resetOffsetByTimeReachesEveryBrokerAndTheConsumer() throws Exception {
        for (Future<OfficialMqadmin.Run> read : READS.values()) {
            read.get(5, TimeUnit.MINUTES);
        }
        String out = mqadmin.ok("resetOffsetByTime", "-n", ns, "-g", group, "-t", "AdminT", "-s", "now");
        assertThat(out).contains("rollback consumer offset by specified group[" + group + "], topic[AdminT]");
        assertThat(out.lines().filter(l -> l.startsWith("broker-")).count()).isEqualTo(8);
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin getBrokerConfig", kind = Compat.Kind.MQADMIN)
    void getBrokerConfigListsEveryKey() throws Exception {
        String out = output("getBrokerConfig", "-n", ns, "-b", cluster.brokerAddr("broker-a"));
        assertThat(out).contains("============" + cluster.brokerAddr("broker-a") + "============");
        assertThat(out.lines().filter(l -> l.startsWith("brokerName ")).findFirst().orElseThrow()).endsWith("broker-a");
        assertThat(out).contains("messageDelayLevel", "brokerPermission");
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin updateBrokerConfig (runtime keys accepted; black-listed and path keys refused)",
            kind = Compat.Kind.MQADMIN)
    void updateBrokerConfigChangesSafeKeysAndRefusesForbiddenOnes() throws Exception {
        String addr = cluster.brokerAddr("broker-b");
        assertThat(mqadmin.ok("updateBrokerConfig", "-n", ns, "-b", addr, "-k", "shortPollingTimeMills", "-v", "900"))
                .contains("update broker config success, " + addr);
        long applied = cluster.onBroker("broker-b", b -> b.settings().shortPollingMs());
        assertThat(applied).isEqualTo(900);
        String blackListed = mqadmin.ok("updateBrokerConfig", "-n", ns, "-b", addr, "-k", "brokerConfigPath", "-v", "/tmp/x");
        assertThat(blackListed).contains("Can not update config in black list.").doesNotContain("update broker config success");
        String path = mqadmin.ok("updateBrokerConfig", "-n", ns, "-b", addr, "-k", "storePathRootDir", "-v", "/tmp/x");
        assertThat(path).contains("Can not update config storePathRootDir at runtime");
        String root = cluster.onBroker("broker-b", b -> b.settings().store().storePathRootDir());
        assertThat(root).doesNotContain("/tmp/x");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin statsAll (VIEW_BROKER_STATS_DATA)", kind = Compat.Kind.MQADMIN)
    void statsAllShowsTheTopicAndItsConsumerGroup() throws Exception {
        String out = output("statsAll", "-n", ns, "-t", "AdminT");
        List<String> rows = rowsStartingWith(out, "AdminT");
        assertThat(rows).anySatisfy(row -> {
            String[] cells = row.trim().split("\\s+");
            assertThat(cells[1]).isEqualTo(group);
            assertThat(Long.parseLong(cells[5])).as("messages in, last 24 h").isEqualTo(12);
        });
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin consumerProgress of a group without offsets prints no rows", kind = Compat.Kind.MQADMIN)
    void consumerProgressOfAGroupWithoutOffsetsPrintsNoRows() throws Exception {
        assertThat(rowsStartingWith(output("consumerProgress", "-n", ns, "-g", idleGroup), "AdminT")).isEmpty();
    }
}
