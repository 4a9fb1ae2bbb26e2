package io.petrel.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.BrokerStatsData;
import io.petrel.common.ConsumeStats;
import io.petrel.common.FastjsonBodies;
import io.petrel.common.GetConsumerStatusBody;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.ResetOffsetBody;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicStatsTable;
import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin surface in simulation: runtime info with RocketMQ's keys and TPS from real counters,
 * topic and consume stats (diff 0 after draining), per-topic statistics, and the requests the
 * broker answers by asking its consumers (307 forwarded byte for byte, 223 through 221, 222
 * through 220) with RocketMQ's timeouts.
 */
class AdminSurfaceSimTest {

    private static final String BROKER = "broker-a";
    private static final MessageQueue Q0 = new MessageQueue("TopicS", BROKER, 0);

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private Map<String, String> runtimeInfo() {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null));
        return Json.read(r.bodyBytes(), KVTable.class).table();
    }

    @Test
    void runtimeInfoCarriesTheKeysMqadminReadsWithTpsFromRealCounters() {
        f = BrokerFixture.start(501, Map.of(), BROKER);
        f.createTopic(BROKER, "TopicS", 2);
        f.sim().runFor(60_000);
        for (int i = 0; i < 50; i++) {
            f.send(BROKER, "TopicS", i % 2, "m" + i, Map.of());
            f.sim().runFor(100);
        }
        f.sim().runFor(2_000);
        Map<String, String> info = runtimeInfo();
        assertThat(info).containsEntry("brokerVersionDesc", "V4_9_8").containsEntry("brokerVersion", "409")
                .containsEntry("msgPutTotalTodayNow", "50").containsEntry("msgPutTotalTodayMorning", "0")
                .containsEntry("msgGetTotalTodayNow", "0").containsEntry("sendThreadPoolQueueSize", "0")
                .containsKeys("getTransferedTps", "pageCacheLockTimeMills", "commitLogMaxOffset", "runtime",
                        "msgPutTotalYesterdayMorning", "msgGetTotalYesterdayMorning", "msgGetTotalTodayMorning",
                        "pullThreadPoolQueueSize", "sendThreadPoolQueueHeadWaitTimeMills",
                        "pullThreadPoolQueueHeadWaitTimeMills", "commitLogDirCapacity");
        String[] putTps = info.get("putTps").split(" ");
        assertThat(putTps).hasSize(3);
        assertThat(Double.parseDouble(putTps[0])).as("10 s window: 50 messages in the last 7 s").isBetween(4.5, 5.5);
        assertThat(Double.parseDouble(putTps[1])).as("1 min window").isBetween(0.7, 0.95);
        double ratio = Double.parseDouble(info.get("commitLogDiskRatio"));
        assertThat(ratio).isBetween(0.0, 1.0);
        long earliest = Long.parseLong(info.get("earliestMessageTimeStamp"));
        assertThat(earliest).isPositive().isLessThanOrEqualTo(f.cluster().broker(BROKER).clock().nowMs());

        List<StoredMessage> pulled = f.pull(BROKER, "CG", "TopicS", 0, 0);
        f.sim().runFor(10_000);
        Map<String, String> after = runtimeInfo();
        assertThat(after).containsEntry("msgGetTotalTodayNow", Integer.toString(pulled.size()));
        assertThat(Double.parseDouble(after.get("getTransferedTps").split(" ")[0])).isPositive();
    }

    @Test
    void consumeStatsShowBrokerAndConsumerOffsetsAndDiffZeroAfterDraining() {
        f = BrokerFixture.start(502, Map.of(), BROKER);
        f.createTopic(BROKER, "TopicS", 2);
        f.call(BROKER, BrokerFixture.heartbeat("client-1", "CG", "TopicS"));
        for (int i = 0; i < 10; i++) {
            f.send(BROKER, "TopicS", i % 2, "m" + i, Map.of());
        }
        f.commitOffset(BROKER, "CG", "TopicS", 0, 2);
        ConsumeStats before = consumeStats("TopicS");
        assertThat(before.offsetTable().get(Q0)).satisfies(w -> {
            assertThat(w.brokerOffset()).isEqualTo(5);
            assertThat(w.consumerOffset()).isEqualTo(2);
            assertThat(w.lastTimestamp()).isPositive();
        });
        assertThat(before.totalDiff()).isEqualTo(8);

        for (int q = 0; q < 2; q++) {
            List<StoredMessage> all = f.pull(BROKER, "CG", "TopicS", q, 0);
            f.commitOffset(BROKER, "CG", "TopicS", q, all.size());
        }
        ConsumeStats drained = consumeStats(null);
        assertThat(drained.totalDiff()).isZero();
        assertThat(drained.offsetTable()).containsEntry(Q0, new OffsetWrapper(5, 5, drained.offsetTable().get(Q0).lastTimestamp()));

        RemotingCommand topicStats = f.call(BROKER, RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO,
                new AdminHeaders.GetTopicStatsInfoRequestHeader("TopicS")));
        TopicOffset q0 = FastjsonBodies.read(topicStats.bodyBytes(), TopicStatsTable.class).offsetTable().get(Q0);
        assertThat(q0.minOffset()).isZero();
        assertThat(q0.maxOffset()).isEqualTo(5);
        assertThat(q0.lastUpdateTimestamp()).isPositive();
        RemotingCommand unknown = f.call(BROKER, RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO,
                new AdminHeaders.GetTopicStatsInfoRequestHeader("NoSuchTopic")));
        assertThat(unknown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
    }

    private ConsumeStats consumeStats(String topic) {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_CONSUME_STATS,
                new AdminHeaders.GetConsumeStatsRequestHeader("CG", topic)));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return FastjsonBodies.read(r.bodyBytes(), ConsumeStats.class);
    }

    @Test
    void perTopicAndPerGroupStatisticsAreViewable() {
        f = BrokerFixture.start(503, Map.of(), BROKER);
        f.createTopic(BROKER, "TopicS", 1);
        for (int i = 0; i < 30; i++) {
            f.send(BROKER, "TopicS", 0, "m" + i, Map.of());
        }
        f.pull(BROKER, "CG", "TopicS", 0, 0);
        f.sim().runFor(30_000);
        BrokerStatsData put = Json.read(viewStats("TOPIC_PUT_NUMS", "TopicS").bodyBytes(), BrokerStatsData.class);
        assertThat(put.statsMinute().sum()).isEqualTo(30);
        assertThat(put.statsMinute().avgpt()).as("one message per send").isEqualTo(1.0);
        BrokerStatsData got = Json.read(viewStats("GROUP_GET_NUMS", "TopicS@CG").bodyBytes(), BrokerStatsData.class);
        assertThat(got.statsMinute().sum()).isEqualTo(30);
        RemotingCommand none = viewStats("TOPIC_PUT_NUMS", "Nothing");
        assertThat(none.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(none.remark()).isEqualTo("The stats <TOPIC_PUT_NUMS> <Nothing> not exist");
    }

    private RemotingCommand viewStats(String name, String key) {
        return f.call(BROKER, RemotingCommand.request(RequestCode.VIEW_BROKER_STATS_DATA,
                new AdminHeaders.ViewBrokerStatsDataRequestHeader(name, key)));
    }

    @Test
    void runningInfoIsForwardedToTheClientAndItsAnswerReturnedByteForByte() {
        f = BrokerFixture.start(504, Map.of(), BROKER);
        SimNode consumer = f.addDriver();
        f.call(consumer, BROKER, BrokerFixture.heartbeat("client-1", "CG", "TopicS"));
        byte[] official = ("{\"mqTable\":{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"TopicS\"}:"
                + "{\"commitOffset\":7}},\"properties\":{\"PROP_CONSUME_TYPE\":\"CONSUME_PASSIVELY\"}}").getBytes(StandardCharsets.UTF_8);
        consumer.nodeAs(ProtocolDriver.class).answer(RequestCode.GET_CONSUMER_RUNNING_INFO, (ch, req) -> ch.reply(req,
                RemotingCommand.success().body(official).addExtField("fromClient", req.extField("clientId"))));
        RemotingCommand answer = f.call(BROKER, RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO,
                new AdminHeaders.GetConsumerRunningInfoRequestHeader("CG", "client-1", false)));
        assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(answer.bodyBytes()).isEqualTo(official);
        assertThat(answer.extField("fromClient")).isEqualTo("client-1");

        RemotingCommand offline = f.call(BROKER, RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO,
                new AdminHeaders.GetConsumerRunningInfoRequestHeader("CG", "client-9", false)));
        assertThat(offline.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(offline.remark()).isEqualTo("The Consumer <CG> <client-9> not online");

        consumer.nodeAs(ProtocolDriver.class).answer(RequestCode.GET_CONSUMER_RUNNING_INFO, (ch, req) -> { });
        long askedAt = f.sim().elapsedMs();
        RemotingCommand silent = f.call(BROKER, RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO,
                new AdminHeaders.GetConsumerRunningInfoRequestHeader("CG", "client-1", false)));
        assertThat(silent.code()).isEqualTo(ResponseCode.CONSUME_MSG_TIMEOUT);
        assertThat(f.sim().elapsedMs() - askedAt).isBetween(10_000L, 10_100L);
    }

    @Test
    void consumerStatusAsksEveryMemberAndLeavesOutOneThatDoesNotAnswerInFiveSeconds() {
        f = BrokerFixture.start(505, Map.of(), BROKER);
        SimNode answering = f.addDriver();
        SimNode silent = f.addDriver();
        f.call(answering, BROKER, BrokerFixture.heartbeat("client-1", "CG", "TopicS"));
        f.call(silent, BROKER, BrokerFixture.heartbeat("client-2", "CG", "TopicS"));
        answering.nodeAs(ProtocolDriver.class).answer(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, (ch, req) -> ch.reply(req,
                RemotingCommand.success().body(("{\"consumerTable\":{},\"messageQueueTable\":{{\"brokerName\":\"broker-a\","
                        + "\"queueId\":0,\"topic\":\"TopicS\"}:7}}").getBytes(StandardCharsets.UTF_8))));
        long askedAt = f.sim().elapsedMs();
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS,
                new AdminHeaders.GetConsumerStatusRequestHeader("TopicS", "CG", null)));
        assertThat(f.sim().elapsedMs() - askedAt).isBetween(5_000L, 5_100L);
        GetConsumerStatusBody body = FastjsonBodies.read(r.bodyBytes(), GetConsumerStatusBody.class);
        assertThat(body.consumerTable()).containsOnlyKeys("client-1");
        assertThat(body.consumerTable().get("client-1")).containsEntry(Q0, 7L);
        assertThat(silent.nodeAs(ProtocolDriver.class).received()).extracting(RemotingCommand::code)
                .contains(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT);

        RemotingCommand nobody = f.call(BROKER, RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS,
                new AdminHeaders.GetConsumerStatusRequestHeader("TopicS", "NoGroup", null)));
        assertThat(nobody.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    }

    @Test
    void resetOffsetSendsTheTableToEveryMemberAndAnswersIt() {
        f = BrokerFixture.start(506, Map.of(), BROKER);
        f.createTopic(BROKER, "TopicS", 1);
        SimNode consumer = f.addDriver();
        f.call(consumer, BROKER, BrokerFixture.heartbeat("client-1", "CG", "TopicS"));
        for (int i = 0; i < 6; i++) {
            f.send(BROKER, "TopicS", 0, "m" + i, Map.of());
        }
        f.commitOffset(BROKER, "CG", "TopicS", 0, 6);
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                new AdminHeaders.ResetOffsetRequestHeader("TopicS", "CG", 0L, true)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(FastjsonBodies.read(r.bodyBytes(), ResetOffsetBody.class).offsetTable()).containsEntry(Q0, 0L);
        f.sim().runFor(100);
        RemotingCommand told = consumer.nodeAs(ProtocolDriver.class).received().get(0);
        assertThat(told.code()).isEqualTo(RequestCode.RESET_CONSUMER_CLIENT_OFFSET);
        assertThat(told.isOneway()).isTrue();
        assertThat(FastjsonBodies.read(told.bodyBytes(), ResetOffsetBody.class).offsetTable()).containsEntry(Q0, 0L);

        RemotingCommand unknownGroup = f.call(BROKER, RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                new AdminHeaders.ResetOffsetRequestHeader("TopicS", "NoGroup", 0L, true)));
        assertThat(unknownGroup.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(unknownGroup.remark()).isEqualTo("THe consumer group <NoGroup> not exist");
        assertThat(f.broker(BROKER).offsets().query("CG", "TopicS", 0)).as("the broker leaves committing to the client")
                .isEqualTo(6);
    }
}
