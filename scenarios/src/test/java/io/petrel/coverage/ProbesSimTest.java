package io.petrel.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.Json;
import io.petrel.common.LockBatchRequestBody;
import io.petrel.common.LockBatchResponseBody;
import io.petrel.common.MessageQueue;
import io.petrel.common.message.MessageProperties;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Coverage probes of the broker, the NameServer and remoting fire in simulation when their
 * situation is staged: requests go in through protocol drivers, faults come from the simulator,
 * and {@code Simulator.coverage()} says what ran. The client's probes are in
 * {@code ClientProbesSimTest}, the store's in {@code io.petrel.store.StoreProbesTest}.
 */
class ProbesSimTest {

    private static long hits(BrokerFixture f, String probe) {
        return f.sim().coverage().count(probe);
    }

    private static ProtocolDriver driver(SimNode node) {
        return node.nodeAs(ProtocolDriver.class);
    }

    @Test
    void aHeldPullIsAnsweredAtItsTimeoutOrWhenAMessageArrives() {
        try (BrokerFixture f = BrokerFixture.start(31, Map.of(), "broker-a")) {
            f.createTopic("broker-a", "Polls", 1);
            ProtocolDriver.Outcome empty = new ProtocolDriver.Outcome();
            driver(f.driver()).send(f.address("broker-a"), BrokerFixture.pullRequest("CG", "Polls", 0, 0, 2_000), 30_000, empty);
            assertThat(f.sim().runUntil(empty::done, 10_000)).isTrue();
            assertThat(empty.response.code()).isEqualTo(ResponseCode.PULL_NOT_FOUND);
            assertThat(hits(f, "broker-long-poll-timeout")).isEqualTo(1);
            assertThat(hits(f, "broker-long-poll-woken")).isZero();
            ProtocolDriver.Outcome held = new ProtocolDriver.Outcome();
            driver(f.driver()).send(f.address("broker-a"), BrokerFixture.pullRequest("CG", "Polls", 0, 0, 15_000), 30_000, held);
            f.sim().runFor(1_000);
            assertThat(held.done()).isFalse();
            f.send("broker-a", "Polls", 0, "wake up", Map.of());
            assertThat(f.sim().runUntil(held::done, 1_000)).isTrue();
            assertThat(held.response.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(hits(f, "broker-long-poll-woken")).isEqualTo(1);
            assertThat(hits(f, "broker-long-poll-timeout")).isEqualTo(1);
        }
    }

    @Test
    void aConsumerWhoseConnectionDropsIsRemovedAndTheOthersAreTold() {
        try (BrokerFixture f = BrokerFixture.start(32, Map.of(), "broker-a")) {
            f.createTopic("broker-a", "Members", 4);
            SimNode second = f.addDriver();
            f.call("broker-a", BrokerFixture.heartbeat("client-1", "CG", "Members"));
            f.call(second, "broker-a", BrokerFixture.heartbeat("client-2", "CG", "Members"));
            f.sim().runFor(100);
            assertThat(hits(f, "broker-consumer-gone-notify")).isZero();
            second.crash(CrashKind.PROCESS);
            f.sim().runFor(5_000);
            assertThat(hits(f, "broker-client-channel-expired")).isEqualTo(1);
            assertThat(hits(f, "broker-consumer-gone-notify")).isEqualTo(1);
        }
    }

    @Test
    void aNameServerDropsACrashedBrokerAtOnceAndASilentOneAfterTwoMinutes() {
        try (BrokerFixture f = BrokerFixture.start(33, Map.of(), "broker-a")) {
            SimNode broker = f.cluster().broker("broker-a");
            broker.crash(CrashKind.PROCESS);
            f.sim().runFor(5_000);
            assertThat(hits(f, "namesrv-broker-channel-closed")).isEqualTo(1);
            broker.restart();
            f.cluster().awaitReady(60_000);
            assertThat(hits(f, "store-recovery-abnormal")).isEqualTo(1);
            assertThat(hits(f, "namesrv-broker-expired")).isZero();
            String namesrv = f.cluster().namesrvs().get(0).host();
            f.sim().network().partition(List.of(broker.host()), List.of(namesrv), LinkMode.BLACKHOLE);
            f.sim().runFor(150_000);
            assertThat(hits(f, "namesrv-broker-expired")).isEqualTo(1);
            assertThat(hits(f, "broker-register-failed")).isPositive();
            assertThat(hits(f, "remoting-request-timeout")).isPositive();
        }
    }

    @Test
    void aRetryOutOfReconsumeTimesGoesToTheDeadLetterQueue() {
        try (BrokerFixture f = BrokerFixture.start(34, Map.of(), "broker-a")) {
            RemotingCommand r = f.call("broker-a", send("%RETRY%CG", 16, Map.of()));
            assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(f.maxOffset("broker-a", "%DLQ%CG", 0)).isEqualTo(1);
            assertThat(hits(f, "broker-retry-to-dlq")).isEqualTo(1);
        }
    }

    @Test
    void delayedMessagesAreDeliveredAndTheScheduleProgressIsRestoredAfterARestart() {
        try (BrokerFixture f = BrokerFixture.start(35, Map.of(), "broker-a")) {
            f.createTopic("broker-a", "Later", 1);
            RemotingCommand r = f.call("broker-a", send("Later", 0, Map.of("DELAY", "1")));
            assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
            f.sim().runFor(3_000);
            assertThat(f.maxOffset("broker-a", "Later", 0)).isEqualTo(1);
            assertThat(hits(f, "broker-delay-delivered")).isEqualTo(1);
            assertThat(hits(f, "broker-delay-offset-restored")).isZero();
            SimNode broker = f.cluster().broker("broker-a");
            broker.shutdown();
            f.sim().runUntil(() -> !broker.isUp(), 30_000);
            broker.restart();
            f.cluster().awaitReady(60_000);
            assertThat(hits(f, "broker-delay-offset-restored")).isEqualTo(1);
            assertThat(hits(f, "broker-delay-delivered")).as("not delivered twice").isEqualTo(1);
        }
    }

    @Test
    void queueLocksAreRefusedWhileHeldTakenOnceExpiredAndRefusedRightAfterARestart() {
        try (BrokerFixture f = BrokerFixture.start(36, Map.of(), "broker-a")) {
            f.createTopic("broker-a", "Ordered", 2);
            f.createGroup("broker-a", BrokerFixture.group("CG", 16));
            SimNode second = f.addDriver();
            MessageQueue q0 = new MessageQueue("Ordered", "broker-a", 0);
            assertThat(lock(f, f.driver(), "client-1", q0)).containsExactly(q0);
            assertThat(lock(f, second, "client-2", q0)).isEmpty();
            assertThat(hits(f, "broker-lock-refused")).isEqualTo(1);
            f.sim().runFor(61_000);
            assertThat(lock(f, second, "client-2", q0)).containsExactly(q0);
            assertThat(hits(f, "broker-lock-expired-taken")).isEqualTo(1);
            SimNode broker = f.cluster().broker("broker-a");
            broker.shutdown();
            f.sim().runUntil(() -> !broker.isUp(), 30_000);
            broker.restart();
            f.cluster().awaitReady(60_000);
            assertThat(lock(f, second, "client-2", q0)).isEmpty();
            assertThat(hits(f, "broker-lock-refused-after-restart")).isEqualTo(1);
        }
    }

    @Test
    void aSyncFlushPutWhoseForceIsTooSlowIsAnsweredFlushDiskTimeout() {
        try (BrokerFixture f = BrokerFixture.start(37, Map.of("flushDiskType", "SYNC_FLUSH"), "broker-a")) {
            f.createTopic("broker-a", "Durable", 1);
            f.cluster().broker("broker-a").disk().faults().slowForces(6_000);
            RemotingCommand r = f.call("broker-a", send("Durable", 0, Map.of()));
            assertThat(r.code()).isEqualTo(ResponseCode.FLUSH_DISK_TIMEOUT);
            assertThat(hits(f, "broker-flush-timeout")).isEqualTo(1);
        }
    }

    /**
     * apache/rocketmq#2706 at the wire: RocketMQ 4.8 answered SEND_OK for a message whose SYNC_FLUSH
     * force had failed. Here the send is answered FLUSH_DISK_TIMEOUT (which the official client turns
     * into SendStatus.FLUSH_DISK_TIMEOUT, never SEND_OK) naming the failed force; the next send is
     * refused with SERVICE_NOT_AVAILABLE until the store's periodic retry forces successfully.
     */
    @Test
    void aSyncFlushSendWhoseForceFailsIsNeverSuccessAndTheBrokerRefusesUntilAGoodForce() {
        try (BrokerFixture f = BrokerFixture.start(38, Map.of("flushDiskType", "SYNC_FLUSH"), "broker-a")) {
            f.createTopic("broker-a", "Durable", 1);
            assertThat(f.call("broker-a", send("Durable", 0, Map.of())).code()).isEqualTo(ResponseCode.SUCCESS);
            long maxBefore = f.maxOffset("broker-a", "Durable", 0);
            f.cluster().broker("broker-a").disk().faults().failNextForces(1);
            RemotingCommand failed = f.call("broker-a", send("Durable", 0, Map.of()));
            assertThat(failed.code()).isEqualTo(ResponseCode.FLUSH_DISK_TIMEOUT);
            assertThat(failed.remark()).contains("force").contains("failed");
            RemotingCommand refused = f.call("broker-a", send("Durable", 0, Map.of()));
            assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
            assertThat(refused.remark()).contains("force failed");
            assertThat(hits(f, "store-force-failed")).isEqualTo(1);
            f.sim().runFor(1_500);
            assertThat(f.call("broker-a", send("Durable", 0, Map.of())).code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(f.maxOffset("broker-a", "Durable", 0)).as("the failed message, once forced, and the last one")
                    .isEqualTo(maxBefore + 2);
        }
    }

    private static List<MessageQueue> lock(BrokerFixture f, SimNode from, String clientId, MessageQueue mq) {
        RemotingCommand r = f.call(from, "broker-a", RemotingCommand.request(RequestCode.LOCK_BATCH_MQ, null)
                .body(Json.write(new LockBatchRequestBody("CG", clientId, new TreeSet<>(List.of(mq))))));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return List.copyOf(Json.read(r.bodyBytes(), LockBatchResponseBody.class).lockOKMQSet());
    }

    /** SEND_MESSAGE_V2 to queue 0 carrying {@code reconsumeTimes}. */
    private static RemotingCommand send(String topic, int reconsumeTimes, Map<String, String> properties) {
        Map<String, String> props = new LinkedHashMap<>(properties);
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG", topic, "TBW102",
                4, 0, 0, 1_700_000_000_000L, 0, MessageProperties.encode(props), reconsumeTimes, false, null, false,
                "broker-a")).body("probe".getBytes(StandardCharsets.UTF_8));
    }
}
