package io.petrel.broker.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.Json;
import io.petrel.common.LockBatchRequestBody;
import io.petrel.common.LockBatchResponseBody;
import io.petrel.common.MessageQueue;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import io.petrel.env.RandomSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LOCK_BATCH_MQ / UNLOCK_BATCH_MQ in simulation: one owner per queue, expiry after
 * rebalanceLockMaxLiveTime, unlock, the pause after a restart, refusals that change nothing, and
 * a seeded run with partitions and crashes in which no two clients ever believe they own one queue.
 */
class LockSimTest {

    private static final String BROKER = "broker-a";
    private static final MessageQueue Q0 = new MessageQueue("TopicO", BROKER, 0);
    private static final MessageQueue Q1 = new MessageQueue("TopicO", BROKER, 1);

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private static RemotingCommand lock(int code, String clientId, MessageQueue... mqs) {
        return RemotingCommand.request(code, null).body(Json.write(new LockBatchRequestBody("CG", clientId,
                new LinkedHashSet<>(List.of(mqs)))));
    }

    private Set<MessageQueue> lock(SimNode from, String clientId, MessageQueue... mqs) {
        RemotingCommand r = f.call(from, BROKER, lock(RequestCode.LOCK_BATCH_MQ, clientId, mqs));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        return Json.read(r.bodyBytes(), LockBatchResponseBody.class).lockOKMQSet();
    }

    private SimNode startWithTwoClients(long seed, Map<String, String> overrides) {
        f = BrokerFixture.start(seed, overrides, BROKER);
        f.createTopic(BROKER, "TopicO", 2);
        SimNode second = f.addDriver();
        f.call(BROKER, BrokerFixture.heartbeat("c1", "CG", "TopicO"));
        f.call(second, BROKER, BrokerFixture.heartbeat("c2", "CG", "TopicO"));
        return second;
    }

    @Test
    void oneClientOwnsAQueueUntilItsLockExpiresAfterSixtySecondsThenItMoves() {
        SimNode c2 = startWithTwoClients(301, Map.of());
        assertThat(lock(f.driver(), "c1", Q0)).containsExactly(Q0);
        assertThat(lock(c2, "c2", Q0, Q1)).containsExactly(Q1);
        f.sim().runFor(30_000);
        assertThat(lock(f.driver(), "c1", Q0)).as("renewed").containsExactly(Q0);
        f.sim().runFor(40_000);
        assertThat(lock(c2, "c2", Q0)).as("40 s after the renewal it still holds").isEmpty();
        f.sim().runFor(21_000);
        assertThat(lock(c2, "c2", Q0)).as("expired 60 s after the renewal").containsExactly(Q0);
        assertThat(lock(f.driver(), "c1", Q0)).isEmpty();
        assertThat(f.broker(BROKER).locks().holder("CG", Q0)).isEqualTo("c2");
    }

    @Test
    void unlockFreesTheQueueAtOnceButOnlyForItsHolder() {
        SimNode c2 = startWithTwoClients(302, Map.of());
        lock(f.driver(), "c1", Q0);
        f.call(c2, BROKER, lock(RequestCode.UNLOCK_BATCH_MQ, "c2", Q0));
        assertThat(lock(c2, "c2", Q0)).as("c2 cannot unlock c1's queue").isEmpty();
        RemotingCommand unlocked = f.call(BROKER, lock(RequestCode.UNLOCK_BATCH_MQ, "c1", Q0));
        assertThat(unlocked.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(lock(c2, "c2", Q0)).containsExactly(Q0);
    }

    @Test
    void theLockLifetimeIsConfigurable() {
        SimNode c2 = startWithTwoClients(303, Map.of("rebalanceLockMaxLiveTime", "10000"));
        lock(f.driver(), "c1", Q0);
        f.sim().runFor(9_000);
        assertThat(lock(c2, "c2", Q0)).isEmpty();
        f.sim().runFor(2_000);
        assertThat(lock(c2, "c2", Q0)).containsExactly(Q0);
    }

    @Test
    void aRestartedBrokerGrantsNoLockUntilLocksFromBeforeCouldHaveExpired() {
        SimNode c2 = startWithTwoClients(304, Map.of());
        lock(f.driver(), "c1", Q0);
        SimNode broker = f.cluster().broker(BROKER);
        broker.crash(CrashKind.PROCESS);
        broker.restart();
        f.cluster().awaitReady(60_000);
        long restartedAt = f.sim().elapsedMs();
        f.call(c2, BROKER, BrokerFixture.heartbeat("c2", "CG", "TopicO"));
        assertThat(lock(c2, "c2", Q0)).as("c1 may still be consuming").isEmpty();
        f.sim().runFor(60_500 - (f.sim().elapsedMs() - restartedAt));
        assertThat(lock(c2, "c2", Q0)).containsExactly(Q0);
    }

    @Test
    void lockRequestsForUnknownGroupsOrMalformedBodiesAreRefusedAndChangeNothing() {
        f = BrokerFixture.start(305, Map.of("autoCreateSubscriptionGroup", "false"), BROKER);
        RemotingCommand unknown = f.call(BROKER, lock(RequestCode.LOCK_BATCH_MQ, "c1", Q0));
        assertThat(unknown.code()).isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
        assertThat(unknown.remark()).startsWith("subscription group not exist, CG");
        RemotingCommand garbage = f.call(BROKER, RemotingCommand.request(RequestCode.LOCK_BATCH_MQ, null)
                .body("{\"mqSet\":[".getBytes(StandardCharsets.UTF_8)));
        assertThat(garbage.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        RemotingCommand noClient = f.call(BROKER, RemotingCommand.request(RequestCode.LOCK_BATCH_MQ, null)
                .body(Json.write(new LockBatchRequestBody("CG", " ", Set.of(Q0)))));
        assertThat(noClient.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(noClient.remark()).contains("clientId");
        assertThat(f.broker(BROKER).locks().locksOf("CG")).isEmpty();
        assertThat(f.broker(BROKER).groups().get("CG")).isNull();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {311, 312, 313, 314})
    void noTwoClientsEverBelieveTheyOwnOneQueueAcrossPartitionsAndCrashes(long seed) {
        f = BrokerFixture.start(seed, Map.of(), BROKER);
        f.createTopic(BROKER, "TopicO", 2);
        f.createGroup(BROKER, BrokerFixture.group("CG", 16));
        f.sim().runFor(2_000);
        BeliefLog log = new BeliefLog();
        List<SimNode> clients = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String id = "c" + i;
            clients.add(f.sim().addNode("locker-" + i, "10.0.8." + i, env -> new LockingClient(env, id, f.address(BROKER),
                    List.of(Q0, Q1), f.sim()::nowNanos, log)));
        }
        clients.forEach(SimNode::start);
        RandomSource random = f.sim().stream("test", "faults");
        SimNode broker = f.cluster().broker(BROKER);
        for (int round = 0; round < 16; round++) {
            injectFault(random, broker);
            f.sim().runFor(10_000 + random.nextInt(30_000));
            f.sim().network().healAll();
            f.sim().runFor(random.nextInt(20_000));
        }
        f.sim().runFor(150_000);
        assertThat(log.overlaps()).as("seed %d: overlapping beliefs", seed).isEmpty();
        long now = f.sim().nowNanos();
        assertThat(log.ownersAt(Q0, now - 1)).as("after healing someone owns Q0").hasSize(1);
    }

    private void injectFault(RandomSource random, SimNode broker) {
        String brokerHost = broker.host();
        switch (random.nextInt(4)) {
            case 0 -> {
                broker.crash(random.nextBoolean() ? CrashKind.PROCESS : CrashKind.POWER_LOSS);
                f.sim().runFor(random.nextInt(3_000));
                broker.restart();
            }
            case 1 -> f.sim().network().partition(List.of("10.0.8." + (1 + random.nextInt(3))), List.of(brokerHost),
                    LinkMode.values()[random.nextInt(LinkMode.values().length)]);
            case 2 -> f.sim().network().partition(List.of("10.0.8.1", "10.0.8.2"), List.of(brokerHost), LinkMode.CLOG);
            default -> { }
        }
    }
}
