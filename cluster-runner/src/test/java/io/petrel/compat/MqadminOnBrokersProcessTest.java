package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.petrel.cluster.FreePorts;
import io.petrel.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's mqadmin commands against two Petrel masters on loopback, run in this JVM through
 * bin/mqadmin's own entry ({@link PetrelMqadmin#inThisJvm}; MqadminProcessTest proves the process),
 * for the requests the Broker serves today: topics and groups created on the cluster, a message sent,
 * read back by offset and consumed, the topic deleted; and the operations commands (brokerConsumeStats,
 * producer, queryCq, cloneGroupOffset, the store clean-ups, exportMetrics), where cheap beside the
 * official 4.9.8 mqadmin's output for the same broker (a process, as an operator runs it).
 */
@Tag("process")
@Tag("official-client")
class MqadminOnBrokersProcessTest {

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static PetrelMqadmin mqadmin;

    @BeforeAll
    static void start() {
        Map<String, String> strict = Map.of("autoCreateTopicEnable", "false", "autoCreateSubscriptionGroup", "false");
        cluster = new RealCluster(dir.resolve("cluster")).addBroker("broker-a", strict).addBroker("broker-b", strict);
        mqadmin = PetrelMqadmin.inThisJvm(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void runbookSetUpThenSendReadConsumeAndDelete() throws Exception {
        String ns = cluster.namesrvAddr();
        String created = mqadmin.ok("updateTopic", "-c", "DefaultCluster", "-n", ns, "-t", "TOPIC_ORDER_SNAPSHOT", "-r", "8", "-w", "8");
        List<String> lines = created.lines().toList();
        assertThat(lines.subList(0, 2)).as("one line per master, in address order").isSorted().containsExactlyInAnyOrder(
                "create topic to " + cluster.brokerAddr("broker-a") + " success.",
                "create topic to " + cluster.brokerAddr("broker-b") + " success.");
        assertThat(lines.subList(2, lines.size())).containsExactly("TopicConfig [topicName=TOPIC_ORDER_SNAPSHOT, "
                + "readQueueNums=8, writeQueueNums=8, perm=RW-, topicFilterType=SINGLE_TAG, topicSysFlag=0, order=false]");
        String group = mqadmin.ok("updateSubGroup", "-g", "TOPIC_ORDER_SNAPSHOT_Consumer_Group", "-s", "true", "-r", "1",
                "-b", cluster.brokerAddr("broker-a"), "-n", ns);
        assertThat(group).contains("retryMaxTimes=1", "consumeEnable=true");
        int retryMaxTimes = cluster.onBroker("broker-a", b -> b.groups().get("TOPIC_ORDER_SNAPSHOT_Consumer_Group").retryMaxTimes());
        assertThat(retryMaxTimes).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> mqadmin.run("topicRoute", "-n", ns, "-t", "TOPIC_ORDER_SNAPSHOT")
                .out().contains("broker-b"));

        List<String> sent = mqadmin.ok("sendMessage", "-n", ns, "-t", "TOPIC_ORDER_SNAPSHOT", "-p", "hello runbook",
                "-c", "TagA", "-k", "ORDER-1", "-b", "broker-b", "-i", "3").lines().toList();
        assertThat(sent.get(0)).startsWith("#Broker Name").contains("#Send Result");
        assertThat(sent.get(1).split("\\s+")).startsWith("broker-b", "3", "SEND_OK");
        String msgId = sent.get(1).split("\\s+")[3];

        String byOffset = mqadmin.ok("queryMsgByOffset", "-n", ns, "-t", "TOPIC_ORDER_SNAPSHOT", "-b", "broker-b", "-i", "3",
                "-o", "0");
        assertThat(byOffset).contains("Topic:               TOPIC_ORDER_SNAPSHOT", "Tags:                [TagA]",
                "Keys:                [ORDER-1]", "UNIQ_KEY=" + msgId);

        String consumed = mqadmin.ok("consumeMessage", "-n", ns, "-t", "TOPIC_ORDER_SNAPSHOT", "-b", "broker-b", "-i", "3");
        assertThat(consumed).contains("Consume ok", "MSGID: " + msgId, "BODY: hello runbook");

        String deleted = mqadmin.ok("deleteTopic", "-n", ns, "-c", "DefaultCluster", "-t", "TOPIC_ORDER_SNAPSHOT");
        assertThat(deleted).isEqualTo("delete topic [TOPIC_ORDER_SNAPSHOT] from cluster [DefaultCluster] success.\n"
                + "delete topic [TOPIC_ORDER_SNAPSHOT] from NameServer success.\n");
        boolean stillThere = cluster.onBroker("broker-b", b -> b.topics().contains("TOPIC_ORDER_SNAPSHOT"));
        assertThat(stillThere).isFalse();
    }

    /** Creates a topic on both masters and waits until the NameServer routes it to both. */
    private static void topic(String topic, int queues) throws Exception {
        String ns = cluster.namesrvAddr();
        mqadmin.ok("updateTopic", "-c", "DefaultCluster", "-n", ns, "-t", topic, "-r", String.valueOf(queues),
                "-w", String.valueOf(queues));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String route = mqadmin.run("topicRoute", "-n", ns, "-t", topic).out();
            return route.contains("broker-a") && route.contains("broker-b");
        });
    }

    /** Sends one message with sendMessage and returns its client id (unique key). */
    private static String send(String topic, String body, String broker, int queueId) throws Exception {
        return send(topic, body, "TagA", broker, queueId);
    }

    private static String send(String topic, String body, String tag, String broker, int queueId) throws Exception {
        String sent = mqadmin.ok("sendMessage", "-n", cluster.namesrvAddr(), "-t", topic, "-p", body, "-c", tag,
                "-b", broker, "-i", String.valueOf(queueId));
        return sent.lines().toList().get(1).split("\\s+")[3];
    }

    @Test
    void queryMsgByUniqueKeyFindsTheMessageByItsClientId() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicUniq", 4);
        String msgId = send("TopicUniq", "unique body", "broker-a", 2);
        String found = mqadmin.ok("queryMsgByUniqueKey", "-n", ns, "-t", "TopicUniq", "-i", msgId);
        assertThat(found).startsWith("Topic:               TopicUniq\n").doesNotContain("OffsetID:")
                .contains("Queue ID:            2", "UNIQ_KEY=" + msgId, "WARN: No Consumer");
        PetrelMqadmin.Run missing = mqadmin.run("queryMsgByUniqueKey", "-n", ns, "-t", "TopicUniq",
                "-i", "7F0000010D2718B4AAC2000000000000");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("mqadmin queryMsgByUniqueKey: no message with unique key "
                + "7F0000010D2718B4AAC2000000000000 in topic TopicUniq\n");
    }

    @Test
    void printMsgByQueuePrintsOneQueuesMessagesAndCountsThemByTag() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicByQueue", 2);
        String first = send("TopicByQueue", "body-1", "TagB", "broker-b", 1);
        send("TopicByQueue", "body-2", "TagA", "broker-b", 1);
        send("TopicByQueue", "body-3", "TagA", "broker-b", 1);
        send("TopicByQueue", "elsewhere", "TagC", "broker-b", 0);
        List<String> lines = mqadmin.ok("printMsgByQueue", "-n", ns, "-t", "TopicByQueue", "-a", "broker-b", "-i", "1",
                "-p", "true", "-d", "true", "-f", "true").lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("MSGID: " + first + " MessageExt [brokerName=broker-b, queueId=1,")
                .endsWith(" BODY: body-1");
        assertThat(lines.subList(3, 5)).containsExactly(String.format("Tag: %-30s Count: 2", "TagA"),
                String.format("Tag: %-30s Count: 1", "TagB"));
        assertThat(mqadmin.ok("printMsgByQueue", "-n", ns, "-t", "TopicByQueue", "-a", "broker-b", "-i", "1")).isEmpty();
        assertThat(mqadmin.ok("printMsgByQueue", "-n", ns, "-t", "TopicByQueue", "-a", "broker-b", "-i", "1", "-s", "TagA",
                "-f", "true")).isEqualTo(String.format("Tag: %-30s Count: 2%n", "TagA"));
    }

    @Test
    void sendMsgStatusSendsToTheTopicNamedAfterTheBroker() throws Exception {
        List<String> lines = mqadmin.ok("sendMsgStatus", "-n", cluster.namesrvAddr(), "-b", "broker-a", "-s", "30", "-c", "3")
                .lines().toList();
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).matches("rt=\\d+ms, SendResult=SendResult \\[sendStatus=SEND_OK, "
                + "msgId=[0-9A-F]{32}, offsetMsgId=[0-9A-F]{32}, messageQueue=MessageQueue \\[topic=broker-a, brokerName=broker-a, "
                + "queueId=0\\], queueOffset=\\d+\\]"));
        PetrelMqadmin.Run nowhere = mqadmin.run("sendMsgStatus", "-n", cluster.namesrvAddr(), "-b", "broker-x", "-c", "1");
        assertThat(nowhere.exitCode()).isEqualTo(1);
        assertThat(nowhere.err()).startsWith("mqadmin sendMsgStatus: topic broker-x does not exist");
    }

    @Test
    void checkMsgSendRtSendsToEveryWriteQueueInTurn() throws Exception {
        topic("TopicRt", 2);
        List<String> lines = mqadmin.ok("checkMsgSendRT", "-n", cluster.namesrvAddr(), "-t", "TopicRt", "-a", "5", "-s", "10")
                .lines().toList();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).isEqualTo(String.format("%-32s  %-4s  %-20s    %s", "#Broker Name", "#QID", "#Send Result", "#RT"));
        assertThat(lines.subList(1, 6)).extracting(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 3)))
                .containsExactly("broker-a 0 true", "broker-a 1 true", "broker-b 0 true", "broker-b 1 true", "broker-a 0 true");
        assertThat(lines.get(6)).matches("Avg RT: \\d+\\.\\d\\d");
    }

    @Test
    void clusterRtTimesEveryBrokerOnceOrEveryIntervalForABoundedCount() throws Exception {
        String ns = cluster.namesrvAddr();
        List<String> once = mqadmin.ok("clusterRT", "-n", ns, "-a", "3", "-s", "10").lines().toList();
        assertThat(once).hasSize(3);
        assertThat(once.get(0)).startsWith("#Cluster Name             #Broker Name");
        assertThat(once.subList(1, 3)).extracting(l -> List.of(l.split("\\s+"))).allSatisfy(cols -> {
            assertThat(cols.get(0)).isEqualTo("DefaultCluster");
            assertThat(cols.subList(3, 5)).containsExactly("3", "0");
        }).extracting(cols -> cols.get(1)).containsExactly("broker-a", "broker-b");
        List<String> tlog = mqadmin.ok("clusterRT", "-n", ns, "-a", "2", "-c", "DefaultCluster", "-p", "true", "-m", "room1",
                "-i", "1", "--times", "2").lines().toList();
        assertThat(tlog).hasSize(4).allSatisfy(l -> assertThat(l)
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\|room1\\|DefaultCluster\\|broker-[ab]\\|\\d+"));
        PetrelMqadmin.Run unknown = mqadmin.run("clusterRT", "-n", ns, "-c", "NoCluster");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("mqadmin clusterRT: cluster [NoCluster] not exist\n");
    }

    @Test
    void skipAccumulatedMessageMovesAnOfflineGroupToTheEndOfEveryQueue() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicSkip", 1);
        mqadmin.ok("updateSubGroup", "-n", ns, "-c", "DefaultCluster", "-g", "CG_SKIP");
        send("TopicSkip", "one", "broker-a", 0);
        send("TopicSkip", "two", "broker-a", 0);
        cluster.onBroker("broker-a", b -> {
            b.offsets().commit("CG_SKIP", "TopicSkip", 0, 0);
            return null;
        });
        List<String> lines = mqadmin.ok("skipAccumulatedMessage", "-n", ns, "-g", "CG_SKIP", "-t", "TopicSkip").lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("#brokerName", "#queueId", "#brokerOffset", "#consumerOffset",
                "#timestampOffset", "#rollbackOffset");
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("broker-a", "0", "2", "0", "2", "2"));
        long offset = cluster.onBroker("broker-a", b -> b.offsets().query("CG_SKIP", "TopicSkip", 0));
        assertThat(offset).isEqualTo(2);
    }

    @Test
    void queryMsgTraceByIdPrintsTheTraceRecordsOfAMessageOrSaysThereAreNone() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TraceTopicX", 1);
        String id = "7F0000010D2718B4AAC2000000000001";
        String record = String.join("\u0001", "Pub", "1700000000000", "DefaultRegion", "PG_TRACE", "TopicOrders", id, "TagA",
                "K1", "127.0.0.1:10911", "16", "5", "0", "7F00000100009FCF0000000000000000", "true", "127.0.0.1") + "\u0002"
                + String.join("\u0001", "SubAfter", "req1", id, "7", "true", "K1", "0", "1700000001000", "CG_TRACE") + "\u0002";
        mqadmin.ok("sendMessage", "-n", ns, "-t", "TraceTopicX", "-p", record, "-k", id);
        List<String> lines = mqadmin.ok("queryMsgTraceById", "-n", ns, "-t", "TraceTopicX", "-i", id).lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).split("\\s+")).containsExactly("#Type", "#ProducerGroup", "#ClientHost", "#SendTime",
                "#CostTimes", "#Status");
        assertThat(lines.get(1)).startsWith("Pub        PG_TRACE             127.0.0.1 ").contains(" 5ms ").endsWith("success   ");
        assertThat(lines.get(4)).startsWith("Sub        CG_TRACE             127.0.0.1 ").contains(" 7ms ");
        PetrelMqadmin.Run none = mqadmin.run("queryMsgTraceById", "-n", ns, "-t", "TraceTopicX", "-i", "NO_SUCH_ID");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("mqadmin queryMsgTraceById: query message by key finished, but no message.\n");
    }

    @Test
    void updateTopicPermChangesOneMasterOrEveryMasterOfTheCluster() throws Exception {
        String ns = cluster.namesrvAddr();
        String a = cluster.brokerAddr("broker-a");
        topic("TopicPerm", 2);
        assertThat(mqadmin.ok("updateTopicPerm", "-n", ns, "-t", "TopicPerm", "-b", a, "-p", "4")).isEqualTo(
                "update topic perm from 6 to 4 in " + a + " success.\n" + "TopicConfig [topicName=TopicPerm, readQueueNums=2, "
                + "writeQueueNums=2, perm=R--, topicFilterType=SINGLE_TAG, topicSysFlag=0, order=false].\n");
        int permA = cluster.onBroker("broker-a", b -> b.topics().get("TopicPerm").perm());
        assertThat(permA).isEqualTo(4);
        List<String> both = mqadmin.ok("updateTopicPerm", "-n", ns, "-t", "TopicPerm", "-c", "DefaultCluster", "-p", "2")
                .lines().toList();
        assertThat(both).hasSize(2).allSatisfy(l -> assertThat(l).matches("update topic perm from [46] to 2 in .* success\\."));
        int permB = cluster.onBroker("broker-b", b -> b.topics().get("TopicPerm").perm());
        assertThat(permB).isEqualTo(2);
        PetrelMqadmin.Run notMaster = mqadmin.run("updateTopicPerm", "-n", ns, "-t", "TopicPerm", "-b", "127.0.0.1:1", "-p", "6");
        assertThat(notMaster.exitCode()).isEqualTo(1);
        assertThat(notMaster.err()).isEqualTo("mqadmin updateTopicPerm: updateTopicPerm error broker not exit or broker is not "
                + "master!.\n");
    }

    @Test
    void allocateMqSharesTheReadableQueuesAmongTheGivenAddresses() throws Exception {
        topic("TopicAlloc", 2);
        assertThat(mqadmin.ok("allocateMQ", "-n", cluster.namesrvAddr(), "-t", "TopicAlloc", "-i", "10.0.0.1,10.0.0.2,10.0.0.3"))
                .isEqualTo("{\"result\":{\"10.0.0.1\":[{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"TopicAlloc\"},"
                        + "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"TopicAlloc\"}],"
                        + "\"10.0.0.2\":[{\"brokerName\":\"broker-b\",\"queueId\":0,\"topic\":\"TopicAlloc\"}],"
                        + "\"10.0.0.3\":[{\"brokerName\":\"broker-b\",\"queueId\":1,\"topic\":\"TopicAlloc\"}]}}\n");
    }

    @Test
    void exportConfigsWritesEachMastersSettingsToConfigsJson() throws Exception {
        Path file = dir.resolve("export").resolve("configs.json");
        assertThat(mqadmin.ok("exportConfigs", "-n", cluster.namesrvAddr(), "-c", "DefaultCluster", "-f", dir.resolve("export")
                .toString())).isEqualTo("export " + file + " success\n");
        JsonNode json = Json.mapper().readTree(file.toFile());
        assertThat(json.get("brokerConfigs").get("broker-b").get("brokerClusterName").asText()).isEqualTo("DefaultCluster");
        assertThat(json.get("brokerConfigs").get("broker-a").get("autoCreateTopicEnable").asText()).isEqualTo("false");
        assertThat(json.get("clusterScale").toString()).isEqualTo("{\"masterBrokerSize\":2,\"namesrvSize\":1,\"slaveBrokerSize\":0}");
        PetrelMqadmin.Run unknown = mqadmin.run("exportConfigs", "-n", cluster.namesrvAddr(), "-c", "NoCluster");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("mqadmin exportConfigs: cluster NoCluster not found");
    }

    @Test
    void exportMetadataWritesTheUserTopicsAndGroupsOfTheClusterOrOfABroker() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicMeta", 2);
        mqadmin.ok("updateSubGroup", "-n", ns, "-c", "DefaultCluster", "-g", "CG_META");
        Path out = dir.resolve("meta");
        assertThat(mqadmin.ok("exportMetadata", "-n", ns, "-c", "DefaultCluster", "-f", out.toString()))
                .isEqualTo("export " + out.resolve("metadata.json") + " success\n");
        JsonNode all = Json.mapper().readTree(out.resolve("metadata.json").toFile());
        assertThat(all.get("topicConfigTable").get("TopicMeta").get("readQueueNums").asInt()).isEqualTo(4);
        assertThat(all.get("topicConfigTable").fieldNames()).toIterable().doesNotContain("TBW102", "broker-a", "DefaultCluster",
                "DefaultCluster_REPLY_TOPIC", "SCHEDULE_TOPIC_XXXX");
        assertThat(all.get("subscriptionGroupTable").get("CG_META").get("retryQueueNums").asInt()).isEqualTo(2);
        assertThat(all.get("subscriptionGroupTable").fieldNames()).toIterable().doesNotContain("TOOLS_CONSUMER");
        assertThat(all.get("exportTime").asLong()).isPositive();
        String a = cluster.brokerAddr("broker-a");
        assertThat(mqadmin.ok("exportMetadata", "-n", ns, "-b", a, "-t", "-f", out.toString()))
                .isEqualTo("export " + out.resolve("topic.json") + " success\n");
        JsonNode topics = Json.mapper().readTree(out.resolve("topic.json").toFile());
        assertThat(topics.get("topicConfigTable").get("TopicMeta").get("readQueueNums").asInt()).isEqualTo(2);
    }

    /** The official 4.9.8 producer, started on the cluster: a live producer connection for producer to list. */
    private static DefaultMQProducer officialProducer(String group) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(FeatureCompatibilityTest.unique("mqadmin-ops"));
        producer.start();
        return producer;
    }

    @Test
    void queryMsgByIdResendsTheMessageToItsTopicAsTheOfficialMqadminDoes() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicResend", 2);
        DefaultMQProducer producer = officialProducer("PG_RESEND");
        SendResult sent;
        try {
            Message m = new Message("TopicResend", "TagR", "resend-key", "resend me".getBytes(StandardCharsets.UTF_8));
            m.putUserProperty("color", "blue");
            sent = producer.send(m, new MessageQueue("TopicResend", "broker-a", 0));
        } finally {
            producer.shutdown();
        }
        String id = sent.getOffsetMsgId();
        String resent = mqadmin.ok("queryMsgById", "-n", ns, "-i", id, "-s", "true");
        assertThat(resent).startsWith("prepare resend msg. originalMsgId=" + id + "SendResult [sendStatus=SEND_OK, msgId="
                + sent.getMsgId() + ", offsetMsgId=").contains("messageQueue=MessageQueue [topic=TopicResend, brokerName=");
        String official = new OfficialMqadmin(dir.resolve("official-resend")).ok("queryMsgById", "-n", ns, "-i", id,
                "-s", "true");
        assertThat(official).startsWith("prepare resend msg. originalMsgId=" + id + "SendResult [sendStatus=SEND_OK, msgId="
                + sent.getMsgId() + ", offsetMsgId=");
        String copies = mqadmin.ok("queryMsgByKey", "-n", ns, "-t", "TopicResend", "-k", "resend-key");
        assertThat(copies.lines().filter(l -> l.startsWith(sent.getMsgId())).count())
                .as("the original and the two copies, under one unique key: %s", copies).isEqualTo(3);
        String shown = mqadmin.ok("queryMsgByUniqueKey", "-n", ns, "-t", "TopicResend", "-i", sent.getMsgId(), "-a");
        assertThat(shown).contains("color=blue", "KEYS=resend-key", "TAGS=TagR");
    }

    @Test
    void queryMsgByIdHandsTheMessageToALiveConsumerAgain() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicDirect", 1);
        mqadmin.ok("updateSubGroup", "-n", ns, "-c", "DefaultCluster", "-g", "CG_DIRECT");
        Queue<String> consumed = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("CG_DIRECT");
        consumer.setNamesrvAddr(ns);
        consumer.setInstanceName(FeatureCompatibilityTest.unique("mqadmin-direct"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("TopicDirect", "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        DefaultMQProducer producer = officialProducer("PG_DIRECT");
        try {
            SendResult sent = producer.send(new Message("TopicDirect", "TagD", "direct me".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(60)).until(() -> consumed.contains("direct me"));
            String clientId = consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getClientId();
            String direct = mqadmin.ok("queryMsgById", "-n", ns, "-i", sent.getOffsetMsgId(), "-g", "CG_DIRECT",
                    "-d", clientId);
            assertThat(direct).startsWith("ConsumeMessageDirectlyResult [order=false, autoCommit=true, "
                    + "consumeResult=CR_SUCCESS");
            assertThat(consumed.stream().filter("direct me"::equals).count()).as("consumed once more, directly").isEqualTo(2);
        } finally {
            producer.shutdown();
            consumer.shutdown();
        }
    }

    @Test
    void brokerConsumeStatsAndProducerPrintWhatTheOfficialMqadminPrints() throws Exception {
        String ns = cluster.namesrvAddr();
        String a = cluster.brokerAddr("broker-a");
        topic("TopicOps", 2);
        mqadmin.ok("updateSubGroup", "-n", ns, "-c", "DefaultCluster", "-g", "CG_OPS");
        DefaultMQProducer producer = officialProducer("PG_OPS");
        try {
            for (int i = 0; i < 3; i++) {
                producer.send(new Message("TopicOps", "TagA", ("ops-" + i).getBytes(StandardCharsets.UTF_8)),
                        new MessageQueue("TopicOps", "broker-a", 0));
            }
            cluster.onBroker("broker-a", b -> {
                b.offsets().commit("CG_OPS", "TopicOps", 0, 1);
                b.offsets().commit("CG_OPS", "TopicOps", 1, 0);
                return null;
            });
            OfficialMqadmin official = new OfficialMqadmin(dir.resolve("official-ops"));

            String stats = mqadmin.ok("brokerConsumeStats", "-n", ns, "-b", a);
            List<String> rows = stats.lines().filter(l -> l.startsWith("TopicOps ")).toList();
            assertThat(rows).as("queue 1 has no consumed message, so no last time and no row").singleElement().satisfies(
                    r -> assertThat(r.split("\\s+")).startsWith("TopicOps", "CG_OPS", "broker-a", "0", "3", "1", "2"));
            assertThat(stats).contains("\nDiff Total: ");
            String officialStats = official.ok("brokerConsumeStats", "-n", ns, "-b", a);
            assertThat(stats.lines().filter(l -> !l.isBlank()).toList()).as("the same lines as the official mqadmin's")
                    .isEqualTo(officialStats.lines().filter(l -> l.startsWith("#Topic") || l.startsWith("Diff Total")
                            || l.contains("  broker-a  ")).toList());
            assertThat(mqadmin.ok("brokerConsumeStats", "-n", ns, "-b", a, "-l", "3").lines()
                    .filter(l -> l.startsWith("TopicOps ")).toList()).as("-l 3 leaves out the diff of 2").isEmpty();

            String clientId = producer.getDefaultMQProducerImpl().getmQClientFactory().getClientId();
            List<String> producers = mqadmin.ok("producer", "-n", ns, "-b", a).lines().filter(l -> l.contains("(PG_OPS)")).toList();
            assertThat(producers).singleElement().asString().startsWith("producer group (PG_OPS) instance : clientId=" + clientId
                    + ",remoteIP=127.0.0.1:").contains(", language=JAVA, version=").containsPattern("lastUpdateTimestamp=\\d+$");
            List<String> officialProducers = official.ok("producer", "-n", ns, "-b", a).lines()
                    .filter(l -> l.contains("(PG_OPS)")).toList();
            assertThat(withoutTimestamps(producers)).isEqualTo(withoutTimestamps(officialProducers));
        } finally {
            producer.shutdown();
        }
    }

    private static List<String> withoutTimestamps(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("lastUpdateTimestamp=\\d+", "lastUpdateTimestamp=")).toList();
    }

    @Test
    void queryCqPrintsARangeOfRawEntriesAsTheOfficialMqadminDoes() throws Exception {
        String ns = cluster.namesrvAddr();
        String b = cluster.brokerAddr("broker-b");
        topic("TopicCq", 1);
        for (int i = 0; i < 3; i++) {
            send("TopicCq", "cq-" + i, "broker-b", 0);
        }
        String petrel = mqadmin.ok("queryCq", "-n", ns, "-t", "TopicCq", "-q", "0", "-i", "1", "-c", "5", "-b", b);
        assertThat(petrel).startsWith("Queue data: \nmax: 3, min: 0\n======================================\nidx: 1\n"
                + "ConsumeQueueData{physicOffset=").contains("idx: 2").doesNotContain("idx: 3", "Subscription data");
        String official = new OfficialMqadmin(dir.resolve("official-cq")).ok("queryCq", "-n", ns, "-t", "TopicCq", "-q", "0",
                "-i", "1", "-c", "5", "-b", b);
        assertThat(official).contains(petrel);

        PetrelMqadmin.Run past = mqadmin.run("queryCq", "-n", ns, "-t", "TopicCq", "-q", "0", "-i", "7", "-b", b);
        assertThat(past.exitCode()).isEqualTo(1);
        assertThat(past.err()).isEqualTo("mqadmin queryCq: broker " + b + " has no such entry: Index 7 of 0@TopicCq is not exist!\n");
        PetrelMqadmin.Run unknown = mqadmin.run("queryCq", "-n", ns, "-t", "NoSuchTopicCq", "-q", "0", "-i", "0");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("mqadmin queryCq: topic NoSuchTopicCq does not exist");
    }

    @Test
    void cloneGroupOffsetCopiesTheSourceGroupsOffsetsOnEveryBrokerOfTheTopic() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicClone", 1);
        cluster.onBroker("broker-a", b -> {
            b.offsets().commit("CG_CLONE_SRC", "TopicClone", 0, 2);
            return null;
        });
        cluster.onBroker("broker-b", b -> {
            b.offsets().commit("CG_CLONE_SRC", "TopicClone", 0, 1);
            return null;
        });
        assertThat(mqadmin.ok("cloneGroupOffset", "-n", ns, "-s", "CG_CLONE_SRC", "-d", "CG_CLONE_DEST", "-t", "TopicClone",
                "-o", "true")).isEqualTo("clone group offset success. srcGroup[CG_CLONE_SRC], destGroup=[CG_CLONE_DEST], "
                        + "topic[TopicClone]\n");
        Map<Integer, Long> onA = cluster.onBroker("broker-a", b -> b.offsets().offsets("CG_CLONE_DEST", "TopicClone"));
        Map<Integer, Long> onB = cluster.onBroker("broker-b", b -> b.offsets().offsets("CG_CLONE_DEST", "TopicClone"));
        assertThat(onA).containsExactly(Map.entry(0, 2L));
        assertThat(onB).containsExactly(Map.entry(0, 1L));
        PetrelMqadmin.Run unknown = mqadmin.run("cloneGroupOffset", "-n", ns, "-s", "CG_CLONE_SRC", "-d", "X", "-t", "NoSuchTopic");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("mqadmin cloneGroupOffset: topic NoSuchTopic does not exist");
    }

    @Test
    void storeCleanUpsRunOnABrokerAClusterOrEveryBroker() throws Exception {
        String ns = cluster.namesrvAddr();
        String a = cluster.brokerAddr("broker-a");
        topic("TopicLost", 1);
        send("TopicLost", "lost", "broker-a", 0);
        send("TopicLost", "kept", "broker-b", 0);
        cluster.onBroker("broker-a", b -> b.topics().delete("TopicLost"));
        assertThat(mqadmin.ok("cleanUnusedTopic", "-n", ns, "-b", a)).isEqualTo("success\n");
        boolean gone = cluster.onBroker("broker-a", b -> b.store().consumeQueueKeys().stream()
                .noneMatch(q -> q.topic().equals("TopicLost")));
        assertThat(gone).as("broker-a destroyed the consume queue of the topic its table lost").isTrue();

        assertThat(mqadmin.ok("cleanExpiredCQ", "-n", ns, "-c", "DefaultCluster")).isEqualTo("success\n");
        assertThat(mqadmin.ok("deleteExpiredCommitLog", "-n", ns)).isEqualTo("success\n");
        long kept = cluster.onBroker("broker-b", b -> b.store().getMaxOffsetInQueue("TopicLost", 0));
        assertThat(kept).as("nothing has expired, and broker-b's table still has the topic").isEqualTo(1);

        PetrelMqadmin.Run unknown = mqadmin.run("cleanExpiredCQ", "-n", ns, "-c", "NoCluster");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("mqadmin cleanExpiredCQ: cluster NoCluster not found");
        PetrelMqadmin.Run nowhere = mqadmin.run("deleteExpiredCommitLog", "-n", ns, "-b", "127.0.0.1:" + FreePorts.next());
        assertThat(nowhere.exitCode()).isEqualTo(1);
        assertThat(nowhere.out()).startsWith("failed on 127.0.0.1:").contains("cannot connect to broker").endsWith("\nfalse\n");
    }

    @Test
    void exportMetricsWritesEachMastersQuotaAndTheClusterTotals() throws Exception {
        String ns = cluster.namesrvAddr();
        topic("TopicMetrics", 1);
        send("TopicMetrics", "m", "broker-a", 0);
        Path out = dir.resolve("metrics");
        assertThat(mqadmin.ok("exportMetrics", "-n", ns, "-c", "DefaultCluster", "-f", out.toString()))
                .isEqualTo("export " + out.resolve("metrics.json") + " success\n");
        JsonNode json = Json.mapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode quota = json.get("evaluateReport").get("broker-a").get("runtimeQuota");
        assertThat(quota.get("topicSize").asInt()).as("user topics only").isPositive();
        assertThat(quota.get("tps").fieldNames()).toIterable()
                .containsExactly("normalInTps", "normalOutTps", "scheduleInTps", "transInTps");
        assertThat(quota.get("diskRatio").get("commitLogDiskRatio").asText()).matches("\\d\\.\\d{4}");
        assertThat(json.get("evaluateReport").get("broker-b").get("runtimeVersion").get("rocketmqVersion").asText())
                .isEqualTo("V4_9_8");
        assertThat(json.get("totalData").get("totalOneDayNum").fieldNames()).toIterable()
                .containsExactly("normalOneDayInNum", "normalOneDayOutNum", "scheduleOneDayInNum", "transOneDayInNum");
        PetrelMqadmin.Run unknown = mqadmin.run("exportMetrics", "-n", ns, "-c", "NoCluster", "-f", out.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("mqadmin exportMetrics: cluster NoCluster not found");
    }
}
