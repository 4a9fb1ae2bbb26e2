package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.HostAddress;
import io.petrel.sim.CrashKind;
import io.petrel.store.commitlog.BrokerMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bad input: each gets a clear status and remark, nothing partial becomes visible to
 * readers, and nothing already stored is harmed.
 */
class StoreBadInputTest {

    private static final HostAddress BORN = HostAddress.parse("10.0.0.9:1");

    private static BrokerMessage message(String topic, int queueId, int bodyBytes, Map<String, String> properties) {
        return BrokerMessage.of(topic, queueId, new byte[bodyBytes], properties, 0, BORN);
    }

    private static void assertRefused(StoreHarness h, PutMessageResult r, PutMessageStatus status, String remark) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.remark()).contains(remark);
        assertThat(r.isAppended()).isFalse();
    }

    @Test
    void eachBadPutIsRefusedClearlyAndLeavesTheStoreAsItWas() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 20, 300);
            long max = h.store().getMaxPhyOffset();
            assertRefused(h, h.put(message("Orders", 0, 8193, Map.of())), PutMessageStatus.MESSAGE_ILLEGAL,
                    "exceeds maxMessageSize 8192");
            assertRefused(h, h.put(message("", 0, 10, Map.of())), PutMessageStatus.MESSAGE_ILLEGAL, "topic is empty");
            assertRefused(h, h.put(message("T".repeat(128), 0, 10, Map.of())), PutMessageStatus.MESSAGE_ILLEGAL,
                    "longer than 127");
            assertRefused(h, h.put(message("../etc", 0, 10, Map.of())), PutMessageStatus.MESSAGE_ILLEGAL, "character");
            assertRefused(h, h.put(message("Orders", -1, 10, Map.of())), PutMessageStatus.MESSAGE_ILLEGAL, "queueId -1");
            assertRefused(h, h.put(message("Orders", 70_000, 10, Map.of())), PutMessageStatus.MESSAGE_ILLEGAL, "queueId 70000");
            assertRefused(h, h.put(message("Orders", 0, 10, Map.of("big", "x".repeat(33_000)))),
                    PutMessageStatus.PROPERTIES_SIZE_EXCEEDED, "32767");
            assertRefused(h, h.put(message("Orders", 0, 10, Map.of("k", "a\u0000b"))), PutMessageStatus.MESSAGE_ILLEGAL, "NUL");
            assertRefused(h, h.putBatch(List.of(message("Orders", 0, 10, Map.of()), message("Orders", 1, 10, Map.of()))),
                    PutMessageStatus.MESSAGE_ILLEGAL, "one topic queue");
            assertRefused(h, h.putBatch(List.of(message("Orders", 0, 10, Map.of("DELAY", "3")))),
                    PutMessageStatus.MESSAGE_ILLEGAL, "delayed");
            assertRefused(h, h.putBatch(List.of()), PutMessageStatus.MESSAGE_ILLEGAL, "no message");
            assertThat(h.store().getMaxPhyOffset()).isEqualTo(max);
            assertThat(h.store().consumeQueueKeys()).extracting(q -> q.topic() + "/" + q.queueId()).containsExactly("Orders/0");
            assertThat(h.readQueue("Orders", 0)).hasSize(20);
            assertThat(h.put(h.message("Orders", 0, 10)).status()).isEqualTo(PutMessageStatus.PUT_OK);
        }
    }

    /** A batch is all or nothing: properties too long in its second message refuse the first one too. */
    @Test
    void aBatchWithOneMessageWhosePropertiesAreTooLongIsRefusedAsAWhole() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 5, 100);
            long max = h.store().getMaxPhyOffset();
            long queueMax = h.store().getMaxOffsetInQueue("Orders", 0);
            PutMessageResult r = h.putBatch(List.of(message("Orders", 0, 10, Map.of("k", "fine")),
                    message("Orders", 0, 10, Map.of("big", "x".repeat(33_000))), message("Orders", 0, 10, Map.of())));
            assertRefused(h, r, PutMessageStatus.PROPERTIES_SIZE_EXCEEDED, "32767");
            assertThat(h.store().getMaxPhyOffset()).isEqualTo(max);
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).isEqualTo(queueMax);
            assertThat(h.readQueue("Orders", 0)).hasSize(5);
            assertThat(h.putBatch(List.of(message("Orders", 0, 10, Map.of()), message("Orders", 0, 10, Map.of()))).isOk())
                    .as("the next good batch is stored").isTrue();
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).isEqualTo(queueMax + 2);
        }
    }

    @Test
    void aPutBeforeRecoveryFinishedIsRefused() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.node.start();
            h.sim.step();
            List<PutMessageResult> answer = new ArrayList<>();
            h.store().putMessage(h.message("Orders", 0, 10), answer::add);
            h.sim.runUntil(() -> !answer.isEmpty(), 1000);
            assertThat(answer.get(0).status()).isEqualTo(PutMessageStatus.SERVICE_NOT_AVAILABLE);
            assertThat(answer.get(0).remark()).contains("starting");
        }
    }

    @Test
    void aCommitLogFileThatVanishedIsReportedAndTheRestStillServes() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 400, 600);
            h.run(2_000);
            h.node.shutdown();
            h.run(5_000);
            List<String> files = h.node.disk().list(h.config.storePathCommitLog());
            h.node.disk().delete(h.config.storePathCommitLog() + "/" + files.get(1));
            StoreStartResult restart = h.start();
            assertThat(restart.ok()).isTrue();
            assertThat(h.logLines()).anyMatch(l -> l.contains("gap before") && l.contains("set aside"));
            long min = h.store().getMinPhyOffset();
            assertThat(min).isEqualTo(2L * h.config.mappedFileSizeCommitLog());
            assertThat(h.readQueue("Orders", 0)).isNotEmpty().allMatch(label -> label.startsWith("message-"));
            assertThat(h.put(h.message("Orders", 0, 10)).status()).isEqualTo(PutMessageStatus.PUT_OK);
        }
    }

    @Test
    void theLastCommitLogFileVanishingIsReportedAsLostData() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 400, 600);
            h.run(2_000);
            h.crash(CrashKind.PROCESS);
            List<String> files = h.node.disk().list(h.config.storePathCommitLog());
            h.node.disk().delete(h.config.storePathCommitLog() + "/" + files.get(files.size() - 1));
            StoreStartResult restart = h.start();
            assertThat(restart.ok()).isTrue();
            assertThat(restart.damagedRecords()).isPositive();
            assertThat(h.logLines()).anyMatch(l -> l.contains("commit-log files are missing or damaged"));
            long max = h.store().getMaxOffsetInQueue("Orders", 0);
            for (long o = h.store().getMinOffsetInQueue("Orders", 0); o < max; o++) {
                assertThat(h.store().getCommitLogOffsetInQueue("Orders", 0, o)).isLessThan(h.store().getMaxPhyOffset());
            }
        }
    }

    @Test
    void aCommitLogFileOfAnotherSizeStopsTheStartNamingTheFile() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.crash(CrashKind.PROCESS);
            h.node.disk().create(h.config.storePathCommitLog() + "/00000000000000000000", 1000).close();
            StoreStartResult restart = h.start();
            assertThat(restart.ok()).isFalse();
            assertThat(restart.problem()).contains("00000000000000000000").contains("configured file size");
        }
    }

    /**
     * Decay inside the durable part of the log: reads check every record and skip it; recovery, which
     * checks from the checkpoint's file on, reports it and carries on with the records after it.
     */
    @Test
    void aBitFlipInsideTheDurableLogIsSkippedAndReportedNeverServed() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 100, 500);
            h.run(3_000);
            long victim = results.get(97).appendMessageResult().wroteOffset();
            int fileSize = h.config.mappedFileSizeCommitLog();
            var f = h.node.disk().open(h.config.storePathCommitLog() + "/" + String.format("%020d", victim - victim % fileSize));
            long at = victim % fileSize + 150;
            ByteBuffer one = ByteBuffer.allocate(1);
            f.read(at, one);
            f.write(at, ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x10)}));
            List<String> served = h.readQueue("Orders", 0);
            assertThat(served).hasSize(99).doesNotContain("message-98");
            assertThat(h.store().stats().damagedRecordsOnRead()).isPositive();
            h.crash(CrashKind.PROCESS);
            StoreStartResult restart = h.start();
            assertThat(restart.damagedRecords()).isEqualTo(1);
            assertThat(h.readQueue("Orders", 0)).hasSize(99).doesNotContain("message-98").contains("message-100");
            assertThat(h.logLines()).anyMatch(l -> l.contains("damaged commit-log record at offset " + victim));
        }
    }

    @Test
    void propertiesKeepTheirOrderAndWaitIsDroppedWhileClusterIsAdded() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("b", "2");
            p.put("WAIT", "true");
            p.put("a", "1");
            PutMessageResult r = h.put(message("Orders", 0, 10, p));
            var stored = h.store().lookMessageByOffset(r.appendMessageResult().wroteOffset());
            assertThat(stored.propertiesString()).isEqualTo("b\u00012\u0002a\u00011\u0002CLUSTER\u0001PetrelCluster");
        }
    }
}
