package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicFilterType;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the broker keeps under storePathRootDir/config across restarts: offsets, topics, groups. */
class BrokerPersistenceSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private long queryOffset(String group, String topic, int queueId) {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET,
                new ConsumerHeaders.QueryConsumerOffsetRequestHeader(group, topic, queueId, null)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        return r.decodeHeader(ConsumerHeaders.QueryConsumerOffsetResponseHeader.class).offset();
    }

    private void restartAfter(CrashKind crash) {
        SimNode broker = f.cluster().broker(BROKER);
        if (crash == null) {
            broker.shutdown();
            f.sim().runFor(10_000);
        } else {
            broker.crash(crash);
        }
        broker.restart();
        f.cluster().awaitReady(60_000);
    }

    @Test
    void consumerOffsetsArePersistedPeriodicallyAndSurviveAPowerLoss() {
        f = BrokerFixture.start(901, Map.of(), BROKER);
        assertThat(f.broker(BROKER).settings().flushConsumerOffsetIntervalMs()).isEqualTo(5_000);
        f.createTopic(BROKER, "Offsets", 2);
        f.commitOffset(BROKER, "CG", "Offsets", 1, 42);
        // Longer than the persist period plus a save's write, force and rename; no shutdown saves it.
        f.sim().runFor(6_000);
        restartAfter(CrashKind.POWER_LOSS);
        assertThat(queryOffset("CG", "Offsets", 1)).isEqualTo(42);
    }

    @Test
    void everyTopicAndGroupFieldSurvivesCleanAndUncleanRestarts() {
        f = BrokerFixture.start(902, Map.of(), BROKER);
        RemotingCommand created = f.call(BROKER, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader("Kept", "TBW102", 3, 5, 4, "MULTI_TAG", 0, true)));
        assertThat(created.code()).as(created.remark()).isEqualTo(ResponseCode.SUCCESS);
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("Frozen", false, false, false, 2, 5, 1, 0, false);
        f.createGroup(BROKER, group);
        TopicConfig topic = new TopicConfig("Kept", 3, 5, 4, TopicFilterType.MULTI_TAG, 0, true);
        assertThat(f.broker(BROKER).topics().get("Kept")).isEqualTo(topic);

        restartAfter(null);
        assertKept(topic, group, "after a clean restart");
        f.sim().runFor(2_000);
        restartAfter(CrashKind.POWER_LOSS);
        assertKept(topic, group, "after a power loss");
    }

    /** Answered means in the file: a power loss the moment the answer arrives keeps a created topic and group. */
    @Test
    void aTopicOrGroupIsAnsweredOnlyOnceItsFileHoldsIt() {
        f = BrokerFixture.start(903, Map.of(), BROKER);
        RemotingCommand created = f.call(BROKER, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader("Kept", "TBW102", 3, 5, 4, "MULTI_TAG", 0, true)));
        assertThat(created.code()).as(created.remark()).isEqualTo(ResponseCode.SUCCESS);
        restartAfter(CrashKind.POWER_LOSS);
        assertThat(f.broker(BROKER).topics().get("Kept")).isNotNull();
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("Frozen", false, false, false, 2, 5, 1, 0, false);
        f.createGroup(BROKER, group);
        restartAfter(CrashKind.POWER_LOSS);
        assertThat(f.broker(BROKER).groups().get("Frozen")).isEqualTo(group);
    }

    private void assertKept(TopicConfig topic, SubscriptionGroupConfig group, String when) {
        assertThat(f.broker(BROKER).topics().get("Kept")).as(when).isEqualTo(topic);
        assertThat(f.broker(BROKER).groups().get("Frozen")).as(when).isEqualTo(group);
        RemotingCommand pull = f.call(BROKER, BrokerFixture.pullRequest("Frozen", "Kept", 0, 0, 0));
        assertThat(pull.code()).as(when).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(pull.remark()).as(when).contains("Frozen");
    }
}
