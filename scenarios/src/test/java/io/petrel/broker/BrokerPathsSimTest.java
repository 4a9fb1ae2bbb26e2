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
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.sim.SimNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request paths the round-trip tests do not reach: the commit-offset flag of a pull, GET_MIN_OFFSET,
 * SEARCH_OFFSET_BY_TIMESTAMP, UNREGISTER_CLIENT, broadcast and group-existence checks on pulls, and
 * order topics on a broker without write permission.
 */
class BrokerPathsSimTest {

    private static final String BROKER = "broker-a";
    /** RocketMQ's PullSysFlag bits. */
    private static final int FLAG_COMMIT_OFFSET = 1;
    private static final int FLAG_SUBSCRIPTION = 4;

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private long offsetOf(int requestCode, Object header) {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(requestCode, header));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        return r.decodeHeader(ConsumerHeaders.OffsetResponseHeader.class).offset();
    }

    private List<String> consumerIds(SimNode from, String group) {
        RemotingCommand r = f.call(from, BROKER, RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                new ConsumerHeaders.GetConsumerListByGroupRequestHeader(group)));
        return Json.read(r.bodyBytes(), ConsumerIdList.class).consumerIdList();
    }

    @Test
    void aPullWithTheCommitOffsetFlagCommitsTheConsumersOffset() {
        f = BrokerFixture.start(1001, Map.of(), BROKER);
        f.createTopic(BROKER, "Commits", 1);
        f.send(BROKER, "Commits", 0, "m", Map.of());
        RemotingCommand pull = f.call(BROKER, RemotingCommand.request(RequestCode.PULL_MESSAGE,
                new ConsumerHeaders.PullMessageRequestHeader("CG", "Commits", 0, 0L, 32, FLAG_COMMIT_OFFSET | FLAG_SUBSCRIPTION,
                        7L, 0L, "*", 1L, "TAG", null)));
        assertThat(pull.code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand query = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET,
                new ConsumerHeaders.QueryConsumerOffsetRequestHeader("CG", "Commits", 0, null)));
        assertThat(query.decodeHeader(ConsumerHeaders.QueryConsumerOffsetResponseHeader.class).offset()).isEqualTo(7);

        f.call(BROKER, RemotingCommand.request(RequestCode.PULL_MESSAGE, new ConsumerHeaders.PullMessageRequestHeader(
                "CG", "Commits", 0, 0L, 32, FLAG_SUBSCRIPTION, 9L, 0L, "*", 1L, "TAG", null)));
        RemotingCommand again = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET,
                new ConsumerHeaders.QueryConsumerOffsetRequestHeader("CG", "Commits", 0, null)));
        assertThat(again.decodeHeader(ConsumerHeaders.QueryConsumerOffsetResponseHeader.class).offset())
                .as("without the flag commitOffset is ignored").isEqualTo(7);
    }

    @Test
    void minAndMaxOffsetsAndTheOffsetForAStoreTime() {
        f = BrokerFixture.start(1002, Map.of(), BROKER);
        f.createTopic(BROKER, "Times", 2);
        for (int i = 0; i < 3; i++) {
            f.send(BROKER, "Times", 1, "m" + i, Map.of());
            f.sim().runFor(1_000);
        }
        List<StoredMessage> stored = f.pull(BROKER, "CG", "Times", 1, 0);
        assertThat(stored).hasSize(3);
        assertThat(offsetOf(RequestCode.GET_MIN_OFFSET, new ConsumerHeaders.GetMinOffsetRequestHeader("Times", 1, null)))
                .isZero();
        assertThat(offsetOf(RequestCode.GET_MAX_OFFSET, new ConsumerHeaders.GetMaxOffsetRequestHeader("Times", 1, null)))
                .isEqualTo(3);
        assertThat(offsetOf(RequestCode.GET_MIN_OFFSET, new ConsumerHeaders.GetMinOffsetRequestHeader("Times", 0, null)))
                .as("an empty queue").isZero();
        for (int i = 0; i < 3; i++) {
            long at = stored.get(i).storeTimestamp();
            assertThat(offsetOf(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                    new ConsumerHeaders.SearchOffsetRequestHeader("Times", 1, at, null))).as("store time of m" + i).isEqualTo(i);
        }
        assertThat(offsetOf(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, new ConsumerHeaders.SearchOffsetRequestHeader("Times", 1,
                stored.get(0).storeTimestamp() - 60_000, null))).as("before the first message").isZero();
    }

    @Test
    void unregisterClientDropsTheMemberAndNotifiesTheOthers() {
        f = BrokerFixture.start(1003, Map.of(), BROKER);
        SimNode second = f.addDriver();
        assertThat(f.call(BROKER, BrokerFixture.heartbeat("client-1", "CG", "TopicU")).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.call(second, BROKER, BrokerFixture.heartbeat("client-2", "CG", "TopicU")).code())
                .isEqualTo(ResponseCode.SUCCESS);
        f.sim().runFor(100);
        assertThat(consumerIds(second, "CG")).containsExactlyInAnyOrder("client-1", "client-2");
        int before = second.nodeAs(ProtocolDriver.class).notifications().size();

        RemotingCommand bye = f.call(BROKER, RemotingCommand.request(RequestCode.UNREGISTER_CLIENT,
                new ConsumerHeaders.UnregisterClientRequestHeader("client-1", null, "CG")));
        assertThat(bye.code()).isEqualTo(ResponseCode.SUCCESS);
        f.sim().runFor(100);
        assertThat(consumerIds(second, "CG")).as("the connection is still open").containsExactly("client-2");
        assertThat(second.nodeAs(ProtocolDriver.class).notifications()).hasSizeGreaterThan(before);
        assertThat(second.nodeAs(ProtocolDriver.class).notifications().get(before).code())
                .isEqualTo(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
    }

    @Test
    void aGroupWithBroadcastDisabledCannotPullAsABroadcastConsumer() {
        f = BrokerFixture.start(1004, Map.of(), BROKER);
        f.createTopic(BROKER, "News", 1);
        f.createGroup(BROKER, new SubscriptionGroupConfig("Solo", true, true, false, 1, 16, 0, 1, true));
        ConsumerData consumer = new ConsumerData("Solo", ConsumeType.CONSUME_PASSIVELY, MessageModel.BROADCASTING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, Set.of(FilterApi.build("News", "*", 1)), false);
        RemotingCommand hb = f.call(BROKER, RemotingCommand.request(RequestCode.HEART_BEAT, null)
                .body(Json.write(new HeartbeatData("client-b", Set.of(), Set.of(consumer)))));
        assertThat(hb.code()).as("the heartbeat is taken; the pull is refused, as in RocketMQ").isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand pull = f.call(BROKER, RemotingCommand.request(RequestCode.PULL_MESSAGE,
                new ConsumerHeaders.PullMessageRequestHeader("Solo", "News", 0, 0L, 32, 0, -1L, 0L, null, 1L, null, null)));
        assertThat(pull.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(pull.remark()).contains("the consumer group[Solo] can not consume by broadcast way");
    }

    @Test
    void withoutAutoCreateSubscriptionGroupAnUnknownGroupCannotPull() {
        f = BrokerFixture.start(1005, Map.of("autoCreateSubscriptionGroup", "false"), BROKER);
        f.createTopic(BROKER, "Strict", 1);
        f.send(BROKER, "Strict", 0, "m", Map.of());
        RemotingCommand pull = f.call(BROKER, BrokerFixture.pullRequest("Stranger", "Strict", 0, 0, 0));
        assertThat(pull.code()).isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
        assertThat(pull.remark()).contains("subscription group [Stranger] does not exist");
        assertThat(f.broker(BROKER).groups().get("Stranger")).isNull();
        f.createGroup(BROKER, SubscriptionGroupConfig.defaults("Stranger"));
        assertThat(f.pull(BROKER, "Stranger", "Strict", 0, 0)).hasSize(1);
    }

    @Test
    void anOrderTopicRefusesSendsWhileTheBrokerIsNotWritable() {
        f = BrokerFixture.start(1006, Map.of("brokerPermission", "4"), BROKER);
        RemotingCommand created = f.call(BROKER, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader("Ordered", "TBW102", 2, 2, 6, "SINGLE_TAG", 0, true)));
        assertThat(created.code()).as(created.remark()).isEqualTo(ResponseCode.SUCCESS);
        f.createTopic(BROKER, "Plain", 2);
        RemotingCommand refused = f.call(BROKER, BrokerSimTest.sendRequest("Ordered", 0, "x", Map.of()));
        assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(refused.remark()).endsWith("sending message is forbidden").contains("the broker[");
        assertThat(f.maxOffset(BROKER, "Ordered", 0)).isZero();
        // RocketMQ's msgCheck refuses only order topics here; others are kept off the broker by the route's perm.
        assertThat(f.call(BROKER, BrokerSimTest.sendRequest("Plain", 0, "x", Map.of())).code()).isEqualTo(ResponseCode.SUCCESS);
    }
}
