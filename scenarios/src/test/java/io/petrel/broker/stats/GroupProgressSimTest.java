package io.petrel.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumeStatsList;
import io.petrel.common.FastjsonBodies;
import io.petrel.common.Json;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.QueryConsumeTimeSpanBody;
import io.petrel.common.QueryCorrectionOffsetBody;
import io.petrel.common.QueueTimeSpan;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ProgressHeaders;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group-progress admin requests in simulation: QUERY_CONSUME_TIME_SPAN (303),
 * QUERY_CORRECTION_OFFSET (308), CLONE_GROUP_OFFSET (314) and GET_BROKER_CONSUME_STATS (317), each
 * on its success path and its refusals.
 */
class GroupProgressSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private void sendAndRun(String topic, int queueId, int count) {
        for (int i = 0; i < count; i++) {
            f.send(BROKER, topic, queueId, "m" + i, Map.of());
            f.sim().runFor(1_000);
        }
    }

    @Test
    void consumeTimeSpanShowsOldestNewestConsumedAndDelayPerWriteQueue() {
        f = BrokerFixture.start(3031, Map.of(), BROKER);
        f.createTopic(BROKER, "SpanT", 2);
        sendAndRun("SpanT", 0, 4);
        f.commitOffset(BROKER, "CG", "SpanT", 0, 2);
        f.sim().runFor(10_000);
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CONSUME_TIME_SPAN,
                new ProgressHeaders.QueryConsumeTimeSpanRequestHeader("SpanT", "CG")));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        List<QueueTimeSpan> spans = Json.read(r.bodyBytes(), QueryConsumeTimeSpanBody.class).consumeTimeSpanSet();
        assertThat(spans).hasSize(2);
        QueueTimeSpan q0 = spans.get(0);
        assertThat(q0.messageQueue().queueId()).isZero();
        assertThat(q0.messageQueue().brokerName()).isEqualTo(BROKER);
        long now = f.cluster().broker(BROKER).clock().nowMs();
        assertThat(q0.maxTimeStamp() - q0.minTimeStamp()).isBetween(2_900L, 3_100L);
        assertThat(q0.consumeTimeStamp() - q0.minTimeStamp()).isBetween(900L, 1_100L);
        long thirdStored = q0.minTimeStamp() + 2_000;
        assertThat(q0.delayTime()).as("the third message waits since it was stored")
                .isBetween(now - thirdStored - 100, now - thirdStored + 100);
        QueueTimeSpan q1 = spans.get(1);
        assertThat(q1.minTimeStamp()).isEqualTo(-1);
        assertThat(q1.maxTimeStamp()).isEqualTo(-1);
        assertThat(q1.consumeTimeStamp()).isEqualTo(-1);
        assertThat(q1.delayTime()).as("4.9.8: no offset counts from -1, a message that does not exist")
                .isBetween(now - 100, now + 1);

        RemotingCommand unknown = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CONSUME_TIME_SPAN,
                new ProgressHeaders.QueryConsumeTimeSpanRequestHeader("NoSuchT", "CG")));
        assertThat(unknown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(unknown.remark()).isEqualTo("topic[NoSuchT] not exist");
    }

    @Test
    void brokerConsumeStatsListEveryGroupsTopicsSkippingUnsubscribedAndNonOrderWhenAsked() {
        f = BrokerFixture.start(3171, Map.of(), BROKER);
        f.createTopic(BROKER, "StatsT", 2);
        f.createTopic(BROKER, "OtherT", 1);
        f.createGroup(BROKER, BrokerFixture.group("CG", 16));
        f.createGroup(BROKER, BrokerFixture.group("CGX", 16));
        sendAndRun("StatsT", 0, 3);
        sendAndRun("StatsT", 1, 1);
        f.commitOffset(BROKER, "CG", "StatsT", 0, 1);
        f.commitOffset(BROKER, "CGX", "StatsT", 0, 3);
        f.call(BROKER, BrokerFixture.heartbeat("client-x", "CGX", "OtherT"));

        ConsumeStatsList all = brokerConsumeStats(false);
        assertThat(all.brokerAddr()).isEqualTo(f.broker(BROKER).settings().brokerAddr());
        Map<String, List<ConsumeStats>> byGroup = new TreeMap<>();
        all.consumeStatsList().forEach(byGroup::putAll);
        assertThat(byGroup).containsKeys("CG", "CGX");
        assertThat(byGroup.get("CGX")).as("its online members subscribe to OtherT only").isEmpty();
        assertThat(byGroup.get("CG")).hasSize(1);
        ConsumeStats cg = byGroup.get("CG").get(0);
        OffsetWrapper q0 = cg.offsetTable().get(new MessageQueue("StatsT", BROKER, 0));
        assertThat(q0.brokerOffset()).isEqualTo(3);
        assertThat(q0.consumerOffset()).isEqualTo(1);
        assertThat(q0.lastTimestamp()).isPositive();
        OffsetWrapper q1 = cg.offsetTable().get(new MessageQueue("StatsT", BROKER, 1));
        assertThat(q1).isEqualTo(new OffsetWrapper(1, 0, 0));
        assertThat(all.totalDiff()).isEqualTo(3);

        ConsumeStatsList orderOnly = brokerConsumeStats(true);
        assertThat(orderOnly.totalDiff()).isZero();
        orderOnly.consumeStatsList().forEach(m -> m.values().forEach(l -> assertThat(l).isEmpty()));
    }

    private ConsumeStatsList brokerConsumeStats(boolean isOrder) {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_BROKER_CONSUME_STATS,
                new ProgressHeaders.GetConsumeStatsInBrokerHeader(isOrder)));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return FastjsonBodies.read(r.bodyBytes(), ConsumeStatsList.class);
    }

    @Test
    void cloneGroupOffsetCopiesTheSourceOffsetsUnlessTheTopicIsUnknownOrUnsubscribed() {
        f = BrokerFixture.start(3141, Map.of(), BROKER);
        f.createTopic(BROKER, "CloneT", 2);
        f.commitOffset(BROKER, "SRC", "CloneT", 0, 5);
        f.commitOffset(BROKER, "SRC", "CloneT", 1, 7);
        f.commitOffset(BROKER, "DST", "CloneT", 1, 1);
        assertThat(clone("SRC", "DST", "CloneT", false).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).offsets().offsets("DST", "CloneT"))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 5L, 1, 7L)));

        f.call(BROKER, BrokerFixture.heartbeat("client-s", "SRC", "OtherT"));
        f.commitOffset(BROKER, "SRC", "CloneT", 0, 9);
        assertThat(clone("SRC", "DST2", "CloneT", false).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).offsets().offsets("DST2", "CloneT")).as("online SRC does not subscribe").isEmpty();
        assertThat(clone("SRC", "DST2", "CloneT", true).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).offsets().offsets("DST2", "CloneT")).as("offline: subscriptions not asked")
                .containsEntry(0, 9L);

        f.commitOffset(BROKER, "SRC", "GoneT", 0, 3);
        assertThat(clone("SRC", "DST3", "GoneT", true).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).offsets().offsets("DST3", "GoneT")).as("topic unknown here").isEmpty();

        RemotingCommand noTopic = clone("SRC", "DST4", null, true);
        assertThat(noTopic.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(noTopic.remark()).contains("names no topic");
        assertThat(f.broker(BROKER).offsets().topicsOf("DST4")).isEmpty();
    }

    private RemotingCommand clone(String src, String dest, String topic, boolean offline) {
        return f.call(BROKER, RemotingCommand.request(RequestCode.CLONE_GROUP_OFFSET,
                new ProgressHeaders.CloneGroupOffsetRequestHeader(src, dest, topic, offline)));
    }

    @Test
    void correctionOffsetIsTheLowestOffsetOfTheUnfilteredGroupsAndLeavesTheFilteredOnesStored() {
        f = BrokerFixture.start(3081, Map.of(), BROKER);
        f.createTopic(BROKER, "CorrT", 2);
        f.commitOffset(BROKER, "G1", "CorrT", 0, 4);
        f.commitOffset(BROKER, "G1", "CorrT", 1, 9);
        f.commitOffset(BROKER, "G2", "CorrT", 0, 6);
        f.commitOffset(BROKER, "G2", "CorrT", 1, 2);
        f.commitOffset(BROKER, "SLOW", "CorrT", 0, 1);
        assertThat(correction(null, "G1")).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 1L, 1, 2L)));
        assertThat(correction("SLOW", "G1")).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 4L, 1, 2L)));
        assertThat(correction("SLOW,G2", "G1")).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 4L, 1, 9L)));
        assertThat(f.broker(BROKER).offsets().offsets("SLOW", "CorrT")).as("4.9.8 deletes these; Petrel keeps them")
                .containsEntry(0, 1L);

        f.commitOffset(BROKER, "CorrT", "G1", 0, 3);
        assertThat(correction("SLOW,G2", "G1")).as("the compare entry G1@CorrT, as 4.9.8 looks it up")
                .containsEntry(0, Long.MAX_VALUE).containsEntry(1, 9L);
        f.commitOffset(BROKER, "CorrT", "G1", 5, 3);
        RemotingCommand missing = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CORRECTION_OFFSET,
                new ProgressHeaders.QueryCorrectionOffsetHeader("SLOW,G2", "G1", "CorrT")));
        assertThat(missing.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(missing.remark()).contains("queue 5");
    }

    private Map<Integer, Long> correction(String filterGroups, String compareGroup) {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CORRECTION_OFFSET,
                new ProgressHeaders.QueryCorrectionOffsetHeader(filterGroups, compareGroup, "CorrT")));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        return Json.read(r.bodyBytes(), QueryCorrectionOffsetBody.class).correctionOffsets();
    }
}
