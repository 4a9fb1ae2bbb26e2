package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.DiskFile;
import io.petrel.sim.CrashKind;
import io.petrel.store.format.CheckpointFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RocketMQ's field reports about recovery, each replayed as a plain test on the simulator. */
class StoreRegressionTest {

    private static List<String> expectedLabels(List<PutMessageResult> results, int queueId, int queues) {
        List<String> labels = new ArrayList<>();
        for (int i = queueId; i < results.size(); i += queues) {
            labels.add("message-" + (i + 1));
        }
        return labels;
    }

    /**
     * apache/rocketmq#467: a message went missing after an abnormal shutdown because records written to
     * the commit log had not reached the consume queue. Here the consume queues are never flushed before
     * the kill -9, so the checkpoint's logics offset is stale; recovery must rebuild every entry.
     */
    @Test
    void everyMessageIsInItsQueueAfterAKillBeforeTheConsumeQueuesWereFlushed() {
        try (StoreHarness h = new StoreHarness(Map.of("flushIntervalConsumeQueue", "600000"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 3, 300, 600);
            assertThat(results).allMatch(PutMessageResult::isOk);
            h.crash(CrashKind.PROCESS);
            StoreStartResult restart = h.start();
            assertThat(restart.lastExitClean()).isFalse();
            for (int q = 0; q < 3; q++) {
                assertThat(h.readQueue("Orders", q)).containsExactlyElementsOf(expectedLabels(results, q, 3));
            }
            assertThat(h.put(h.message("Orders", 0, 10)).appendMessageResult().logicsOffset()).isEqualTo(100);
        }
    }

    /**
     * apache/rocketmq#405: after a power failure the consume queue was behind the commit log. Under
     * SYNC_FLUSH every acknowledged message is durable in the commit log; the consume queue, never
     * forced, loses its tail and must be rebuilt from the commit log.
     */
    @Test
    void aPowerLossThatLeavesTheConsumeQueueBehindIsRepaired() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH", "flushIntervalConsumeQueue", "600000"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 2, 200, 500);
            assertThat(results).allMatch(PutMessageResult::isOk);
            h.crash(CrashKind.POWER_LOSS);
            h.start();
            for (int q = 0; q < 2; q++) {
                assertThat(h.readQueue("Orders", q)).containsExactlyElementsOf(expectedLabels(results, q, 2));
            }
        }
    }

    /**
     * apache/rocketmq#678: recovery picked its start from checkpoint timestamps, which go wrong when
     * store times are out of order (a wall clock stepped back). Petrel recovers from offsets; the
     * messages stored after the step back, with older timestamps, are all recovered.
     */
    @Test
    void aWallClockSteppedBackDoesNotMisleadRecovery() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            List<PutMessageResult> results = new ArrayList<>(h.putMany("Orders", 1, 100, 700));
            h.run(2_000);
            h.node.clock().stepBack(3_600_000);
            results.addAll(h.putMany("Orders", 1, 100, 700));
            assertThat(results.get(150).appendMessageResult().storeTimestamp())
                    .isLessThan(results.get(50).appendMessageResult().storeTimestamp());
            h.run(2_000);
            h.crash(CrashKind.POWER_LOSS);
            h.start();
            assertThat(h.readQueue("Orders", 0)).hasSize(200).containsExactlyElementsOf(expectedLabels(results, 0, 1));
        }
    }

    /** A checkpoint without Petrel's checked offsets (written by RocketMQ, or torn) makes recovery scan everything. */
    @Test
    void aCheckpointWithoutOffsetsRecoversFromTheFirstFile() {
        try (StoreHarness h = new StoreHarness(Map.of("flushIntervalConsumeQueue", "600000"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 2, 200, 600);
            DiskFile ck = h.node.disk().open(h.config.storeCheckpoint());
            ck.write(24, ByteBuffer.allocate(32));
            assertThat(CheckpointFormat.decode(readCheckpoint(h)).hasOffsets()).isFalse();
            h.crash(CrashKind.PROCESS);
            h.start();
            assertThat(h.readQueue("Orders", 1)).containsExactlyElementsOf(expectedLabels(results, 1, 2));
            assertThat(CheckpointFormat.decode(readCheckpoint(h)).hasOffsets()).isTrue();
        }
    }

    private static ByteBuffer readCheckpoint(StoreHarness h) {
        ByteBuffer page = ByteBuffer.allocate(CheckpointFormat.FILE_SIZE);
        h.node.disk().open(h.config.storeCheckpoint()).read(0, page);
        return page.flip();
    }

    /**
     * apache/rocketmq#6609: after a crash the consume queue was built past what the commit log kept.
     * Consume queues flushed often, the commit log rarely: a power loss leaves entries pointing past
     * the recovered end, which must be cut, and new puts must continue the queue without a gap.
     */
    @Test
    void consumeQueueEntriesPastTheRecoveredCommitLogAreCut() {
        try (StoreHarness h = new StoreHarness(7, 1L << 30, Map.of("flushIntervalConsumeQueue", "20",
                "flushConsumeQueueLeastPages", "0", "flushIntervalCommitLog", "600000", "flushCommitLogThoroughInterval", "600000"))) {
            h.start();
            h.putMany("Orders", 1, 300, 500);
            h.run(500);
            h.crash(CrashKind.POWER_LOSS);
            h.start();
            MessageStore store = h.store();
            long max = store.getMaxOffsetInQueue("Orders", 0);
            assertThat(max).isLessThan(300);
            assertThat(h.sim.coverage().count("store-consume-queue-truncated")).as("coverage probe").isEqualTo(1);
            for (long o = store.getMinOffsetInQueue("Orders", 0); o < max; o++) {
                assertThat(store.getCommitLogOffsetInQueue("Orders", 0, o)).isLessThan(store.getMaxPhyOffset());
            }
            PutMessageResult next = h.put(h.message("Orders", 0, 10));
            assertThat(next.appendMessageResult().logicsOffset()).isEqualTo(max);
            assertThat(h.readQueue("Orders", 0)).hasSize((int) max + 1);
        }
    }

    /**
     * apache/rocketmq#7355: with the last consume-queue file of a queue deleted while the broker was
     * down, the rebuild reported "logic queue order maybe wrong". Petrel notices the queue stops short
     * of its next record and rebuilds it from its last entry.
     */
    @Test
    void aQueueWhoseLastFileVanishedIsRebuiltFromTheCommitLog() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 250, 400);
            h.run(3_000);
            h.node.shutdown();
            h.run(5_000);
            String dir = h.config.storePathConsumeQueue() + "/Orders/0";
            List<String> files = h.node.disk().list(dir);
            assertThat(files).hasSizeGreaterThan(1);
            h.node.disk().delete(dir + "/" + files.get(files.size() - 1));
            h.start();
            h.putMany("Orders", 1, 10, 400);
            assertThat(h.readQueue("Orders", 0)).hasSize(260);
            assertThat(h.readQueue("Orders", 0).subList(0, 250)).containsExactlyElementsOf(expectedLabels(results, 0, 1));
            assertThat(h.logLines()).anyMatch(l -> l.contains("Orders/0 lost entries below the dispatch point: 50 rebuilt"));
        }
    }

    /**
     * apache/rocketmq#2706: RocketMQ 4.8 logged a failed flush under SYNC_FLUSH and still answered
     * SEND_OK. A failed force is never a success here: the puts it covered get FLUSH_DISK_FAILED, the
     * store refuses puts until a force succeeds, then accepts them again.
     */
    @Test
    void aFailedForceIsNeverAcknowledgedAndWritesResumeAfterAGoodForce() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH", "flushIntervalCommitLog", "200"))) {
            h.start();
            assertThat(h.put(h.message("Orders", 0, 100)).status()).isEqualTo(PutMessageStatus.PUT_OK);
            h.node.disk().faults().failNextForces(1);
            PutMessageResult failed = h.put(h.message("Orders", 0, 100));
            assertThat(failed.status()).isEqualTo(PutMessageStatus.FLUSH_DISK_FAILED);
            assertThat(failed.isAppended()).isTrue();
            PutMessageResult refused = h.put(h.message("Orders", 0, 100));
            assertThat(refused.status()).isEqualTo(PutMessageStatus.SERVICE_NOT_AVAILABLE);
            assertThat(refused.remark()).contains("force failed");
            assertThat(refused.isAppended()).isFalse();
            h.run(500);
            assertThat(h.store().isWriteable()).isTrue();
            assertThat(h.put(h.message("Orders", 0, 100)).status()).isEqualTo(PutMessageStatus.PUT_OK);
            assertThat(h.store().stats().commitLogForceFailures()).isEqualTo(1);
        }
    }

    /** A second recovery right after a first one finds nothing to do. */
    @Test
    void aSecondRecoveryChangesNothing() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 2, 300, 500);
            h.crash(CrashKind.POWER_LOSS);
            h.start();
            long max = h.store().getMaxPhyOffset();
            List<String> q0 = h.readQueue("Orders", 0);
            h.crash(CrashKind.POWER_LOSS);
            StoreStartResult again = h.start();
            assertThat(again.truncatedBytes()).isZero();
            assertThat(h.store().getMaxPhyOffset()).isEqualTo(max);
            assertThat(h.readQueue("Orders", 0)).isEqualTo(q0);
        }
    }

    /**
     * fuzz1-239: under SYNC_FLUSH a consumer read a record no force covered yet, a power loss took it
     * back, and later acknowledged messages took its queue offset, which the consumer's committed
     * offset had passed. A record is now visible only once a force covers it.
     */
    @Test
    void underSyncFlushARecordIsVisibleOnlyOnceAForceCoversIt() {
        try (StoreHarness h = new StoreHarness(11, 1L << 30, Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            h.node.disk().faults().slowForces(2_000);
            List<PutMessageResult> answer = new ArrayList<>();
            h.store().putMessage(h.message("Orders", 0, 100), answer::add);
            h.run(1_000);
            assertThat(answer).as("not acknowledged before its force").isEmpty();
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).as("not visible before its force").isZero();
            assertThat(h.store().getMaxPhyOffset()).as("but appended").isPositive();
            GetMessageResult early = h.store().getMessage("g", "Orders", 0, 0, 32, null);
            early.release();
            assertThat(early.status()).as("the queue exists but serves nothing yet").isEqualTo(GetMessageStatus.NO_MESSAGE_IN_QUEUE);
            assertThat(early.messageCount()).isZero();
            assertThat(early.nextBeginOffset()).isZero();
            GetMessageResult otherQueue = h.store().getMessage("g", "Orders", 1, 0, 32, null);
            otherQueue.release();
            assertThat(otherQueue.status()).isEqualTo(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE);
            h.run(3_000);
            assertThat(answer).singleElement().satisfies(r -> assertThat(r.isOk()).isTrue());
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).isEqualTo(1);
            GetMessageResult late = h.store().getMessage("g", "Orders", 0, 0, 32, null);
            late.release();
            assertThat(late.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(late.messageCount()).isEqualTo(1);
            h.crash(CrashKind.POWER_LOSS);
            h.start();
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).as("what was visible survives a power loss").isEqualTo(1);
        }
    }

    /**
     * Found by fuzz2-791635: a consumer that read a SYNC_MASTER's records from its slave (which shows
     * them at once) came back to the master, whose store had not shown the last ones yet (waiting for
     * the slave's ack); the master answered OFFSET_OVERFLOW_BADLY and moved the consumer back, which
     * dropped the seven messages it had pulled and not consumed and committed past them. An offset
     * past the visible end but not past what the log holds now waits, as at the end.
     */
    @Test
    void anOffsetPastTheVisibleEndButWithinTheLogWaitsInsteadOfMovingBack() {
        try (StoreHarness h = new StoreHarness(12, 1L << 30, Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            h.putMany("Orders", 1, 2, 100);
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).isEqualTo(2);
            h.node.disk().faults().slowForces(2_000);
            List<PutMessageResult> answers = new ArrayList<>();
            h.store().putMessage(h.message("Orders", 0, 100), answers::add);
            h.store().putMessage(h.message("Orders", 0, 100), answers::add);
            h.run(500);
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).as("appended, not visible yet").isEqualTo(2);
            GetMessageResult ahead = h.store().getMessage("g", "Orders", 0, 3, 32, null);
            ahead.release();
            assertThat(ahead.status()).isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_ONE);
            assertThat(ahead.nextBeginOffset()).as("the consumer keeps its offset").isEqualTo(3);
            GetMessageResult beyond = h.store().getMessage("g", "Orders", 0, 5, 32, null);
            beyond.release();
            assertThat(beyond.status()).as("past what the log holds").isEqualTo(GetMessageStatus.OFFSET_OVERFLOW_BADLY);
            assertThat(beyond.nextBeginOffset()).isEqualTo(2);
            h.run(5_000);
            GetMessageResult later = h.store().getMessage("g", "Orders", 0, 3, 32, null);
            later.release();
            assertThat(later.status()).isEqualTo(GetMessageStatus.FOUND);
            assertThat(later.messageCount()).isEqualTo(1);
        }
    }
}
