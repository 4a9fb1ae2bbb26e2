package io.petrel.broker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.PermName;
import io.petrel.common.TopicConfig;
import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.ConsumerSendMsgBackRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CONSUMER_SEND_MSG_BACK in simulation: a failed message comes back from %RETRY%group after the
 * delay of level 3 + reconsumeTimes in virtual time with its identity kept, goes to %DLQ%group
 * after the group's (or the client's) maximum, and a refused send-back changes nothing.
 */
class RetrySimTest {

    private static final String BROKER = "broker-a";
    private static final String RETRY = "%RETRY%CG";
    private static final String DLQ = "%DLQ%CG";
    private static final Map<String, String> PROPERTIES = Map.of("TAGS", "TagA", "KEYS", "order-7", "UNIQ_KEY",
            "0A0009010000000000000000000000AB");

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private static RemotingCommand sendBack(long offset, int delayLevel, Integer maxReconsumeTimes, int version) {
        return RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK, new ConsumerSendMsgBackRequestHeader(offset, "CG",
                delayLevel, null, null, false, maxReconsumeTimes, "broker-a")).version(version);
    }

    private SendMessageResponseHeader startWithOneMessage(long seed, Map<String, String> overrides) {
        f = BrokerFixture.start(seed, overrides, BROKER);
        f.createTopic(BROKER, "TopicR", 1);
        f.call(BROKER, BrokerFixture.heartbeat("client-1", "CG", "TopicR"));
        return f.send(BROKER, "TopicR", 0, "pay order 7", PROPERTIES);
    }

    /** Holds a pull on the retry queue at {@code offset} and returns the virtual ms until it is answered. */
    private long millisUntilRetryArrives(long offset, long sentBackAt) {
        ProtocolDriver.Outcome held = new ProtocolDriver.Outcome();
        f.driver().nodeAs(ProtocolDriver.class).send(f.address(BROKER),
                BrokerFixture.pullRequest("CG", RETRY, 0, offset, 60_000), 90_000, held);
        assertThat(f.sim().runUntil(() -> f.maxOffset(BROKER, RETRY, 0) > offset, 120_000)).isTrue();
        long arrived = f.sim().elapsedMs();
        assertThat(f.sim().runUntil(held::done, 1_000)).isTrue();
        assertThat(held.response.code()).isEqualTo(ResponseCode.SUCCESS);
        return arrived - sentBackAt;
    }

    @Test
    void aFailedMessageComesBackAfterLevelThreePlusReconsumeTimesWithItsIdentity() {
        SendMessageResponseHeader sent = startWithOneMessage(101, Map.of());
        long sentBackAt = f.sim().elapsedMs();
        assertThat(f.call(BROKER, sendBack(BrokerFixture.commitLogOffset(sent.msgId()), 0, 16, 409)).code())
                .isEqualTo(ResponseCode.SUCCESS);
        long firstDelay = millisUntilRetryArrives(0, sentBackAt);
        assertThat(firstDelay).as("level 3 = 10 s").isBetween(10_000L, 10_100L);

        StoredMessage retry = f.pull(BROKER, "CG", RETRY, 0, 0).get(0);
        assertThat(retry.topic()).isEqualTo(RETRY);
        assertThat(retry.reconsumeTimes()).isEqualTo(1);
        assertThat(new String(retry.body(), StandardCharsets.UTF_8)).isEqualTo("pay order 7");
        assertThat(retry.properties()).containsEntry("RETRY_TOPIC", "TopicR")
                .containsEntry("ORIGIN_MESSAGE_ID", sent.msgId())
                .containsEntry("UNIQ_KEY", PROPERTIES.get("UNIQ_KEY"))
                .containsEntry("KEYS", "order-7").containsEntry("TAGS", "TagA")
                .containsEntry("REAL_TOPIC", RETRY).doesNotContainKey("DELAY");

        long secondBackAt = f.sim().elapsedMs();
        f.call(BROKER, sendBack(retry.physicalOffset(), 0, 16, 409));
        assertThat(millisUntilRetryArrives(1, secondBackAt)).as("level 4 = 30 s").isBetween(30_000L, 30_100L);
        StoredMessage again = f.pull(BROKER, "CG", RETRY, 0, 1).get(0);
        assertThat(again.reconsumeTimes()).isEqualTo(2);
        assertThat(again.properties()).containsEntry("RETRY_TOPIC", "TopicR").containsEntry("ORIGIN_MESSAGE_ID", sent.msgId());
    }

    @Test
    void afterTheClientsMaximumTheMessageGoesToTheDeadLetterQueue() {
        SendMessageResponseHeader sent = startWithOneMessage(102, Map.of());
        long offset = BrokerFixture.commitLogOffset(sent.msgId());
        f.call(BROKER, sendBack(offset, 0, 1, 409));
        assertThat(f.sim().runUntil(() -> f.maxOffset(BROKER, RETRY, 0) == 1, 20_000)).isTrue();
        StoredMessage retry = f.pull(BROKER, "CG", RETRY, 0, 0).get(0);
        assertThat(f.broker(BROKER).topics().contains(DLQ)).isFalse();

        assertThat(f.call(BROKER, sendBack(retry.physicalOffset(), 0, 1, 409)).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.maxOffset(BROKER, DLQ, 0)).as("no delay for the DLQ").isEqualTo(1);
        TopicConfig dlq = f.broker(BROKER).topics().get(DLQ);
        assertThat(dlq.readQueueNums()).isEqualTo(1);
        assertThat(dlq.perm()).isEqualTo(PermName.PERM_READ | PermName.PERM_WRITE);
        StoredMessage dead = f.pull(BROKER, "CG", DLQ, 0, 0).get(0);
        assertThat(dead.reconsumeTimes()).isEqualTo(2);
        assertThat(dead.properties()).containsEntry("RETRY_TOPIC", "TopicR").containsEntry("ORIGIN_MESSAGE_ID", sent.msgId())
                .containsEntry("UNIQ_KEY", PROPERTIES.get("UNIQ_KEY")).containsEntry("DELAY", "0");
    }

    @Test
    void beforeVersion121TheGroupsRetryMaxTimesCounts() {
        f = BrokerFixture.start(103, Map.of(), BROKER);
        f.createTopic(BROKER, "TopicR", 1);
        f.createGroup(BROKER, BrokerFixture.group("CG", 2));
        long offset = BrokerFixture.commitLogOffset(f.send(BROKER, "TopicR", 0, "m", PROPERTIES).msgId());
        for (int times = 0; times < 2; times++) {
            f.call(BROKER, sendBack(offset, 0, 0, 100));
            long expected = times + 1;
            assertThat(f.sim().runUntil(() -> f.maxOffset(BROKER, RETRY, 0) == expected, 60_000)).isTrue();
            offset = f.pull(BROKER, "CG", RETRY, 0, times).get(0).physicalOffset();
        }
        assertThat(f.broker(BROKER).topics().contains(DLQ)).isFalse();
        f.call(BROKER, sendBack(offset, 0, 0, 100));
        assertThat(f.maxOffset(BROKER, DLQ, 0)).isEqualTo(1);
    }

    @Test
    void aNegativeDelayLevelGoesStraightToTheDeadLetterQueue() {
        SendMessageResponseHeader sent = startWithOneMessage(104, Map.of());
        f.call(BROKER, sendBack(BrokerFixture.commitLogOffset(sent.msgId()), -1, 16, 409));
        assertThat(f.maxOffset(BROKER, DLQ, 0)).isEqualTo(1);
        assertThat(f.maxOffset(BROKER, RETRY, 0)).isZero();
        assertThat(f.pull(BROKER, "CG", DLQ, 0, 0)).singleElement()
                .satisfies(m -> assertThat(m.reconsumeTimes()).isEqualTo(1));
    }

    @Test
    void aSendBackForAnUnknownOffsetOrGroupIsRefusedAndChangesNothing() {
        SendMessageResponseHeader sent = startWithOneMessage(105, Map.of("autoCreateSubscriptionGroup", "false"));
        f.createGroup(BROKER, BrokerFixture.group("CG", 16));
        long commitLogEnd = f.broker(BROKER).store().getMaxPhyOffset();
        int topics = f.broker(BROKER).topics().topics().size();

        RemotingCommand badOffset = f.call(BROKER, sendBack(commitLogEnd + 4096, 0, 16, 409));
        assertThat(badOffset.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(badOffset.remark()).isEqualTo("look message by offset failed, " + (commitLogEnd + 4096));
        RemotingCommand midRecord = f.call(BROKER, sendBack(BrokerFixture.commitLogOffset(sent.msgId()) + 3, 0, 16, 409));
        assertThat(midRecord.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        RemotingCommand unknownGroup = f.call(BROKER, RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK,
                new ConsumerSendMsgBackRequestHeader(0L, "NoSuchGroup", 0, null, null, false, 16, null)));
        assertThat(unknownGroup.code()).isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
        assertThat(unknownGroup.remark()).contains("NoSuchGroup");

        assertThat(f.broker(BROKER).store().getMaxPhyOffset()).isEqualTo(commitLogEnd);
        assertThat(f.broker(BROKER).topics().topics()).hasSize(topics);
        assertThat(f.broker(BROKER).groups().get("NoSuchGroup")).isNull();
        List<StoredMessage> none = f.pull(BROKER, "CG", RETRY, 0, 0);
        assertThat(none).isEmpty();
    }
}
