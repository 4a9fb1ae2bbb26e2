package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerData;
import io.petrel.common.ConsumerIdList;
import io.petrel.common.FilterApi;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.MessageModel;
import io.petrel.common.ProducerData;
import io.petrel.common.SubscriptionData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicRouteData;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.remoting.header.NamesrvHeaders.GetRouteInfoRequestHeader;
import io.petrel.remoting.header.SendHeaders;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One or two brokers with NameServers in simulation, driven through the remoting protocol. */
class BrokerSimTest {

    private Simulator sim;
    private SimCluster cluster;
    private SimNode driver;

    private void startCluster(long seed, Map<String, String> brokerOverrides, int namesrvs, String... brokerNames) {
        sim = new Simulator(seed);
        cluster = new SimCluster(sim);
        for (int i = 0; i < namesrvs; i++) {
            cluster.addNamesrv();
        }
        for (String name : brokerNames) {
            cluster.addBroker(name, brokerOverrides);
        }
        driver = sim.addNode("driver", "10.0.9.1", ProtocolDriver::new);
        driver.start();
        cluster.awaitReady(30_000);
    }

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    private RemotingCommand call(Address to, RemotingCommand request) {
        return ProtocolDriver.call(sim, driver, to, request);
    }

    private Address broker(String name) {
        return cluster.brokerAddress(name);
    }

    private RemotingCommand createTopic(String broker, String topic, int queues, int perm) {
        return call(broker(broker), RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader(topic, "TBW102", queues, queues, perm, "SINGLE_TAG", 0, false)));
    }

    static RemotingCommand sendRequest(String topic, int queueId, String body, Map<String, String> properties) {
        Map<String, String> props = new LinkedHashMap<>(properties);
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG", topic, "TBW102",
                4, queueId, 0, 1_700_000_000_000L, 0, MessageProperties.encode(props), 0, false, null, false, "broker-a"))
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private RemotingCommand send(String broker, String topic, int queueId, String body, Map<String, String> properties) {
        return call(broker(broker), sendRequest(topic, queueId, body, properties));
    }

    static RemotingCommand pullRequest(String group, String topic, int queueId, long offset, String expression,
            boolean suspend, long suspendMs) {
        int sysFlag = 4 | (suspend ? 2 : 0);
        return RemotingCommand.request(RequestCode.PULL_MESSAGE, new ConsumerHeaders.PullMessageRequestHeader(group, topic,
                queueId, offset, 32, sysFlag, -1L, suspendMs, expression, 1L, "TAG", null));
    }

    static List<StoredMessage> decode(RemotingCommand pullResponse) {
        List<StoredMessage> messages = new ArrayList<>();
        ByteBuffer body = pullResponse.body();
        int at = 0;
        while (body != null && at < body.limit()) {
            StoredMessage m = StoredMessage.decode(body, at, true);
            messages.add(m);
            at += m.storeSize();
        }
        return messages;
    }

    @Test
    void sendAndPullRoundTripWithPropertiesKeysAndTags() {
        startCluster(1, Map.of(), 1, "broker-a");
        assertThat(createTopic("broker-a", "TopicTest", 4, 6).code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand sent = send("broker-a", "TopicTest", 2, "hello petrel",
                Map.of("TAGS", "TagA", "KEYS", "K1 K2", "UNIQ_KEY", "ABC", "color", "red", "WAIT", "true"));
        assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        SendMessageResponseHeader h = sent.decodeHeader(SendMessageResponseHeader.class);
        assertThat(h.queueId()).isEqualTo(2);
        assertThat(h.queueOffset()).isZero();
        assertThat(h.msgId()).hasSize(32).startsWith("0A000201");
        assertThat(sent.extFields()).containsEntry("MSG_REGION", "DefaultRegion").containsEntry("TRACE_ON", "true");

        RemotingCommand pulled = call(broker("broker-a"), pullRequest("CG", "TopicTest", 2, 0, "TagA || TagB", false, 0));
        assertThat(pulled.code()).isEqualTo(ResponseCode.SUCCESS);
        ConsumerHeaders.PullMessageResponseHeader ph = pulled.decodeHeader(ConsumerHeaders.PullMessageResponseHeader.class);
        assertThat(ph.nextBeginOffset()).isEqualTo(1);
        assertThat(ph.maxOffset()).isEqualTo(1);
        List<StoredMessage> messages = decode(pulled);
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("hello petrel");
            assertThat(m.topic()).isEqualTo("TopicTest");
            assertThat(m.property("TAGS")).isEqualTo("TagA");
            assertThat(m.property("KEYS")).isEqualTo("K1 K2");
            assertThat(m.property("color")).isEqualTo("red");
            assertThat(m.property("CLUSTER")).isEqualTo("DefaultCluster");
            assertThat(m.property("WAIT")).isNull();
            assertThat(m.offsetMsgId()).isEqualTo(h.msgId());
        });
        RemotingCommand filtered = call(broker("broker-a"), pullRequest("CG", "TopicTest", 2, 0, "TagB", false, 0));
        assertThat(filtered.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(filtered.decodeHeader(ConsumerHeaders.PullMessageResponseHeader.class).nextBeginOffset()).isEqualTo(1);
    }

    @Test
    void longPollingAnswersAsSoonAsAMessageArrivesAndOtherwiseAtTheTimeout() {
        startCluster(2, Map.of(), 1, "broker-a");
        createTopic("broker-a", "Polled", 1, 6);
        ProtocolDriver.Outcome held = new ProtocolDriver.Outcome();
        driver.nodeAs(ProtocolDriver.class).send(broker("broker-a"),
                pullRequest("CG", "Polled", 0, 0, "*", true, 15_000), 30_000, held);
        sim.runFor(5_000);
        assertThat(held.done()).as("held, not answered with not-found").isFalse();
        long sentAt = sim.elapsedMs();
        send("broker-a", "Polled", 0, "wake up", Map.of());
        assertThat(sim.runUntil(held::done, 1_000)).isTrue();
        assertThat(sim.elapsedMs() - sentAt).as("answered on arrival").isLessThan(100);
        assertThat(held.response.code()).isEqualTo(ResponseCode.SUCCESS);

        ProtocolDriver.Outcome empty = new ProtocolDriver.Outcome();
        long start = sim.elapsedMs();
        driver.nodeAs(ProtocolDriver.class).send(broker("broker-a"),
                pullRequest("CG", "Polled", 0, 1, "*", true, 15_000), 30_000, empty);
        assertThat(sim.runUntil(empty::done, 20_000)).isTrue();
        assertThat(empty.response.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(sim.elapsedMs() - start).isBetween(15_000L, 15_100L);
    }

    @Test
    void autoCreateTopicOnTheFirstSendAndRegisterItPromptly() {
        startCluster(3, Map.of("autoCreateTopicEnable", "true", "defaultTopicQueueNums", "8"), 1, "broker-a");
        RemotingCommand sent = send("broker-a", "Fresh", -1, "x", Map.of());
        assertThat(sent.code()).isEqualTo(ResponseCode.SUCCESS);
        sim.runFor(1_000);
        RemotingCommand route = call(cluster.namesrvAddresses().get(0), RemotingCommand.request(
                RequestCode.GET_ROUTEINFO_BY_TOPIC, new GetRouteInfoRequestHeader("Fresh", null)));
        assertThat(route.code()).isEqualTo(ResponseCode.SUCCESS);
        TopicRouteData data = Json.read(route.bodyBytes(), TopicRouteData.class);
        assertThat(data.queueDatas()).singleElement().satisfies(q -> assertThat(q.writeQueueNums()).isEqualTo(4));
    }

    @Test
    void withAutoCreateOffAnUnknownTopicIsTopicNotExist() {
        startCluster(4, Map.of("autoCreateTopicEnable", "false"), 1, "broker-a");
        RemotingCommand sent = send("broker-a", "Nope", 0, "x", Map.of());
        assertThat(sent.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(sent.remark()).contains("topic[Nope] not exist");
    }

    @Test
    void permissionsQueueRangeAndNameChecksAnswerWithRocketMqsCodes() {
        startCluster(5, Map.of(), 1, "broker-a");
        createTopic("broker-a", "ReadOnly", 2, 4);
        createTopic("broker-a", "WriteOnly", 2, 2);
        assertThat(send("broker-a", "ReadOnly", 0, "x", Map.of()).code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(call(broker("broker-a"), pullRequest("CG", "WriteOnly", 0, 0, "*", false, 0)).code())
                .isEqualTo(ResponseCode.NO_PERMISSION);
        RemotingCommand badQueue = send("broker-a", "WriteOnly", 7, "x", Map.of());
        assertThat(badQueue.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(badQueue.remark()).contains("queueId[7] is illegal");
        assertThat(send("broker-a", "bad topic!", 0, "x", Map.of()).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(send("broker-a", "SCHEDULE_TOPIC_XXXX", 0, "x", Map.of()).code()).isEqualTo(ResponseCode.NO_PERMISSION);
        RemotingCommand badPullQueue = call(broker("broker-a"), pullRequest("CG", "ReadOnly", 5, 0, "*", false, 0));
        assertThat(badPullQueue.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        RemotingCommand badExpression = call(broker("broker-a"), pullRequest("CG", "ReadOnly", 0, 0, "||", false, 0));
        assertThat(badExpression.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        RemotingCommand noSubscription = call(broker("broker-a"), RemotingCommand.request(RequestCode.PULL_MESSAGE,
                new ConsumerHeaders.PullMessageRequestHeader("CG", "ReadOnly", 0, 0L, 32, 0, -1L, 0L, null, 1L, null, null)));
        assertThat(noSubscription.code()).isEqualTo(ResponseCode.SUBSCRIPTION_NOT_EXIST);
    }

    @Test
    void aSyncFlushBrokerKeepsEveryAcknowledgedMessageThroughAPowerLoss() {
        startCluster(6, Map.of("flushDiskType", "SYNC_FLUSH"), 1, "broker-a");
        createTopic("broker-a", "Durable", 1, 6);
        for (int i = 0; i < 50; i++) {
            assertThat(send("broker-a", "Durable", 0, "m" + i, Map.of()).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        SimNode broker = cluster.broker("broker-a");
        broker.crash(CrashKind.POWER_LOSS);
        broker.restart();
        cluster.awaitReady(60_000);
        RemotingCommand pulled = call(broker("broker-a"), pullRequest("CG", "Durable", 0, 0, "*", false, 0));
        assertThat(decode(pulled)).extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .startsWith("m0", "m1", "m2").hasSizeGreaterThanOrEqualTo(32);
        RemotingCommand max = call(broker("broker-a"), RemotingCommand.request(RequestCode.GET_MAX_OFFSET,
                new ConsumerHeaders.GetMaxOffsetRequestHeader("Durable", 0, null)));
        assertThat(max.decodeHeader(ConsumerHeaders.OffsetResponseHeader.class).offset()).isEqualTo(50);
    }

    @Test
    void committedOffsetsSurviveABrokerRestart() {
        startCluster(7, Map.of(), 1, "broker-a");
        createTopic("broker-a", "Offsets", 2, 6);
        RemotingCommand commit = call(broker("broker-a"), RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET,
                new ConsumerHeaders.UpdateConsumerOffsetRequestHeader("CG", "Offsets", 1, 42L, null)));
        assertThat(commit.code()).isEqualTo(ResponseCode.SUCCESS);
        cluster.broker("broker-a").shutdown();
        sim.runFor(10_000);
        cluster.broker("broker-a").restart();
        cluster.awaitReady(60_000);
        RemotingCommand query = call(broker("broker-a"), RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET,
                new ConsumerHeaders.QueryConsumerOffsetRequestHeader("CG", "Offsets", 1, null)));
        assertThat(query.decodeHeader(ConsumerHeaders.QueryConsumerOffsetResponseHeader.class).offset()).isEqualTo(42);
    }

    private RemotingCommand heartbeat(String clientId, String group) {
        SubscriptionData sub = FilterApi.build("TopicTest", "*", 1);
        ConsumerData consumer = new ConsumerData(group, ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, Set.of(sub), false);
        HeartbeatData data = new HeartbeatData(clientId, Set.of(new ProducerData("PG")), Set.of(consumer));
        return RemotingCommand.request(RequestCode.HEART_BEAT, null).body(Json.write(data));
    }

    @Test
    void consumerMembershipChangesNotifyTheGroupsMembers() {
        startCluster(8, Map.of(), 1, "broker-a");
        SimNode second = sim.addNode("driver-2", "10.0.9.2", ProtocolDriver::new);
        second.start();
        sim.runFor(10);
        assertThat(call(broker("broker-a"), heartbeat("client-1", "CG")).code()).isEqualTo(ResponseCode.SUCCESS);
        int before = driver.nodeAs(ProtocolDriver.class).notifications().size();
        ProtocolDriver.call(sim, second, broker("broker-a"), heartbeat("client-2", "CG"));
        sim.runFor(100);
        assertThat(driver.nodeAs(ProtocolDriver.class).notifications()).hasSizeGreaterThan(before);
        RemotingCommand ids = call(broker("broker-a"), RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                new ConsumerHeaders.GetConsumerListByGroupRequestHeader("CG")));
        assertThat(Json.read(ids.bodyBytes(), ConsumerIdList.class).consumerIdList())
                .containsExactlyInAnyOrder("client-1", "client-2");
        int afterJoin = driver.nodeAs(ProtocolDriver.class).notifications().size();
        second.crash(CrashKind.PROCESS);
        sim.runFor(100);
        assertThat(driver.nodeAs(ProtocolDriver.class).notifications()).as("told when a member's connection dropped")
                .hasSizeGreaterThan(afterJoin);
        RemotingCommand after = call(broker("broker-a"), RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                new ConsumerHeaders.GetConsumerListByGroupRequestHeader("CG")));
        assertThat(Json.read(after.bodyBytes(), ConsumerIdList.class).consumerIdList()).containsExactly("client-1");
        assertThat(cluster.broker("broker-a").nodeAs(Broker.class).topics().contains("%RETRY%CG")).isTrue();
    }

    @Test
    void aSilentClientIsDroppedAfterTheExpiryTime() {
        startCluster(9, Map.of(), 1, "broker-a");
        call(broker("broker-a"), heartbeat("client-1", "CG"));
        sim.runFor(60_000);
        assertThat(cluster.broker("broker-a").nodeAs(Broker.class).consumers().group("CG")).isNotNull();
        sim.runFor(80_000);
        assertThat(cluster.broker("broker-a").nodeAs(Broker.class).consumers().group("CG")).isNull();
    }

    @Test
    void twoMastersRegisterWithTwoNameServersThatAgreeAndBothTakeMessages() {
        startCluster(11, Map.of(), 2, "broker-a", "broker-b");
        createTopic("broker-a", "Spread", 4, 6);
        createTopic("broker-b", "Spread", 4, 6);
        sim.runFor(1_000);
        List<TopicRouteData> routes = new ArrayList<>();
        for (Address ns : cluster.namesrvAddresses()) {
            routes.add(Json.read(call(ns, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                    new GetRouteInfoRequestHeader("Spread", null))).bodyBytes(), TopicRouteData.class));
        }
        assertThat(routes.get(0)).isEqualTo(routes.get(1));
        assertThat(routes.get(0).brokerDatas()).hasSize(2);
        assertThat(send("broker-a", "Spread", 1, "to a", Map.of()).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(send("broker-b", "Spread", 1, "to b", Map.of()).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void aGroupWithConsumeDisabledIsRefused() {
        startCluster(12, Map.of(), 1, "broker-a");
        createTopic("broker-a", "Guarded", 1, 6);
        RemotingCommand update = call(broker("broker-a"), RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                null).body(Json.write(new SubscriptionGroupConfig("Blocked", false, true, true, 1, 16, 0, 1, true))));
        assertThat(update.code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand pulled = call(broker("broker-a"), pullRequest("Blocked", "Guarded", 0, 0, "*", false, 0));
        assertThat(pulled.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(pulled.remark()).isEqualTo("subscription group no permission, Blocked");
    }

    @Test
    void aSyncMasterWithoutASlaveStoresButAnswersSlaveNotAvailable() {
        startCluster(13, Map.of("brokerRole", "SYNC_MASTER"), 1, "broker-a");
        createTopic("broker-a", "Replicated", 1, 6);
        RemotingCommand sent = send("broker-a", "Replicated", 0, "x", Map.of());
        assertThat(sent.code()).isEqualTo(ResponseCode.SLAVE_NOT_AVAILABLE);
        assertThat(sent.decodeHeader(SendMessageResponseHeader.class).queueOffset()).isZero();
        RemotingCommand noWait = send("broker-a", "Replicated", 0, "y", Map.of("WAIT", "false"));
        assertThat(noWait.code()).isEqualTo(ResponseCode.SUCCESS);
        // With no slave to hold them, the two become visible once the next flush tick forces them.
        sim.runFor(600);
        assertThat(decode(call(broker("broker-a"), pullRequest("CG", "Replicated", 0, 0, "*", false, 0)))).hasSize(2);
    }

    @Test
    void oversizedBodiesAndPropertiesAreIllegalAndStoreNothing() {
        startCluster(14, Map.of("maxMessageSize", "4096"), 1, "broker-a");
        createTopic("broker-a", "Limits", 1, 6);
        RemotingCommand big = send("broker-a", "Limits", 0, "x".repeat(5000), Map.of());
        assertThat(big.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        RemotingCommand fatProperties = send("broker-a", "Limits", 0, "x", Map.of("fat", "p".repeat(40_000)));
        assertThat(fatProperties.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(send("broker-a", "Limits", 0, "fits", Map.of()).code()).isEqualTo(ResponseCode.SUCCESS);
        List<StoredMessage> stored = decode(call(broker("broker-a"), pullRequest("CG", "Limits", 0, 0, "*", false, 0)));
        assertThat(stored).extracting(m -> new String(m.body(), StandardCharsets.UTF_8)).containsExactly("fits");
    }

    @Test
    void pullsAtOffsetsOutOfRangeAreToldWhereTheQueueIs() {
        startCluster(15, Map.of(), 1, "broker-a");
        createTopic("broker-a", "Range", 1, 6);
        send("broker-a", "Range", 0, "only", Map.of());
        RemotingCommand tooFar = call(broker("broker-a"), pullRequest("CG", "Range", 0, 100, "*", false, 0));
        assertThat(tooFar.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        assertThat(tooFar.decodeHeader(ConsumerHeaders.PullMessageResponseHeader.class).nextBeginOffset()).isEqualTo(1);
        RemotingCommand atEnd = call(broker("broker-a"), pullRequest("CG", "Range", 0, 1, "*", false, 0));
        assertThat(atEnd.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
        assertThat(atEnd.remark()).isEqualTo("OFFSET_OVERFLOW_ONE");
        RemotingCommand fromStart = call(broker("broker-a"), pullRequest("CG", "Range", 0, 0, "*", false, 0));
        assertThat(fromStart.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void garbageHeartbeatsAndBadHeadersGetErrorsAndChangeNothing() {
        startCluster(10, Map.of(), 1, "broker-a");
        RemotingCommand garbage = call(broker("broker-a"),
                RemotingCommand.request(RequestCode.HEART_BEAT, null).body("{{{".getBytes(StandardCharsets.UTF_8)));
        assertThat(garbage.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(garbage.remark()).startsWith("malformed HeartbeatData body");
        RemotingCommand noBody = call(broker("broker-a"), RemotingCommand.request(RequestCode.HEART_BEAT, null));
        assertThat(noBody.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        RemotingCommand noHeader = call(broker("broker-a"), RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, null));
        assertThat(noHeader.remark()).contains("missing required header field 'a'");
        assertThat(cluster.broker("broker-a").nodeAs(Broker.class).consumers().groupNames()).isEmpty();
    }

    @Test
    void sendMessageWithTheVersionOneHeaderRoundTrips() {
        startCluster(16, Map.of(), 1, "broker-a");
        createTopic("broker-a", "V1", 2, 6);
        RemotingCommand sent = call(broker("broker-a"), RemotingCommand.request(RequestCode.SEND_MESSAGE,
                new SendHeaders.SendMessageRequestHeader("PG", "V1", "TBW102", 4, 1, 0, 1_700_000_000_000L, 0,
                        MessageProperties.encode(new LinkedHashMap<>(Map.of("TAGS", "TagV1", "KEYS", "k1"))), 0, false, null,
                        false, "broker-a"))
                .body("version one".getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);
        SendMessageResponseHeader h = sent.decodeHeader(SendMessageResponseHeader.class);
        assertThat(h.queueId()).isEqualTo(1);
        assertThat(h.queueOffset()).isZero();
        List<StoredMessage> pulled = decode(call(broker("broker-a"), pullRequest("CG", "V1", 1, 0, "TagV1", false, 0)));
        assertThat(pulled).singleElement().satisfies(m -> {
            assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("version one");
            assertThat(m.property("TAGS")).isEqualTo("TagV1");
            assertThat(m.property("KEYS")).isEqualTo("k1");
            assertThat(m.bornTimestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(m.offsetMsgId()).isEqualTo(h.msgId());
        });
    }

    @Test
    void anAsyncFlushBrokerKeepsEveryAcknowledgedMessageThroughAProcessCrash() {
        startCluster(17, Map.of("flushDiskType", "ASYNC_FLUSH"), 1, "broker-a");
        createTopic("broker-a", "Kept", 1, 6);
        for (int i = 0; i < 40; i++) {
            assertThat(send("broker-a", "Kept", 0, "m" + i, Map.of()).code()).isEqualTo(ResponseCode.SUCCESS);
        }
        // No virtual time passes: the last sends are in the page cache only, which a kill -9 keeps.
        SimNode broker = cluster.broker("broker-a");
        broker.crash(CrashKind.PROCESS);
        broker.restart();
        cluster.awaitReady(60_000);
        List<String> bodies = new ArrayList<>();
        for (long offset = 0; offset < 40; offset = bodies.size()) {
            List<StoredMessage> pulled = decode(call(broker("broker-a"), pullRequest("CG", "Kept", 0, offset, "*", false, 0)));
            assertThat(pulled).as("pull at %d", offset).isNotEmpty();
            pulled.forEach(m -> bodies.add(new String(m.body(), StandardCharsets.UTF_8)));
        }
        assertThat(bodies).hasSize(40).startsWith("m0").endsWith("m39").doesNotHaveDuplicates();
    }
}
