package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.DeleteTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting a topic destroys its consume queues in the store (RocketMQ's deleteTopic calls
 * cleanUnusedTopic): a topic created again under the same name is empty, starts at queue offset 0,
 * and stays so across clean and unclean restarts.
 */
class TopicDeletionSimTest {

    private static final String BROKER = "broker-a";
    private static final String TOPIC = "Doomed";

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private long maxOffset(int queueId) {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.GET_MAX_OFFSET,
                new ConsumerHeaders.GetMaxOffsetRequestHeader(TOPIC, queueId, null)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        return r.decodeHeader(ConsumerHeaders.OffsetResponseHeader.class).offset();
    }

    private void deleteTopic() {
        RemotingCommand r = f.call(BROKER, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER,
                new DeleteTopicRequestHeader(TOPIC)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static List<String> bodies(List<StoredMessage> messages) {
        return messages.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
    }

    /** Sends three old messages to queue 0, deletes the topic and creates it again. */
    private void sendDeleteRecreate(long seed, Map<String, String> overrides) {
        f = BrokerFixture.start(seed, overrides, BROKER);
        f.createTopic(BROKER, TOPIC, 2);
        for (int i = 0; i < 3; i++) {
            f.send(BROKER, TOPIC, 0, "old-" + i, Map.of());
        }
        assertThat(maxOffset(0)).isEqualTo(3);
        deleteTopic();
        assertThat(f.broker(BROKER).store().consumeQueueKeys()).noneMatch(q -> q.topic().equals(TOPIC));
        f.createTopic(BROKER, TOPIC, 2);
    }

    private void assertEmpty(String when) {
        assertThat(maxOffset(0)).as(when + ": max offset").isZero();
        assertThat(f.pull(BROKER, "CG", TOPIC, 0, 0)).as(when + ": pull at 0").isEmpty();
    }

    @Test
    void aTopicCreatedAgainAfterDeletionIsEmptyAndStartsAtOffsetZero() {
        sendDeleteRecreate(701, Map.of());
        assertEmpty("after re-creation");
        assertThat(f.cluster().broker(BROKER).disk().exists("/store/consumequeue/" + TOPIC))
                .as("the topic's consume-queue directory is gone").isFalse();
        assertThat(f.send(BROKER, TOPIC, 0, "new-0", Map.of()).queueOffset()).isZero();
        assertThat(bodies(f.pull(BROKER, "CG", TOPIC, 0, 0))).containsExactly("new-0");
    }

    @Test
    void aDeletedTopicStaysEmptyAfterACleanRestart() {
        sendDeleteRecreate(702, Map.of());
        SimNode broker = f.cluster().broker(BROKER);
        broker.shutdown();
        f.sim().runFor(10_000);
        broker.restart();
        f.cluster().awaitReady(60_000);
        assertEmpty("after a clean restart");
    }

    @Test
    void aDeletedTopicStaysEmptyAfterAProcessCrashAndAPowerLoss() {
        sendDeleteRecreate(703, Map.of());
        f.send(BROKER, TOPIC, 0, "new-0", Map.of());
        // The re-created topic's config is saved asynchronously (write, force, rename); let it land.
        f.sim().runFor(1_000);
        SimNode broker = f.cluster().broker(BROKER);
        broker.crash(CrashKind.PROCESS);
        broker.restart();
        f.cluster().awaitReady(60_000);
        assertThat(bodies(f.pull(BROKER, "CG", TOPIC, 0, 0))).as("after a process crash").containsExactly("new-0");
        f.sim().runFor(2_000);
        broker.crash(CrashKind.POWER_LOSS);
        broker.restart();
        f.cluster().awaitReady(60_000);
        assertThat(bodies(f.pull(BROKER, "CG", TOPIC, 0, 0))).as("after a power loss").doesNotContain("old-0", "old-1", "old-2");
        assertThat(f.broker(BROKER).store().verifyConsumeQueues()).isEmpty();
    }

    @Test
    void underSyncFlushADeletedTopicStaysEmptyThroughAPowerLoss() {
        sendDeleteRecreate(704, Map.of("flushDiskType", "SYNC_FLUSH"));
        assertEmpty("after re-creation");
        assertThat(f.send(BROKER, TOPIC, 0, "new-0", Map.of()).queueOffset()).isZero();
        f.sim().runFor(1_000);
        SimNode broker = f.cluster().broker(BROKER);
        broker.crash(CrashKind.POWER_LOSS);
        broker.restart();
        f.cluster().awaitReady(60_000);
        assertThat(bodies(f.pull(BROKER, "CG", TOPIC, 0, 0))).as("after a power loss").containsExactly("new-0");
    }

    @Test
    void aRecordStillWaitingForItsForceWhenTheTopicIsDeletedDoesNotBringItBack() {
        sendDeleteRecreate(705, Map.of("flushDiskType", "SYNC_FLUSH"));
        f.cluster().broker(BROKER).disk().faults().slowForces(2_000);
        ProtocolDriver driver = f.driver().nodeAs(ProtocolDriver.class);
        ProtocolDriver.Outcome late = new ProtocolDriver.Outcome();
        driver.send(f.address(BROKER), BrokerSimTest.sendRequest(TOPIC, 0, "late", Map.of()), 30_000, late);
        f.sim().runFor(50);
        assertThat(late.done()).as("the put waits for its force").isFalse();
        ProtocolDriver.Outcome deleted = new ProtocolDriver.Outcome();
        driver.send(f.address(BROKER), RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER,
                new DeleteTopicRequestHeader(TOPIC)), 30_000, deleted);
        assertThat(f.sim().runUntil(() -> late.done() && deleted.done(), 20_000)).isTrue();
        assertThat(deleted.response.code()).isEqualTo(ResponseCode.SUCCESS);
        f.cluster().broker(BROKER).disk().faults().slowForces(0);
        f.createTopic(BROKER, TOPIC, 2);
        assertEmpty("after the forced record was dispatched");
        assertThat(f.send(BROKER, TOPIC, 0, "new-0", Map.of()).queueOffset()).isZero();
    }

    @Test
    void aShutdownWhileADeletionWaitsForItsCheckpointStopsCleanly() {
        f = BrokerFixture.start(706, Map.of(), BROKER);
        f.createTopic(BROKER, TOPIC, 2);
        for (int i = 0; i < 3; i++) {
            f.send(BROKER, TOPIC, 0, "old-" + i, Map.of());
        }
        f.sim().runFor(2_000);
        SimNode broker = f.cluster().broker(BROKER);
        broker.disk().faults().slowForces(2_000);
        ProtocolDriver.Outcome deleted = new ProtocolDriver.Outcome();
        f.driver().nodeAs(ProtocolDriver.class).send(f.address(BROKER), RemotingCommand.request(
                RequestCode.DELETE_TOPIC_IN_BROKER, new DeleteTopicRequestHeader(TOPIC)), 30_000, deleted);
        f.sim().runFor(20);
        assertThat(deleted.done()).as("the deletion waits for its directory syncs and checkpoint").isFalse();
        broker.shutdown();
        f.sim().runFor(30_000);
        assertThat(broker.isUp()).isFalse();
        broker.disk().faults().slowForces(0);
        broker.restart();
        f.cluster().awaitReady(60_000);
        assertThat(f.broker(BROKER).store().stats()).isNotNull();
        assertThat(f.broker(BROKER).topics().contains(TOPIC)).isFalse();
        f.createTopic(BROKER, TOPIC, 2);
        assertEmpty("after the restart");
    }
}
