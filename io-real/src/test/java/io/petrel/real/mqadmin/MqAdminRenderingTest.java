package io.petrel.real.mqadmin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.admin.AdminException;
import io.petrel.admin.AdminMessage;
import io.petrel.admin.BrokerConfigSection;
import io.petrel.admin.ClusterListing;
import io.petrel.admin.ClusterRow;
import io.petrel.admin.ConsumeDirectlyResult;
import io.petrel.admin.ConsumerOffsetsReport;
import io.petrel.admin.ConsumerStatusReport;
import io.petrel.admin.GroupConfigRow;
import io.petrel.admin.GroupDeleteResult;
import io.petrel.admin.GroupProgress;
import io.petrel.admin.MessageTrack;
import io.petrel.admin.PeerResult;
import io.petrel.admin.PullAnswer;
import io.petrel.admin.ResetOffsetResult;
import io.petrel.admin.RollbackStats;
import io.petrel.admin.SendOutcome;
import io.petrel.admin.Settled;
import io.petrel.admin.StatsAllRow;
import io.petrel.admin.TopicConsumerRow;
import io.petrel.admin.TopicDeleteResult;
import io.petrel.admin.TopicUpdateResult;
import io.petrel.common.BrokerStatsData;
import io.petrel.common.BrokerStatsItem;
import io.petrel.common.ConsumeQueueData;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumeStatsList;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.FastjsonBodies;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.ProducerConnection;
import io.petrel.common.ProducerInfo;
import io.petrel.common.ProducerTableInfo;
import io.petrel.common.QueryConsumeQueueResponseBody;
import io.petrel.common.SubscriptionData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicRouteData;
import io.petrel.common.TopicStatsTable;
import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Every mqadmin renderer against a golden file, from fixed result records. Where the official
 * 4.9.8 mqadmin printed the same facts (its capture, docs/protocol.md §3.6), the output must equal
 * what it printed, line for line; the few deliberate differences are named where they occur.
 */
class MqAdminRenderingTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final String BROKER = "127.0.0.1:40911";
    private static final String CLIENT = "127.0.0.1@12345#1700000000000";
    private static final MessageQueue Q0 = new MessageQueue("TopicTest", "broker-a", 0);

    private static void golden(String name, String rendered) {
        Golden.assertMatches(name, rendered);
    }

    /** Golden, and equal to what the official mqadmin printed for {@code command}. */
    private static void goldenAndOfficial(String name, String command, String rendered) {
        golden(name, rendered);
        assertThat(rendered.stripTrailing()).as("same as the official mqadmin's " + command)
                .isEqualTo(OfficialCapture.output(command));
    }

    private static Map<String, String> runtimeInfo() {
        return new TreeMap<>(Json.read(Vectors.bytes("broker_runtime_info_body.json"), KVTable.class).table());
    }

    @Test
    void clusterListPrintsRocketMqsColumnsAndLoad() {
        Map<String, String> info = runtimeInfo();
        long earliest = Long.parseLong(info.get("earliestMessageTimeStamp"));
        ClusterListing listing = new ClusterListing(List.of(new ClusterRow("DefaultCluster", "broker-a", 0, BROKER,
                Settled.ok(info))), earliest + 3_600_000);
        goldenAndOfficial("clusterList", "clusterList", Golden.render(out -> ClusterRenderer.clusterList(listing, out)));

        ClusterListing two = new ClusterListing(List.of(new ClusterRow("DefaultCluster", "broker-a", 0, BROKER, Settled.ok(info)),
                new ClusterRow("DefaultCluster", "broker-a", 1, "127.0.0.1:40921",
                        Settled.failed(new AdminException(AdminException.Kind.TIMEOUT, "no answer")))), earliest + 7_200_000);
        golden("clusterList-with-unreachable-slave", Golden.render(out -> ClusterRenderer.clusterList(two, out)));
        golden("clusterList-m", Golden.render(out -> ClusterRenderer.clusterListMore(two, out)));
    }

    @Test
    void brokerStatusAndConfig() {
        Map<String, String> info = runtimeInfo();
        info.put("earliestMessageTimeStamp", "1795475335922");
        goldenAndOfficial("brokerStatus", "brokerStatus", Golden.render(out -> ClusterRenderer.brokerStatus(info, out)));
        golden("brokerStatus-c", Golden.render(out -> ClusterRenderer.brokerStatusOfCluster(List.of(
                new PeerResult<>(BROKER, Map.of("brokerVersionDesc", "V4_9_8"), null),
                new PeerResult<>("127.0.0.1:40921", null, new AdminException(AdminException.Kind.BROKER_UNREACHABLE,
                        "cannot connect to broker 127.0.0.1:40921: connection refused"))), out)));

        TreeMap<String, String> config = new TreeMap<>(Map.of("flushDiskType", "ASYNC_FLUSH", "brokerClusterName",
                "DefaultCluster", "brokerName", "broker-a", "listenPort", "40911"));
        String rendered = Golden.render(out -> ClusterRenderer.brokerConfig(List.of(
                new BrokerConfigSection(BROKER, null, false, Settled.ok(config))), out));
        golden("getBrokerConfig", rendered);
        assertThat(rendered.stripTrailing().lines().sorted()).as("the official prints Hashtable order; the lines are the same")
                .isEqualTo(OfficialCapture.output("getBrokerConfig").lines().sorted().toList());
        golden("getBrokerConfig-c", Golden.render(out -> ClusterRenderer.brokerConfig(List.of(
                new BrokerConfigSection(BROKER, null, true, Settled.ok(config)),
                new BrokerConfigSection("127.0.0.1:40921", BROKER, true, Settled.ok(Map.of("brokerId", "1")))), out)));
        goldenAndOfficial("updateBrokerConfig", "updateBrokerConfig", Golden.render(out -> ClusterRenderer
                .brokerConfigUpdated(List.of(new PeerResult<>(BROKER, null, null)), out)));
    }

    @Test
    void topicUpdatesAndDeletes() {
        TopicConfig config = new TopicConfig("TopicTest", 4, 4, 6, TopicFilterType.SINGLE_TAG, 0, false);
        goldenAndOfficial("updateTopic-b", "updateTopic -n 127.0.0.1:39876 -b", Golden.render(out -> TopicRenderer.topicUpdate(
                new TopicUpdateResult(config, List.of(new PeerResult<>(BROKER, null, null)), null, List.of()), false, out)));
        TopicConfig ordered = new TopicConfig("TopicOrder", 8, 8, 6, TopicFilterType.SINGLE_TAG, 0, true);
        String clusterOrdered = Golden.render(out -> TopicRenderer.topicUpdate(new TopicUpdateResult(ordered,
                List.of(new PeerResult<>(BROKER, null, null)), "broker-a:8", List.of(new PeerResult<>("127.0.0.1:39876", null, null))),
                true, out));
        golden("updateTopic-c-order", clusterOrdered);
        assertThat(clusterOrdered.replace("]\nTopicConfig", "]TopicConfig").stripTrailing())
                .as("the official runs the orderConf line into the config; Petrel ends it with a newline")
                .isEqualTo(OfficialCapture.output("updateTopic -n 127.0.0.1:39876 -c"));
        golden("updateTopic-c-partial", Golden.render(out -> TopicRenderer.topicUpdate(new TopicUpdateResult(ordered, List.of(
                new PeerResult<>(BROKER, null, null), new PeerResult<>("127.0.0.1:40931", null, new AdminException(
                        AdminException.Kind.TIMEOUT, "no answer from broker 127.0.0.1:40931 to UPDATE_AND_CREATE_TOPIC(17)"))),
                null, List.of()), true, out)));
        goldenAndOfficial("deleteTopic", "deleteTopic", Golden.render(out -> TopicRenderer.topicDelete(new TopicDeleteResult(
                "TopicOrder", "DefaultCluster", List.of(new PeerResult<>(BROKER, null, null)),
                List.of(new PeerResult<>("127.0.0.1:39876", null, null))), out)));
    }

    @Test
    void subscriptionGroups() {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig("CG_TEST", true, false, false, 1, 16, 0, 1, true);
        goldenAndOfficial("updateSubGroup", "updateSubGroup", Golden.render(out -> TopicRenderer.groupUpdate(
                List.of(new PeerResult<>(BROKER, null, null)), config, out)));
        TopicDeleteResult retry = new TopicDeleteResult("%RETRY%CG_TEST", "DefaultCluster", List.of(new PeerResult<>(BROKER, null, null)),
                List.of(new PeerResult<>("127.0.0.1:39876", null, null)));
        TopicDeleteResult dlq = new TopicDeleteResult("%DLQ%CG_TEST", "DefaultCluster", List.of(new PeerResult<>(BROKER, null, null)),
                List.of(new PeerResult<>("127.0.0.1:39876", null, null)));
        golden("deleteSubGroup-c", Golden.render(out -> TopicRenderer.groupDelete(new GroupDeleteResult("CG_TEST",
                List.of(new PeerResult<>(BROKER, null, null)), Settled.ok(retry), Settled.ok(dlq)), "DefaultCluster", out)));
        golden("deleteSubGroup-b", Golden.render(out -> TopicRenderer.groupDelete(new GroupDeleteResult("CG_TEST",
                List.of(new PeerResult<>(BROKER, null, null)), null, null), null, out)));
    }

    @Test
    void topicListsRouteStatusAndClusters() {
        goldenAndOfficial("topicList", "topicList -n 127.0.0.1:39876", Golden.render(out -> TopicRenderer.topicList(
                List.of("%RETRY%CG_TEST", "TopicTest", "TBW102"), out)));
        goldenAndOfficial("topicList-c", "topicList -n 127.0.0.1:39876 -c", Golden.render(out -> TopicRenderer
                .topicListWithConsumers(List.of(new TopicConsumerRow("DefaultCluster", "TopicTest", "CG_TEST"),
                        new TopicConsumerRow("DefaultCluster", "TBW102", "CG_TEST")), out)));

        TopicRouteData route = Json.read(Vectors.bytes("topic_route_data_standard_body.json"), TopicRouteData.class);
        golden("topicRoute", Golden.render(out -> TopicRenderer.topicRoute(route, out)));
        golden("topicRoute-l", Golden.render(out -> TopicRenderer.topicRouteList(route, out)));

        TreeMap<MessageQueue, TopicOffset> offsets = new TreeMap<>();
        for (int q = 0; q < 4; q++) {
            offsets.put(new MessageQueue("TopicTest", "broker-a", q), q == 0 ? new TopicOffset(0, 10, 1_700_000_000_000L)
                    : new TopicOffset(0, 0, 0));
        }
        goldenAndOfficial("topicStatus", "topicStatus", Golden.render(out -> TopicRenderer.topicStatus(
                new TopicStatsTable(offsets), UTC, out)));
        golden("topicClusterList", Golden.render(out -> TopicRenderer.topicClusters(List.of("DefaultCluster"), out)));
    }

    @Test
    void consumerProgressOfOneGroupAndOfAll() {
        ConsumeStats stats = new ConsumeStats(Map.of(Q0, new OffsetWrapper(10, 7, 1_700_000_000_000L)), 1.5);
        goldenAndOfficial("consumerProgress-g", "consumerProgress", Golden.render(out -> ConsumerRenderer.progress(
                stats, null, UTC, out)));
        ConsumeStats two = FastjsonBodies.read(Vectors.bytes("consume_stats_body.json"), ConsumeStats.class);
        golden("consumerProgress-g-s", Golden.render(out -> ConsumerRenderer.progress(two, Map.of(Q0, "127.0.0.1"), UTC, out)));
        golden("consumerProgress", Golden.render(out -> ConsumerRenderer.allGroups(List.of(
                new GroupProgress("CG_TEST", 1, 409, ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING, 1, 3),
                new GroupProgress("CG_PULL", 2, 401, ConsumeType.CONSUME_ACTIVELY, MessageModel.CLUSTERING, 0, 0),
                new GroupProgress("CG_GONE", 0, null, null, null, 0, 12)), out)));
    }

    @Test
    void consumerStatusConnectionsAndOffsets() {
        ConsumerConnection cc = Json.read(Vectors.bytes("consumer_connection_body.json"), ConsumerConnection.class);
        ConsumerRunningInfo info = FastjsonBodies.read(Vectors.bytes("capture/consumer_running_info_body.json"),
                ConsumerRunningInfo.class);
        ConsumerStatusReport report = new ConsumerStatusReport("CG_TEST", cc, Map.of(CLIENT, Settled.ok(info)));
        long now = 1_795_478_935_232L;
        goldenAndOfficial("consumerStatus", "consumerStatus", Golden.render(out -> RunningInfoRenderer.clients(report,
                Map.of(CLIENT, now + "/" + CLIENT), now, out)));
        golden("consumerStatus-i", RunningInfoRenderer.text(info, UTC));
        golden("consumerConnection", Golden.render(out -> ConsumerRenderer.consumerConnection(cc, out)));
        golden("producerConnection", Golden.render(out -> ConsumerRenderer.producerConnection(
                Json.read(Vectors.bytes("producer_connection_body.json"), ProducerConnection.class), out)));
        golden("getConsumerStatus", Golden.render(out -> ConsumerRenderer.consumerOffsets(new ConsumerOffsetsReport(
                "TopicTest", "CG_TEST", "127.0.0.1", Map.of(CLIENT, Map.of(Q0, 7L)),
                ConsumerOffsetsReport.Source.CONSUMER_STATUS), out)));
    }

    @Test
    void resetOffsetOnlineAndOffline() {
        golden("resetOffsetByTime", Golden.render(out -> ConsumerRenderer.resetOffset(new ResetOffsetResult("TopicTest",
                "CG_TEST", -1, true, Map.of(Q0, 10L, new MessageQueue("TopicTest", "broker-a", 1), 3L), null), "now", out)));
        golden("resetOffsetByTime-offline", Golden.render(out -> ConsumerRenderer.resetOffset(new ResetOffsetResult(
                "TopicTest", "CG_TEST", 1_700_000_000_000L, false, null, List.of(new RollbackStats("broker-a", 0, 10, 7, 2, 2),
                        new RollbackStats("broker-a", 1, 3, 3, 2, 2))), "1700000000000", out)));
    }

    private static AdminMessage capturedMessage() {
        byte[] body = OfficialCapture.responseBody("broker:40911", 189);
        StoredMessage stored = StoredMessage.decode(ByteBuffer.wrap(body), 0, false);
        return new AdminMessage(stored, stored.properties(), stored.body(), null);
    }

    @Test
    void messagesByIdKeyAndPulls() {
        AdminMessage m = capturedMessage();
        String details = Golden.render(out -> {
            MessageRenderer.details(m, "/tmp/rocketmq/msgbodys/" + m.msgId(), UTC, out);
            MessageRenderer.tracks(List.of(new MessageTrack("CG_TEST", MessageTrack.TrackType.CONSUMED, null)), out);
        });
        golden("queryMsgById", details);
        assertThat(details.lines().filter(l -> !l.startsWith("Properties:")).map(String::stripTrailing))
                .as("the official prints properties in HashMap order; every other line is the same")
                .containsExactlyElementsOf(OfficialCapture.output("queryMsgById").lines()
                        .filter(l -> !l.startsWith("Properties:")).map(String::stripTrailing).toList());
        golden("queryMsgById-no-consumer", Golden.render(out -> MessageRenderer.tracks(List.of(), out)));
        goldenAndOfficial("queryMsgByKey", "queryMsgByKey", Golden.render(out -> MessageRenderer.byKey(List.of(m), out)));
        golden("sendMessage", Golden.render(out -> MessageRenderer.sent(new SendOutcome(Q0, "SEND_OK",
                "7F0000010D2718B4AAC2000000000000", "7F00000100009FCF0000000000000000", 0), out)));
        AdminMessage pulled = new AdminMessage(m.stored(), m.properties(), "Hello RocketMQ".getBytes(StandardCharsets.UTF_8),
                "broker-a");
        golden("printMsg", Golden.render(out -> {
            MessageRenderer.queueStart(Q0, 0, 1, out);
            MessageRenderer.pulled(List.of(pulled), true, StandardCharsets.UTF_8, out);
            MessageRenderer.pullStatus(Q0, new PullAnswer(PullAnswer.Status.NO_NEW_MSG, 1, 0, 1, List.of()), out);
            out.println(MessageRenderer.QUEUE_END);
        }));
    }

    @Test
    void namesrvWritesAndStats() {
        goldenAndOfficial("wipeWritePerm", "wipeWritePerm", Golden.render(out -> ClusterRenderer.writePerm("wipe", "broker-a",
                List.of(new PeerResult<>("127.0.0.1:39876", 3, null)), out)));
        golden("wipeWritePerm-partial", Golden.render(out -> ClusterRenderer.writePerm("wipe", "broker-a", List.of(
                new PeerResult<>("127.0.0.1:9876", 3, null), new PeerResult<>("127.0.0.1:9877", null,
                        new AdminException(AdminException.Kind.BROKER_UNREACHABLE, "cannot connect to NameServer 127.0.0.1:9877"))),
                out)));
        golden("updateKvConfig", Golden.render(out -> ClusterRenderer.kvWritten("create or update kv config to namespace success.",
                "update kv config", List.of(new PeerResult<>("127.0.0.1:9876", null, null)), out)));
        golden("statsAll", Golden.render(out -> ClusterRenderer.statsAll(List.of(
                new StatsAllRow("TopicTest", "CG_TEST", 3, 12.5, 3.0, 150, 140),
                new StatsAllRow("TopicIdle", null, 0, 0, 0, 0, 0)), out)));
    }

    @Test
    void getConsumerConfigPrintsEachBrokersSettingsAsRocketMqDoes() {
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("OrderGroup", true, false, false, 1, 1, 0, 1, true);
        List<GroupConfigRow> rows = List.of(new GroupConfigRow("rocketmq-cluster", "broker-a", BROKER, group, null),
                new GroupConfigRow("rocketmq-cluster", "broker-b", "127.0.0.1:40921", null,
                        new AdminException(AdminException.Kind.TIMEOUT, "no answer")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String rendered = Golden.render(out -> TopicRenderer.groupConfigs(rows, out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        golden("getConsumerConfig", rendered);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("mqadmin getConsumerConfig: broker-b (127.0.0.1:40921) could not be read: no answer\n");
    }

    @Test
    void getNamesrvConfigPrintsEachNameServersKeys() {
        golden("getNamesrvConfig", Golden.render(out -> NamesrvRenderer.configs(List.of(
                new PeerResult<>("127.0.0.1:9876", new TreeMap<>(Map.of("listenPort", "9876", "orderMessageEnable", "false")),
                        null),
                new PeerResult<>("127.0.0.1:9877", null, new AdminException(AdminException.Kind.TIMEOUT, "no answer in 3000 ms"))),
                out)));
    }

    @Test
    void updateOrderConfPrintsRocketMqsLines() {
        golden("updateOrderConf-get", Golden.render(out -> NamesrvRenderer.orderConfRead("TopicOrder", "broker-a:4;broker-b:4",
                out)));
        golden("updateOrderConf-put-partial", Golden.render(out -> ClusterRenderer.kvWritten(
                "update orderConf success. topic=[TopicOrder], orderConf=[broker-a:4]", "update orderConf", List.of(
                        new PeerResult<>("127.0.0.1:9876", null, null), new PeerResult<>("127.0.0.1:9877", null,
                                new AdminException(AdminException.Kind.TIMEOUT, "no answer in 3000 ms"))), out)));
    }

    @Test
    void queryMsgByUniqueKeyPrintsTheFieldsWithoutOffsetIdAndTheDirectConsumeResult() {
        AdminMessage m = capturedMessage();
        golden("queryMsgByUniqueKey", Golden.render(out -> {
            MessageRenderer.fields(m, "/tmp/rocketmq/msgbodys/" + m.msgId(), UTC, out);
            MessageRenderer.tracks(List.of(), out);
        }));
        golden("queryMsgByUniqueKey-g-d", Golden.render(out -> MessageRenderer.consumedDirectly(
                new ConsumeDirectlyResult(false, true, "CR_SUCCESS", null, 3), out)));
    }

    @Test
    void printMsgByQueuePrintsMessagesThenTagCountsMostFirst() {
        AdminMessage m = capturedMessage();
        golden("printMsgByQueue", Golden.render(out -> {
            MessageRenderer.pulled(List.of(m), false, StandardCharsets.UTF_8, out);
            MessageRenderer.tagCounts(new TreeMap<>(Map.of("TagA", 1L, "TagB", 3L, "TagC", 1L)), out);
        }));
    }

    @Test
    void sendMsgStatusPrintsEachRoundTripWithJavasSendResult() {
        golden("sendMsgStatus", Golden.render(out -> SendRtRenderer.sendStatus(3, new SendOutcome(new MessageQueue("broker-a",
                "broker-a", 0), "SEND_OK", "7F0000010D2718B4AAC2000000000000", "7F00000100009FCF0000000000000000", 5), out)));
    }

    @Test
    void checkMsgSendRtPrintsAQueueARowAndTheMean() {
        golden("checkMsgSendRT", Golden.render(out -> {
            SendRtRenderer.checkHeader(out);
            SendRtRenderer.checkRow(Q0, true, 4, out);
            SendRtRenderer.checkRow(new MessageQueue("TopicTest", "broker-a", 1), false, 3000, out);
            SendRtRenderer.average(3000.0, out);
            SendRtRenderer.average(0.0 / 0, out);
        }));
    }

    @Test
    void clusterRtPrintsARowPerBrokerOrTlogLines() {
        SendRtRenderer.BrokerRt rt = new SendRtRenderer.BrokerRt("DefaultCluster", "broker-a", 1.505, 100, 0);
        golden("clusterRT", Golden.render(out -> {
            SendRtRenderer.clusterHeader(out);
            SendRtRenderer.clusterRow(rt, out);
        }));
        golden("clusterRT-p", Golden.render(out -> SendRtRenderer.clusterTlog(1_700_000_000_000L, "room1", rt, out)));
    }

    @Test
    void skipAccumulatedMessagePrintsTheResetTableWithoutItsTitle() {
        golden("skipAccumulatedMessage", Golden.render(out -> ConsumerRenderer.resetOffsetTable(new ResetOffsetResult("TopicTest",
                "CG_TEST", -1, true, Map.of(Q0, 10L, new MessageQueue("TopicTest", "broker-a", 1), 3L), null), out)));
    }

    @Test
    void queryMsgTraceByIdDecodesPubAndSubAfterRecordsOfTheIdAndPrintsThemByGroup() {
        String id = "7F0000010D2718B4AAC2000000000000";
        String body = String.join("\u0002", String.join("\u0001", "Pub", "1700000000000", "DefaultRegion", "PG_TEST", "TopicTest",
                id, "TagA", "KEY1", "127.0.0.1:40911", "16", "5", "0", "7F00000100009FCF0000000000000000", "true", "127.0.0.1"),
                String.join("\u0001", "SubBefore", "1700000001000", "DefaultRegion", "CG_A", "req1", id, "0", "KEY1"),
                String.join("\u0001", "SubAfter", "req1", id, "7", "true", "KEY1", "0", "1700000001000", "CG_A"),
                String.join("\u0001", "SubAfter", "req2", id, "9", "false", "KEY1", "0", "1700000002000", "CG_B"),
                String.join("\u0001", "SubAfter", "req3", "OTHER", "9", "false", "KEY1", "0", "1700000002000", "CG_B"),
                String.join("\u0001", "SubAfter", "req4", id, "x", "true", "KEY1")) + "\u0002";
        AdminMessage m = capturedMessage();
        AdminMessage trace = new AdminMessage(m.stored(), m.properties(), body.getBytes(StandardCharsets.UTF_8), "broker-a");
        TraceViews.Decoded decoded = TraceViews.decode(id, List.of(trace));
        assertThat(decoded.problems()).singleElement().asString().contains("does not parse");
        golden("queryMsgTraceById", Golden.render(out -> TraceRenderer.traces(decoded.views(), UTC, out)));
    }

    @Test
    void updateTopicPermPrintsTheChangeAndTheConfig() {
        golden("updateTopicPerm", Golden.render(out -> {
            TopicRenderer.permUpdated(6, 4, BROKER, out);
            out.print(Formats.f("%s.%n", Formats.topicConfig(new TopicConfig("TopicTest", 8, 8, 4, TopicFilterType.SINGLE_TAG, 0,
                    false))));
        }));
    }

    @Test
    void allocateMqPrintsRocketMqsRebalanceResultJson() {
        Map<String, List<MessageQueue>> byIp = new LinkedHashMap<>();
        byIp.put("10.0.0.2", List.of(Q0, new MessageQueue("TopicTest", "broker-a", 1)));
        byIp.put("10.0.0.1", List.of());
        golden("allocateMQ", Golden.render(out -> TopicRenderer.allocation(byIp, out)));
    }

    @Test
    void startMonitoringIsRefusedWithTheReason() {
        golden("startMonitoring", Golden.render(MonitoringCommands.StartMonitoring::refusal));
    }

    @Test
    void exportConfigsWritesTheMastersChosenSettingsAndTheClusterScale() {
        Map<String, String> config = new TreeMap<>(Map.of("brokerName", "broker-a", "brokerClusterName", "DefaultCluster",
                "brokerId", "0", "brokerRole", "ASYNC_MASTER", "flushDiskType", "ASYNC_FLUSH", "listenPort", "40911"));
        golden("exportConfigs", ExportCommands.configsJson(List.of(new BrokerConfigSection(BROKER, null, true, Settled.ok(config)),
                new BrokerConfigSection("127.0.0.1:40921", BROKER, true, Settled.ok(Map.of("brokerId", "1")))), 2));
    }

    @Test
    void exportMetadataSumsQueuesOverMastersAndWritesTheTablesAsked() {
        Map<String, TopicConfig> topics = new TreeMap<>();
        Map<String, SubscriptionGroupConfig> groups = new TreeMap<>();
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("CG_TEST", true, true, false, 1, 16, 0, 1, true);
        MetadataCommands.merge(topics, groups, Map.of("TopicTest", TopicConfig.of("TopicTest", 4, 4, 6)), Map.of("CG_TEST", group));
        MetadataCommands.merge(topics, groups, Map.of("TopicTest", TopicConfig.of("TopicTest", 8, 8, 6)), Map.of("CG_TEST", group));
        golden("exportMetadata", MetadataCommands.clusterJson(topics, groups, false, false, 1_700_000_000_000L));
        golden("exportMetadata-t", MetadataCommands.clusterJson(topics, groups, true, false, 1_700_000_000_000L));
    }

    @Test
    void brokerConsumeStatsPrintsConsumedQueuesAtOrAboveTheLevelAndTheBrokersTotalDiff() {
        MessageQueue q1 = new MessageQueue("TopicTest", "broker-a", 1);
        MessageQueue q2 = new MessageQueue("TopicTest", "broker-a", 2);
        ConsumeStats test = new ConsumeStats(Map.of(q2, new OffsetWrapper(12, 12, 1_700_000_100_000L),
                Q0, new OffsetWrapper(10, 7, 1_700_000_000_000L), q1, new OffsetWrapper(5, 0, 0)), 0);
        ConsumeStats order = new ConsumeStats(Map.of(new MessageQueue("TopicOrder", "broker-a", 0),
                new OffsetWrapper(40, 1, 1_700_000_200_000L)), 0);
        Map<String, List<ConsumeStats>> cgTest = new TreeMap<>(Map.of("CG_TEST", List.of(test)));
        Map<String, List<ConsumeStats>> cgOrder = new TreeMap<>(Map.of("CG_ORDER", List.of(order)));
        Map<String, List<ConsumeStats>> idle = new TreeMap<>(Map.of("CG_IDLE", List.of()));
        ConsumeStatsList list = new ConsumeStatsList(List.of(cgTest, cgOrder, idle), BROKER, 47);
        golden("brokerConsumeStats", Golden.render(out -> OperationsRenderer.brokerConsumeStats(list, 0, UTC, out)));
        golden("brokerConsumeStats-l", Golden.render(out -> OperationsRenderer.brokerConsumeStats(list, 5, UTC, out)));
    }

    @Test
    void producerPrintsALinePerLiveProducerByGroup() {
        ProducerTableInfo table = new ProducerTableInfo(Map.of("PG_ORDERS", List.of(
                new ProducerInfo(CLIENT, "127.0.0.1:52011", "JAVA", 409, 1_700_000_000_000L),
                new ProducerInfo("127.0.0.1@777#1700000000001", "127.0.0.1:52012", "JAVA", 409, 1_700_000_000_500L)),
                "PG_EMPTY", List.of()));
        golden("producer", Golden.render(out -> OperationsRenderer.producers(table, out)));
    }

    @Test
    void storeMaintenanceCommandsPrintSuccessOrEachFailureAndFalse() {
        golden("cleanExpiredCQ", Golden.render(out -> OperationsRenderer.maintained(List.of(new PeerResult<>(BROKER, null, null),
                new PeerResult<>("127.0.0.1:40921", null, null)), out)));
        golden("cleanUnusedTopic-partial", Golden.render(out -> OperationsRenderer.maintained(List.of(
                new PeerResult<>(BROKER, null, null), new PeerResult<>("127.0.0.1:40921", null, AdminException.remote(
                        "broker 127.0.0.1:40921", "CLEAN_UNUSED_TOPIC(316)", 16,
                        "Need admin permission for request code=316, but accessKey=userKey is not"))), out)));
    }

    @Test
    void queryCqPrintsTheSubscriptionFilterDataBoundsAndNumberedEntries() {
        SubscriptionData sub = new SubscriptionData(false, "TopicTest", "TagA || TagB", Set.of("TagA", "TagB"),
                Set.of(2598919, 2598920), 1_700_000_000_000L, SubscriptionData.TAG);
        QueryConsumeQueueResponseBody body = new QueryConsumeQueueResponseBody(sub, "null", List.of(
                new ConsumeQueueData(0, 180, 2598919, null, null, false, null),
                new ConsumeQueueData(180, 182, 2598920, null, null, false, null)), 3, 0);
        golden("queryCq-g", Golden.render(out -> OperationsRenderer.consumeQueue(body, 1, out)));
        QueryConsumeQueueResponseBody plain = new QueryConsumeQueueResponseBody(null, null, List.of(
                new ConsumeQueueData(180, 182, 2598920, null, null, false, null)), 3, 0);
        golden("queryCq", Golden.render(out -> OperationsRenderer.consumeQueue(plain, 2, out)));
    }

    @Test
    void cloneGroupOffsetPrintsRocketMqsLineOrTheBrokersThatFailed() {
        golden("cloneGroupOffset", Golden.render(out -> ConsumerRenderer.groupOffsetCloned("CG_SRC", "CG_DEST", "TopicTest",
                List.of(new PeerResult<>(BROKER, null, null)), out)));
        golden("cloneGroupOffset-partial", Golden.render(out -> ConsumerRenderer.groupOffsetCloned("CG_SRC", "CG_DEST",
                "TopicTest", List.of(new PeerResult<>(BROKER, null, null), new PeerResult<>("127.0.0.1:40921", null,
                        new AdminException(AdminException.Kind.TIMEOUT, "no answer in 15000 ms"))), out)));
    }

    @Test
    void updateNamesrvConfigPrintsTheGivenNameServersAndTheChangeOrWhoRefused() {
        golden("updateNamesrvConfig-n", Golden.render(out -> NamesrvRenderer.configUpdated(List.of("127.0.0.1:9876",
                "127.0.0.1:9877"), "productEnvName", "ops", List.of(new PeerResult<>("127.0.0.1:9876", null, null),
                        new PeerResult<>("127.0.0.1:9877", null, null)), out)));
        golden("updateNamesrvConfig", Golden.render(out -> NamesrvRenderer.configUpdated(null, "productEnvName", "ops",
                List.of(new PeerResult<>("127.0.0.1:9876", null, null)), out)));
        golden("updateNamesrvConfig-refused", Golden.render(out -> NamesrvRenderer.configUpdated(null, "configStorePath",
                "/tmp/x", List.of(new PeerResult<>("127.0.0.1:9876", null, AdminException.remote("NameServer 127.0.0.1:9876",
                        "UPDATE_NAMESRV_CONFIG(318)", 1, "Can not update config in black list."))), out)));
    }

    @Test
    void exportMetricsWritesEachBrokersQuotaAndTheClusterTotals() {
        Map<String, String> runtime = new TreeMap<>(Map.of("putTps", "12.5 10.0 9.0", "getTransferedTps", "3.0 2.0 1.0",
                "msgPutTotalTodayMorning", "1500", "msgPutTotalYesterdayMorning", "500", "msgGetTotalTodayMorning", "900",
                "msgGetTotalYesterdayMorning", "400", "putMessageAverageSize", "180.5000", "commitLogDiskRatio", "0.2500",
                "consumeQueueDiskRatio", "0.2500"));
        Map<String, String> idle = new TreeMap<>(runtime);
        idle.putAll(Map.of("putTps", "0.0 0.0 0.0", "getTransferedTps", "0.0 0.0 0.0", "msgPutTotalTodayMorning", "0",
                "msgPutTotalYesterdayMorning", "0", "msgGetTotalTodayMorning", "0", "msgGetTotalYesterdayMorning", "0"));
        BrokerStatsData trans = new BrokerStatsData(new BrokerStatsItem(6, 0.1, 1.0), new BrokerStatsItem(30, 0.01, 1.0),
                new BrokerStatsItem(0, 0, 0));
        String json = MetricsCommands.metricsJson(List.of(
                new MetricsCommands.BrokerMetrics("broker-a", runtime, Map.of("brokerName", "broker-a"), 3, 2, trans, null,
                        Set.of("JAVA%V4_9_8", "CPP%V4_9_8")),
                new MetricsCommands.BrokerMetrics("broker-b", idle, Map.of("clientCallbackExecutorThreads", "8"), 1, 0, null,
                        null, Set.of())));
        golden("exportMetrics", json);
        Map<String, String> missing = new TreeMap<>(runtime);
        missing.remove("msgGetTotalTodayMorning");
        assertThat(Assertions.catchThrowable(() -> MetricsCommands.metricsJson(List.of(
                new MetricsCommands.BrokerMetrics("broker-c", missing, Map.of(), 0, 0, null, null, Set.of())))))
                .hasMessage("broker broker-c does not report msgGetTotalTodayMorning in its runtime info, which metrics.json needs");
    }
}
