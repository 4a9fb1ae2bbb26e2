package io.petrel.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.DelayOffsetSerializeWrapper;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.store.commitlog.DelayLevelTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Delayed messages in simulation: delivered to their real topic and queue when the broker's
 * clock reaches the deliver time and not before, across crashes and power losses with
 * SYNC_FLUSH (none lost, none early, duplicates counted), with progress in delayOffset.json.
 */
class ScheduleSimTest {

    private static final String BROKER = "broker-a";
    private static final DelayLevelTable LEVELS = DelayLevelTable.parse(DelayLevelTable.DEFAULT);

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private String sendDelayed(String topic, int queueId, String body, int level) {
        return f.send(BROKER, topic, queueId, body, Map.of("DELAY", Integer.toString(level))).msgId();
    }

    @Test
    void aDelayedMessageArrivesInItsQueueWhenDueAndNotBefore() {
        f = BrokerFixture.start(201, Map.of(), BROKER);
        f.createTopic(BROKER, "Later", 4);
        String msgId = sendDelayed("Later", 2, "in ten seconds", 3);
        long sentAt = f.sim().elapsedMs();
        assertThat(f.maxOffset(BROKER, "SCHEDULE_TOPIC_XXXX", 2)).isEqualTo(1);
        f.sim().runFor(9_990 - (f.sim().elapsedMs() - sentAt));
        assertThat(f.maxOffset(BROKER, "Later", 2)).as("not before 10 s").isZero();
        assertThat(f.sim().runUntil(() -> f.maxOffset(BROKER, "Later", 2) == 1, 1_000)).isTrue();
        assertThat(f.sim().elapsedMs() - sentAt).isBetween(9_990L, 10_050L);

        StoredMessage delivered = f.pull(BROKER, "CG", "Later", 2, 0).get(0);
        StoredMessage parked = f.broker(BROKER).store().lookMessageByOffset(BrokerFixture.commitLogOffset(msgId));
        assertThat(delivered.storeTimestamp()).isGreaterThanOrEqualTo(parked.storeTimestamp() + 10_000);
        assertThat(new String(delivered.body(), StandardCharsets.UTF_8)).isEqualTo("in ten seconds");
        assertThat(delivered.properties()).containsEntry("REAL_TOPIC", "Later").containsEntry("REAL_QID", "2")
                .doesNotContainKey("DELAY");
        RemotingCommand offsets = f.call(BROKER, RemotingCommand.request(RequestCode.GET_ALL_DELAY_OFFSET, null));
        assertThat(Json.read(offsets.bodyBytes(), DelayOffsetSerializeWrapper.class).offsetTable()).containsEntry(3, 1L);
        RemotingCommand info = f.call(BROKER, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null));
        assertThat(Json.read(info.bodyBytes(), KVTable.class).table())
                .containsEntry("scheduleMessageOffset_3", "1,1").containsEntry("scheduleMessageOffset_18", "0,0");
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @CsvSource({"211, PROCESS", "212, POWER_LOSS", "213, POWER_LOSS", "214, PROCESS", "215, POWER_LOSS"})
    void delayedMessagesDueAcrossACrashAreDeliveredAndNeverEarly(long seed, CrashKind crash) {
        f = BrokerFixture.start(seed, Map.of("flushDiskType", "SYNC_FLUSH"), BROKER);
        f.createTopic(BROKER, "Later", 2);
        Map<String, String> msgIdByBody = new LinkedHashMap<>();
        Map<String, Integer> levelByBody = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            int level = 1 + i % 6;
            String body = "m" + i;
            msgIdByBody.put(body, sendDelayed("Later", i % 2, body, level));
            levelByBody.put(body, level);
            f.sim().runFor(1_500);
        }
        f.sim().runFor(seed * 977 % 10_000);
        SimNode broker = f.cluster().broker(BROKER);
        broker.crash(crash);
        f.sim().runFor(5_000);
        broker.restart();
        f.cluster().awaitReady(60_000);
        f.sim().runFor(150_000);

        Map<String, List<StoredMessage>> delivered = deliveredByBody();
        assertThat(delivered.keySet()).as("every acknowledged delayed message delivered").containsAll(msgIdByBody.keySet());
        int duplicates = 0;
        for (Map.Entry<String, List<StoredMessage>> e : delivered.entrySet()) {
            StoredMessage parked = f.broker(BROKER).store().lookMessageByOffset(
                    BrokerFixture.commitLogOffset(msgIdByBody.get(e.getKey())));
            long due = parked.storeTimestamp() + LEVELS.delayMs(levelByBody.get(e.getKey()));
            for (StoredMessage copy : e.getValue()) {
                assertThat(copy.storeTimestamp()).as("%s delivered no earlier than %d", e.getKey(), due)
                        .isGreaterThanOrEqualTo(due);
            }
            duplicates += e.getValue().size() - 1;
        }
        assertThat(duplicates).as("re-deliveries after the crash stay below one flush interval's worth").isLessThan(20);
    }

    private Map<String, List<StoredMessage>> deliveredByBody() {
        Map<String, List<StoredMessage>> byBody = new TreeMap<>();
        for (int q = 0; q < 2; q++) {
            long max = f.maxOffset(BROKER, "Later", q);
            for (long offset = 0; offset < max; ) {
                List<StoredMessage> batch = f.pull(BROKER, "CG", "Later", q, offset);
                for (StoredMessage m : batch) {
                    byBody.computeIfAbsent(new String(m.body(), StandardCharsets.UTF_8), b -> new ArrayList<>()).add(m);
                }
                offset += batch.size();
            }
        }
        return byBody;
    }

    @Test
    void aGracefulRestartSavesProgressSoNothingIsDeliveredTwice() {
        f = BrokerFixture.start(221, Map.of(), BROKER);
        f.createTopic(BROKER, "Later", 1);
        for (int i = 0; i < 10; i++) {
            sendDelayed("Later", 0, "g" + i, 1);
        }
        assertThat(f.sim().runUntil(() -> f.maxOffset(BROKER, "Later", 0) == 10, 5_000)).isTrue();
        SimNode broker = f.cluster().broker(BROKER);
        broker.shutdown();
        f.sim().runFor(10_000);
        broker.restart();
        f.cluster().awaitReady(60_000);
        f.sim().runFor(5_000);
        assertThat(f.maxOffset(BROKER, "Later", 0)).isEqualTo(10);
        assertThat(f.broker(BROKER).schedule().savedOffsets()).containsEntry(1, 10L);
    }

    @Test
    void aClockSteppedBackDeliversEveryWaitingMessageAtOnceNotAfterTheStep() {
        // As RocketMQ's correctDeliverTimestamp: a deliver time more than one level delay ahead
        // means the clock went back, and the entry is due now. Holding each entry for a delay
        // instead would hold a queue of n such entries for n delays (fuzz1-188: 27 entries, 270 s).
        f = BrokerFixture.start(231, Map.of(), BROKER);
        f.createTopic(BROKER, "Later", 1);
        for (int i = 0; i < 20; i++) {
            sendDelayed("Later", 0, "five seconds " + i, 2);
        }
        f.sim().runFor(1_000);
        f.cluster().broker(BROKER).clock().stepBack(3_600_000);
        long steppedAt = f.sim().elapsedMs();
        assertThat(f.sim().runUntil(() -> f.maxOffset(BROKER, "Later", 0) == 20, 10_000)).isTrue();
        assertThat(f.sim().elapsedMs() - steppedAt).isLessThan(2_000L);
    }

    @Test
    void aSmallStepBackOnlyDelaysByTheStep() {
        f = BrokerFixture.start(233, Map.of(), BROKER);
        f.createTopic(BROKER, "Later", 1);
        sendDelayed("Later", 0, "five seconds", 2);
        f.sim().runFor(1_000);
        f.cluster().broker(BROKER).clock().stepBack(2_000);
        long steppedAt = f.sim().elapsedMs();
        assertThat(f.sim().runUntil(() -> f.maxOffset(BROKER, "Later", 0) == 1, 20_000)).isTrue();
        assertThat(f.sim().elapsedMs() - steppedAt).isBetween(5_000L, 7_100L);
    }

    @Test
    void aSlaveKeepsTheTableButDoesNotDeliver() {
        f = BrokerFixture.start(241, Map.of(), BROKER);
        assertThat(f.broker(BROKER).schedule().isRunning()).isTrue();
        RemotingCommand offsets = f.call(BROKER, RemotingCommand.request(RequestCode.GET_ALL_DELAY_OFFSET, null));
        assertThat(offsets.code()).isEqualTo(ResponseCode.SUCCESS);
    }
}
