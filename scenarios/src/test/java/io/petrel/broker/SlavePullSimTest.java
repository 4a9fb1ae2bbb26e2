package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.slave.SlaveSynchronize;
import io.petrel.common.Sabotage;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.message.MessageFormat;
import io.petrel.env.DiskFile;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.store.format.ConsumeQueueFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A slave's answers to pulls, RocketMQ's slave semantics: it serves what it replicated, suggesting the
 * master for the next pull (slaveReadEnable=false) or the group's brokerId (true); where a master
 * would answer PULL_OFFSET_MOVED it answers PULL_RETRY_IMMEDIATELY with the requested offset kept,
 * suggesting the master; the
 * commit offset a pull carries is never stored; and answers a consumer would re-pull at once are
 * paced by shortPollingTimeMills.
 */
class SlavePullSimTest {

    private static final String SLAVE = "broker-a-s";
    private static final String GROUP = "CG";
    private static final String TOPIC = "Orders";
    private static final int FLAG_COMMIT_OFFSET = 1;
    private static final int FLAG_SUSPEND = 2;
    private static final int FLAG_SUBSCRIPTION = 4;

    /** Where a record's body starts: after its fixed header (IPv4 hosts) and the 4-byte body length. */
    private static final int BODY_POSITION = 84;

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    /** broker-a with three messages in Orders/0, and its slave holding them and the topic. */
    private void start(Map<String, String> slaveOverrides) {
        f = BrokerFixture.start(1406, Map.of(), "broker-a");
        f.cluster().addSlave("broker-a", slaveOverrides, Sabotage.none());
        f.cluster().awaitReady(30_000);
        f.createTopic("broker-a", TOPIC, 1);
        for (int i = 0; i < 3; i++) {
            f.send("broker-a", TOPIC, 0, "m" + i, Map.of());
        }
        f.sim().runFor(SlaveSynchronize.PERIOD_MS + 2_000);
        assertThat(f.broker(SLAVE).store().getMaxOffsetInQueue(TOPIC, 0)).as("replicated").isEqualTo(3);
        assertThat(f.call(SLAVE, BrokerFixture.heartbeat("client-1", GROUP, TOPIC)).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static RemotingCommand pull(long offset, int sysFlag, long commitOffset) {
        return RemotingCommand.request(RequestCode.PULL_MESSAGE, new ConsumerHeaders.PullMessageRequestHeader(GROUP, TOPIC,
                0, offset, 32, sysFlag, commitOffset, 15_000L, "*", 1L, "TAG", null));
    }

    @Test
    void withoutSlaveReadASlaveServesWhatItHoldsAndPointsTheConsumerBackToTheMaster() {
        start(Map.of());
        RemotingCommand r = f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION, -1));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(BrokerFixture.messages(r)).hasSize(3);
        PullMessageResponseHeader h = r.decodeHeader(PullMessageResponseHeader.class);
        assertThat(h.suggestWhichBrokerId()).isZero();
        assertThat(h.nextBeginOffset()).isEqualTo(3);
    }

    @Test
    void aSlaveNeverAnswersOffsetMovedAndKeepsTheRequestedOffset() {
        for (String slaveRead : new String[] {"false", "true"}) {
            start(Map.of("slaveReadEnable", slaveRead));
            RemotingCommand r = f.call(SLAVE, pull(700, FLAG_SUBSCRIPTION, -1));
            assertThat(r.code()).as("a master would answer PULL_OFFSET_MOVED (offset 700 of 3)")
                    .isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
            PullMessageResponseHeader h = r.decodeHeader(PullMessageResponseHeader.class);
            assertThat(h.nextBeginOffset()).isEqualTo(700);
            assertThat(h.suggestWhichBrokerId()).as("the master").isZero();
            f.close();
            f = null;
        }
    }

    /**
     * A group that reads from the slave ({@code updateSubGroup -i 1}) with an offset the slave cannot
     * judge is sent to the master, which can move it; RocketMQ sends it back to the slave for ever.
     */
    @Test
    void aSlaveSendsAnOffsetItCannotJudgeToTheMasterEvenForAGroupThatReadsFromTheSlave() {
        start(Map.of("slaveReadEnable", "true"));
        f.createGroup("broker-a", new SubscriptionGroupConfig(GROUP, true, true, true, 1, 16, 1, 1, true));
        f.sim().runFor(SlaveSynchronize.PERIOD_MS + 2_000);
        assertThat(f.broker(SLAVE).groups().get(GROUP).brokerId()).as("the slave copied the group").isEqualTo(1);
        RemotingCommand served = f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION, -1));
        assertThat(served.decodeHeader(PullMessageResponseHeader.class).suggestWhichBrokerId())
                .as("a pull the slave serves keeps the group on the slave").isEqualTo(1);
        RemotingCommand r = f.call(SLAVE, pull(700, FLAG_SUBSCRIPTION, -1));
        assertThat(r.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        assertThat(r.decodeHeader(PullMessageResponseHeader.class).suggestWhichBrokerId()).as("the master").isZero();
        RemotingCommand moved = f.call("broker-a", pull(700, FLAG_SUBSCRIPTION, -1));
        assertThat(moved.code()).isEqualTo(ResponseCode.PULL_OFFSET_MOVED);
        assertThat(moved.decodeHeader(PullMessageResponseHeader.class).nextBeginOffset())
                .as("the master moves the offset").isEqualTo(3);
    }

    /**
     * A record damaged in the slave's copy (a flipped bit) is not skipped: the slave serves up to it
     * and then sends the consumer to the master, whose copy is independent. Found by the fuzzer
     * (fuzz2-700990): skipping it lost the message for a group reading from the slave.
     */
    @Test
    void aSlaveSendsAConsumerToTheMasterForARecordDamagedInItsCopy() {
        start(Map.of("slaveReadEnable", "true"));
        ConsumeQueueFormat.Entry second = f.broker(SLAVE).store().consumeQueueEntry(TOPIC, 0, 1);
        String dir = f.broker(SLAVE).store().config().storePathCommitLog();
        DiskFile log = f.cluster().broker(SLAVE).disk().open(dir + "/" + f.cluster().broker(SLAVE).disk().list(dir).get(0));
        long bodyAt = second.commitLogOffset() + BODY_POSITION;
        ByteBuffer first = ByteBuffer.allocate(1);
        log.read(bodyAt, first);
        log.write(bodyAt, ByteBuffer.wrap(new byte[] {(byte) (first.get(0) ^ 1)}));
        log.close();

        RemotingCommand upTo = f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION, -1));
        assertThat(upTo.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(BrokerFixture.messages(upTo)).as("served up to the damaged record").hasSize(1);
        assertThat(upTo.decodeHeader(PullMessageResponseHeader.class).nextBeginOffset()).isEqualTo(1);

        RemotingCommand atDamage = f.call(SLAVE, pull(1, FLAG_SUBSCRIPTION, -1));
        assertThat(atDamage.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        PullMessageResponseHeader h = atDamage.decodeHeader(PullMessageResponseHeader.class);
        assertThat(h.nextBeginOffset()).as("the damaged record's offset, not past it").isEqualTo(1);
        assertThat(h.suggestWhichBrokerId()).as("the master").isZero();

        RemotingCommand fromMaster = f.call("broker-a", pull(1, FLAG_SUBSCRIPTION, -1));
        assertThat(fromMaster.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(BrokerFixture.messages(fromMaster)).extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                .containsExactly("m1", "m2");
    }

    /**
     * Found by fuzz2-702980: a bit flipped in the queue-offset field of a record in the slave's copy
     * (no CRC covers it) was served, and the consumer committed offset 2^37 + 71. The read path checks
     * the queue fields against the consume-queue entry, as recovery does: the slave sends the consumer
     * to its master, which holds the record intact.
     */
    @Test
    void aSlaveSendsAConsumerToTheMasterForARecordWhoseQueueOffsetIsDamagedInItsCopy() {
        start(Map.of("slaveReadEnable", "true"));
        ConsumeQueueFormat.Entry second = f.broker(SLAVE).store().consumeQueueEntry(TOPIC, 0, 1);
        String dir = f.broker(SLAVE).store().config().storePathCommitLog();
        DiskFile log = f.cluster().broker(SLAVE).disk().open(dir + "/" + f.cluster().broker(SLAVE).disk().list(dir).get(0));
        long byteOfBit37 = second.commitLogOffset() + MessageFormat.QUEUE_OFFSET_POSITION + 3;
        ByteBuffer was = ByteBuffer.allocate(1);
        log.read(byteOfBit37, was);
        log.write(byteOfBit37, ByteBuffer.wrap(new byte[] {(byte) (was.get(0) ^ 0x20)}));
        log.close();

        RemotingCommand upTo = f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION, -1));
        assertThat(upTo.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(BrokerFixture.messages(upTo)).as("served up to the damaged record").hasSize(1);

        RemotingCommand atDamage = f.call(SLAVE, pull(1, FLAG_SUBSCRIPTION, -1));
        assertThat(atDamage.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
        PullMessageResponseHeader h = atDamage.decodeHeader(PullMessageResponseHeader.class);
        assertThat(h.nextBeginOffset()).as("the damaged record's offset, not past it").isEqualTo(1);
        assertThat(h.suggestWhichBrokerId()).as("the master").isZero();

        RemotingCommand fromMaster = f.call("broker-a", pull(1, FLAG_SUBSCRIPTION, -1));
        assertThat(fromMaster.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(BrokerFixture.messages(fromMaster)).extracting(m -> m.queueOffset()).containsExactly(1L, 2L);
    }

    @Test
    void aSlaveNeverStoresTheCommitOffsetOfAPull() {
        start(Map.of("slaveReadEnable", "true"));
        f.call(SLAVE, pull(0, FLAG_SUBSCRIPTION | FLAG_COMMIT_OFFSET, 2));
        assertThat(f.broker(SLAVE).offsets().query(GROUP, TOPIC, 0)).isEqualTo(-1);
    }

    @Test
    void aSlavePacesTheRetryItGivesAPullItMayHold() {
        start(Map.of("shortPollingTimeMills", "2000"));
        ProtocolDriver.Outcome outcome = new ProtocolDriver.Outcome();
        f.driver().nodeAs(ProtocolDriver.class).send(f.address(SLAVE), pull(700, FLAG_SUBSCRIPTION | FLAG_SUSPEND, -1),
                30_000, outcome);
        f.sim().runFor(1_900);
        assertThat(outcome.done()).as("answered within the pause").isFalse();
        assertThat(f.sim().runUntil(outcome::done, 1_000)).isTrue();
        assertThat(outcome.response.code()).isEqualTo(ResponseCode.PULL_RETRY_IMMEDIATELY);
    }
}
