package io.petrel.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.ConsumeQueueData;
import io.petrel.common.Json;
import io.petrel.common.QueryConsumeQueueResponseBody;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ProgressHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store admin requests in simulation: QUERY_CONSUME_QUEUE (321), CLEAN_EXPIRED_CONSUMEQUEUE
 * (306), CLEAN_UNUSED_TOPIC (316) and DELETE_EXPIRED_COMMITLOG (329), on their success paths and
 * their refusals.
 */
class StoreAdminSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private RemotingCommand queryCq(String topic, int queueId, long index, int count, String group) {
        return f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CONSUME_QUEUE,
                new ProgressHeaders.QueryConsumeQueueRequestHeader(topic, queueId, index, count, group)));
    }

    @Test
    void queryConsumeQueueReturnsRawEntriesWithTheGroupsSubscription() {
        f = BrokerFixture.start(3211, Map.of(), BROKER);
        f.createTopic(BROKER, "CqT", 1);
        for (int i = 0; i < 5; i++) {
            f.send(BROKER, "CqT", 0, "m" + i, Map.of("TAGS", "TagA"));
        }
        RemotingCommand r = queryCq("CqT", 0, 1, 3, null);
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        QueryConsumeQueueResponseBody body = Json.read(r.bodyBytes(), QueryConsumeQueueResponseBody.class);
        assertThat(body.minQueueIndex()).isZero();
        assertThat(body.maxQueueIndex()).isEqualTo(5);
        assertThat(body.subscriptionData()).isNull();
        assertThat(body.filterData()).isNull();
        List<ConsumeQueueData> entries = body.queueData();
        assertThat(entries).hasSize(3);
        long second = f.broker(BROKER).store().getCommitLogOffsetInQueue("CqT", 0, 1);
        assertThat(entries.get(0).physicOffset()).isEqualTo(second);
        assertThat(entries.get(1).physicOffset()).isEqualTo(second + entries.get(0).physicSize());
        assertThat(entries.get(0).tagsCode()).isEqualTo("TagA".hashCode());
        assertThat(Json.read(queryCq("CqT", 0, 3, 32, null).bodyBytes(), QueryConsumeQueueResponseBody.class).queueData())
                .as("up to the last entry").hasSize(2);

        QueryConsumeQueueResponseBody offline = Json.read(queryCq("CqT", 0, 0, 1, "CG").bodyBytes(),
                QueryConsumeQueueResponseBody.class);
        assertThat(offline.filterData()).isEqualTo("CG@CqT is not online!");
        f.call(BROKER, BrokerFixture.heartbeat("client-1", "CG", "CqT"));
        QueryConsumeQueueResponseBody online = Json.read(queryCq("CqT", 0, 0, 1, "CG").bodyBytes(),
                QueryConsumeQueueResponseBody.class);
        assertThat(online.subscriptionData().topic()).isEqualTo("CqT");
        assertThat(online.filterData()).isEqualTo("null");

        RemotingCommand past = queryCq("CqT", 0, 5, 1, null);
        assertThat(past.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(past.remark()).isEqualTo("Index 5 of 0@CqT is not exist!");
        assertThat(past.bodyBytes()).isNull();
        RemotingCommand noQueue = queryCq("CqT", 3, 0, 1, null);
        assertThat(noQueue.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(noQueue.remark()).isEqualTo("3@CqT is not exist!");
        RemotingCommand noTopic = queryCq(null, 0, 0, 1, null);
        assertThat(noTopic.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(noTopic.remark()).contains("names no topic");
    }

    @Test
    void deleteExpiredCommitLogDeletesFilesPastTheirReservedTimeOutsideTheDeleteWhenHour() {
        f = BrokerFixture.start(3291, Map.of("mapedFileSizeCommitLog", "65536", "maxMessageSize", "16384", "fileReservedTime", "1",
                "deleteWhen", "04"), BROKER);
        f.createTopic(BROKER, "OldT", 1);
        String body = "x".repeat(1_000);
        for (int i = 0; i < 200; i++) {
            f.send(BROKER, "OldT", 0, body, Map.of());
        }
        f.sim().runFor(90 * 60_000L);
        assertThat(f.broker(BROKER).store().getMinPhyOffset()).as("not the deleteWhen hour").isZero();
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.DELETE_EXPIRED_COMMITLOG, null));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        f.sim().runFor(60_000);
        assertThat(f.broker(BROKER).store().getMinPhyOffset()).as("expired files deleted at the next clean runs")
                .isPositive();
        assertThat(f.broker(BROKER).store().getMinOffsetInQueue("OldT", 0)).isPositive();
    }

    @Test
    void cleanUnusedTopicDestroysTheQueuesOfTopicsTheTableNoLongerHas() {
        f = BrokerFixture.start(3161, Map.of(), BROKER);
        f.createTopic(BROKER, "KeptT", 1);
        f.createTopic(BROKER, "DroppedT", 2);
        f.send(BROKER, "KeptT", 0, "k", Map.of());
        f.send(BROKER, "DroppedT", 0, "d", Map.of());
        f.send(BROKER, "DroppedT", 1, "d", Map.of());
        f.broker(BROKER).topics().delete("DroppedT");
        assertThat(f.broker(BROKER).store().getMaxOffsetInQueue("DroppedT", 1)).isEqualTo(1);
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.CLEAN_UNUSED_TOPIC, null));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).store().consumeQueueKeys()).noneMatch(q -> q.topic().equals("DroppedT"));
        assertThat(f.broker(BROKER).store().getMaxOffsetInQueue("KeptT", 0)).isEqualTo(1);
        RemotingCommand again = f.call(BROKER, RemotingCommand.request(RequestCode.CLEAN_UNUSED_TOPIC, null));
        assertThat(again.code()).as("nothing left to clean").isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void cleanExpiredConsumeQueueDestroysQueuesWhoseMessagesRetentionDeleted() {
        f = BrokerFixture.start(3061, Map.of("mapedFileSizeCommitLog", "65536", "maxMessageSize", "16384",
                "fileReservedTime", "1", "deleteWhen", "04"), BROKER);
        f.createTopic(BROKER, "GoneT", 1);
        f.createTopic(BROKER, "LiveT", 1);
        String body = "x".repeat(1_000);
        f.createTopic(BROKER, "FillT", 1);
        for (int i = 0; i < 100; i++) {
            f.send(BROKER, "GoneT", 0, body, Map.of());
        }
        for (int i = 0; i < 100; i++) {
            // Fills the file holding GoneT's tail, so that file expires before LiveT's messages arrive.
            f.send(BROKER, "FillT", 0, body, Map.of());
        }
        f.sim().runFor(90 * 60_000L);
        for (int i = 0; i < 100; i++) {
            f.send(BROKER, "LiveT", 0, body, Map.of());
        }
        RemotingCommand early = f.call(BROKER, RemotingCommand.request(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, null));
        assertThat(early.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).store().getMaxOffsetInQueue("GoneT", 0)).as("its messages are still stored")
                .isEqualTo(100);

        f.call(BROKER, RemotingCommand.request(RequestCode.DELETE_EXPIRED_COMMITLOG, null));
        f.sim().runFor(60_000);
        assertThat(f.broker(BROKER).store().getMinPhyOffset())
                .isGreaterThan(f.broker(BROKER).store().getCommitLogOffsetInQueue("GoneT", 0, 99));
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, null));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).store().consumeQueueKeys()).noneMatch(q -> q.topic().equals("GoneT"))
                .anyMatch(q -> q.topic().equals("LiveT"));
        assertThat(f.broker(BROKER).store().getMaxOffsetInQueue("LiveT", 0)).isEqualTo(100);
        f.send(BROKER, "GoneT", 0, "again", Map.of());
        assertThat(f.broker(BROKER).store().getMaxOffsetInQueue("GoneT", 0)).as("the queue starts again at 0")
                .isEqualTo(1);
    }
}
