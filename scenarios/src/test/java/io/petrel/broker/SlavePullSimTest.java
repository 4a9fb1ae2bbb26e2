package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.MixAll;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageResponseHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A slave's answers to pulls, RocketMQ's slave semantics: with slaveReadEnable=false every pull gets
 * PULL_RETRY_IMMEDIATELY suggesting the master, the requested offset kept; with slaveReadEnable=true
 * the store's codes, but never PULL_OFFSET_MOVED; the commit offset a pull carries is never stored;
 * and the answers a consumer would re-pull at once are paced by shortPollingTimeMills.
 */
class SlavePullSimTest {

    private static final String SLAVE = "broker-a-s";
    private static final String GROUP = "CG";
    /** The slave has this topic: a consumer's heartbeat creates its retry topic on every broker. */
    private static final String TOPIC = MixAll.retryTopic(GROUP);
    private static final int FLAG_COMMIT_OFFSET = 1;
    private static final int FLAG_SUSPEND = 2;
    private static final int FLAG_SUBSCRIPTION = 4;

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private void start(Map<String, String> slaveOverrides) {
        f = BrokerFixture.start(1406, Map.of(), "broker-a");
        Map<String, String> slave = new java.util.TreeMap<>(Map.of("brokerName", "broker-a", "brokerId", "1",
                "brokerRole", "SLAVE"));
        slave.putAll(slaveOverrides);
        f.cluster().addBroker(SLAVE, slave);
        f.cluster().awaitReady(30_000);
        assertThat(f.call(SLAVE, BrokerFixture.heartbeat("client-1", GROUP, "Orders")).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static RemotingCommand pull(long offset, int sysFlag, long commitOffset) {
        return RemotingCommand.request(RequestCode.PULL_MESSAGE, new ConsumerHeaders.PullMessageRequestHeader(GROUP, TOPIC,
                0, offset, 32, sysFlag, commitOffset, 15_000L, "*", 1L, "TAG", null));
    }

    @Test
    void withoutSlaveReadASlaveAnswersRetryImmediatelyPointingAtTheMasterAndKeepsTheOffset() {
        start(Map.of());
        RemotingCommand r = f.call(SLAVE, pull(7, FLAG_SUBSCRIPTION, -1));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        PullMessageResponseHeader h = r.decodeHeader(PullMessageResponseHeader.class);
        assertThat(h.suggestWhichBrokerId()).isZero();
        assertThat(h.nextBeginOffset()).as("the offset the consumer asked for").isEqualTo(7);
        assertThat(f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION, -1)).code()).as("also at offset 0")
                .isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
    }

    @Test
    void withSlaveReadASlaveNeverAnswersOffsetMoved() {
        start(Map.of("slaveReadEnable", "true"));
        RemotingCommand r = f.call(SLAVE, pull(7, FLAG_SUBSCRIPTION, -1));
        assertThat(r.code()).as("a master would answer PULL_OFFSET_MOVED (no such queue, offset 7)")
                .isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(r.decodeHeader(PullMessageResponseHeader.class).nextBeginOffset()).isEqualTo(7);
        assertThat(f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION, -1)).code()).as("offset 0 of a queue it has not")
                .isEqualTo(ResponseCode.PULL_NOT_FOUND);
    }

    @Test
    void aSlaveNeverStoresTheCommitOffsetOfAPull() {
        start(Map.of("slaveReadEnable", "true"));
        f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION | FLAG_COMMIT_OFFSET, 5));
        assertThat(f.broker(SLAVE).offsets().query(GROUP, TOPIC, 0)).isEqualTo(-1);
    }

    @Test
    void aSlavePacesTheRetryItGivesAPullItMayHold() {
        start(Map.of("shortPollingTimeMills", "2000"));
        ProtocolDriver.Outcome outcome = new ProtocolDriver.Outcome();
        f.driver().nodeAs(ProtocolDriver.class).send(f.address(SLAVE), pull(7, FLAG_SUBSCRIPTION | FLAG_SUSPEND, -1),
                30_000, outcome);
        f.sim().runFor(1_900);
        assertThat(outcome.done()).as("answered within the pause").isFalse();
        assertThat(f.sim().runUntil(outcome::done, 1_000)).isTrue();
        assertThat(outcome.response.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
    }
}
