package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.DiskFile;
import io.petrel.sim.CrashKind;
import io.petrel.store.format.CheckpointFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The store's coverage probes fire when their situation is staged, and not in a quiet run: each
 * test sets up the one rare path and reads the simulator's per-run counts. The probe names are
 * the ones fuzz campaigns count.
 */
class StoreProbesTest {

    private static long hits(StoreHarness h, String probe) {
        return h.sim.coverage().count(probe);
    }

    @Test
    void aQuietRunHitsNoRecoveryProbe() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 2, 50, 300);
            h.node.shutdown();
            h.run(5_000);
            h.start();
            assertThat(h.sim.coverage().counts().keySet()).noneMatch(p -> p.startsWith("store-")
                    && !p.equals("store-file-rolled"));
        }
    }

    @Test
    void aKillBeforeTheConsumeQueuesWereCheckpointedRecoversAbnormallyAndRebuildsThem() {
        try (StoreHarness h = new StoreHarness(Map.of("flushIntervalConsumeQueue", "600000"))) {
            h.start();
            h.putMany("Orders", 2, 100, 300);
            h.crash(CrashKind.PROCESS);
            h.start();
            assertThat(hits(h, "store-recovery-abnormal")).isEqualTo(1);
            assertThat(hits(h, "store-consume-queue-rebuilt")).isEqualTo(1);
            assertThat(hits(h, "store-torn-tail-truncated")).as("a process crash keeps every written byte").isZero();
        }
    }

    @Test
    void garbageAfterTheLastRecordIsCutAsATornTail() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 10, 300);
            long end = h.store().getMaxPhyOffset();
            DiskFile file = h.node.disk().open(firstCommitLogFile(h));
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 0x5A);
            file.write(end, ByteBuffer.wrap(garbage));
            file.close();
            h.crash(CrashKind.PROCESS);
            StoreStartResult restart = h.start();
            assertThat(restart.truncatedBytes()).isPositive();
            assertThat(hits(h, "store-torn-tail-truncated")).isEqualTo(1);
            assertThat(h.readQueue("Orders", 0)).hasSize(10);
        }
    }

    @Test
    void aBitFlipInADurableRecordIsACrcMismatchAtRecoveryAndOnRead() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 20, 300);
            h.run(3_000);
            h.flipLastBodyBit(results.get(5).appendMessageResult().wroteOffset(), 300);
            assertThat(h.readQueue("Orders", 0)).hasSize(19);
            // Read twice: the batch from 0 ends before it, the pull from 5 skips it.
            long readHits = hits(h, "store-crc-mismatch");
            assertThat(readHits).as("the read path refused it").isEqualTo(2);
            h.crash(CrashKind.PROCESS);
            h.start();
            assertThat(hits(h, "store-damaged-record-skipped")).isEqualTo(1);
            assertThat(hits(h, "store-crc-mismatch")).as("and recovery found it").isGreaterThan(readHits);
        }
    }

    /**
     * Found by fuzz2-732374: the queue id is not under the body CRC; a flipped bit made it 4194305,
     * recovery built a consume queue for it that the next start's loader did not take for a queue,
     * and rebuilding it again failed on the existing file: the broker never started again. A queue id
     * no writer stores is damage now, skipped like a CRC mismatch.
     */
    @Test
    void aRecordWhoseQueueIdNoWriterStoresIsDamageThatRecoverySkips() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 20, 300);
            h.run(3_000);
            h.flipIntFieldBit(results.get(5).appendMessageResult().wroteOffset(), MessageFormat.QUEUE_ID_POSITION, 22);
            for (int restart = 0; restart < 2; restart++) {
                h.crash(CrashKind.PROCESS);
                assertThat(h.start().ok()).as("start %d after the flip", restart + 1).isTrue();
            }
            assertThat(hits(h, "store-damaged-record-skipped")).isPositive();
            assertThat(h.readQueue("Orders", 0)).hasSize(19);
            assertThat(h.node.disk().list(h.config.storePathConsumeQueue() + "/Orders")).containsExactly("0");
        }
    }

    /**
     * Found by fuzz2-733357: bit 59 of a record's queue offset flipped, recovery let its queue continue
     * at 576460752303423513, and the next put's consume-queue position overflowed (the store broke).
     * A queue offset above what the log before the record could hold is damage now.
     */
    @Test
    void aRecordWhoseQueueOffsetTheLogCannotHoldIsDamageAndTheQueueGoesOn() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 20, 300);
            h.run(3_000);
            h.flipIntFieldBit(results.get(19).appendMessageResult().wroteOffset(), MessageFormat.QUEUE_OFFSET_POSITION, 27);
            h.crash(CrashKind.PROCESS);
            assertThat(h.start().ok()).isTrue();
            assertThat(hits(h, "store-damaged-record-skipped") + hits(h, "store-torn-tail-truncated")).isPositive();
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).isLessThanOrEqualTo(20);
            assertThat(h.putMany("Orders", 1, 5, 300)).allSatisfy(r -> assertThat(r.isOk()).isTrue());
            assertThat(h.store().isWriteable()).isTrue();
        }
    }

    /**
     * Found by fuzz6-106669: a flipped bit made a record's queue offset claim one far ahead (no CRC
     * covers the field). Recovery rebuilt the queue from the commit log, filled up to the claimed
     * offset and served the record there: the queue's end stood far past anything real (a group
     * reading from the slave, whose copy was sound, waited for ever for it), and the real record of
     * that slot was refused. The record after it continues the queue, so the flipped one is left out.
     */
    @Test
    void aRecordWhoseQueueOffsetJumpsAheadOfTheRecordsAfterItIsLeftOutOfTheRebuiltQueue() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            List<PutMessageResult> results = new ArrayList<>(h.putMany("Orders", 1, 205, 400));
            h.putMany("Other", 1, 40, 400);
            results.addAll(h.putMany("Orders", 1, 45, 400));
            h.run(3_000);
            long flipped = results.get(205).appendMessageResult().wroteOffset();
            h.flipIntFieldBit(flipped, MessageFormat.QUEUE_OFFSET_POSITION + 4, 5);
            h.node.shutdown();
            h.run(5_000);
            String dir = h.config.storePathConsumeQueue() + "/Orders/0";
            List<String> files = h.node.disk().list(dir);
            h.node.disk().delete(dir + "/" + files.get(files.size() - 1));
            assertThat(h.start().ok()).isTrue();
            assertThat(hits(h, "store-queue-offset-implausible")).isEqualTo(1);
            assertThat(h.logLines()).anyMatch(l -> l.contains("the record at commit-log offset " + flipped
                    + " claims queue offset 237"));
            assertThat(h.store().getMaxOffsetInQueue("Orders", 0)).isEqualTo(250);
            List<String> expected = new ArrayList<>();
            IntStream.rangeClosed(1, 205).forEach(id -> expected.add("message-" + id));
            IntStream.rangeClosed(247, 290).forEach(id -> expected.add("message-" + id));
            assertThat(h.readQueue("Orders", 0)).as("all but the flipped message-246; the one at 237 too")
                    .containsExactlyElementsOf(expected);
        }
    }

    /**
     * Found by fuzz3-800673: a flipped bit in a record's topic (no CRC covers it) was served from its
     * queue as a message of another topic (FuzzTopic read back as Fuz{Topic). The reader compares the
     * topic with the queue's, as it compares the queue id and offset.
     */
    @Test
    void aRecordWhoseTopicABitFlipChangedIsNotServedFromItsQueue() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 20, 300);
            h.run(3_000);
            long record = results.get(5).appendMessageResult().wroteOffset();
            StoredMessage before = h.store().lookMessageByOffset(record);
            int topicAt = MessageFormat.bodyLengthPosition(before.sysFlag()) + 4 + before.body().length + 1;
            h.flipIntFieldBit(record, topicAt - 3, 1);
            assertThat(h.store().lookMessageByOffset(record).topic()).as("the flip").isEqualTo("Mrders");
            GetMessageResult r = h.store().getMessage("g", "Orders", 0, 5, 1, null);
            assertThat(r.missingQueueOffset()).as("named as the first entry it cannot serve").isEqualTo(5);
            assertThat(r.queueOffsets()).as("not served from Orders").doesNotContain(5L);
            r.release();
            assertThat(h.store().stats().damagedRecordsOnRead()).isPositive();
            assertThat(h.readQueue("Orders", 0)).as("the others are served").hasSize(19);
        }
    }

    // store-consume-queue-truncated: asserted in StoreRegressionTest.consumeQueueEntriesPastTheRecoveredCommitLogAreCut.

    @Test
    void theIndexIsRebuiltWhenItsFilesAndCheckpointAreGone() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 50, 300);
            h.run(3_000);
            DiskFile ck = h.node.disk().open(h.config.storeCheckpoint());
            ck.write(24, ByteBuffer.allocate(32));
            ck.close();
            h.crash(CrashKind.PROCESS);
            for (String name : h.node.disk().list(h.config.storePathIndex())) {
                h.node.disk().delete(h.config.storePathIndex() + "/" + name);
            }
            assertThat(hits(h, "store-index-rebuilt")).isZero();
            h.start();
            assertThat(CheckpointFormat.decode(readCheckpoint(h)).hasOffsets()).isTrue();
            assertThat(hits(h, "store-index-rebuilt")).isEqualTo(1);
            assertThat(h.store().queryMessage("Orders", "key-7", 10, 0, Long.MAX_VALUE).messageCount()).isEqualTo(1);
        }
    }

    @Test
    void theCommitLogRollsIntoANewFile() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            h.putMany("Orders", 1, 100, 300);
            assertThat(hits(h, "store-file-rolled")).isZero();
            h.putMany("Orders", 1, 200, 300);
            assertThat(hits(h, "store-file-rolled")).isPositive()
                    .isEqualTo(h.node.disk().list(h.config.storePathCommitLog()).size() - 1L);
        }
    }

    @Test
    void aFailedForceIsProbedAndSoIsTheFullDisk() {
        try (StoreHarness h = new StoreHarness(5, 4L << 20, Map.of("flushDiskType", "SYNC_FLUSH", "cleanResourceInterval", "100"))) {
            h.start();
            h.node.disk().faults().failNextForces(1);
            assertThat(h.put(h.message("Orders", 0, 100)).status()).isEqualTo(PutMessageStatus.FLUSH_DISK_FAILED);
            assertThat(hits(h, "store-force-failed")).isEqualTo(1);
            h.run(1_000);
            long used = h.node.disk().totalSpaceBytes() - h.node.disk().usableSpaceBytes();
            h.node.disk().faults().fillerBytes(h.node.disk().totalSpaceBytes() - used - 40_000);
            h.run(300);
            assertThat(h.put(h.message("Orders", 0, 600)).status()).isEqualTo(PutMessageStatus.SERVICE_NOT_AVAILABLE);
            assertThat(hits(h, "store-disk-full-refused")).isEqualTo(1);
        }
    }

    @Test
    void expiredFilesAreDeletedInTheDeleteWhenHour() {
        try (StoreHarness h = new StoreHarness(Map.of("deleteWhen", "04", "fileReservedTime", "1"))) {
            h.start();
            h.putMany("Orders", 2, 400, 600);
            h.run(4 * 3_600_000L + 30_000);
            assertThat(hits(h, "store-retention-deleted")).isEqualTo(h.store().stats().filesDeleted()).isPositive();
            assertThat(hits(h, "store-disk-space-deleted")).isZero();
        }
    }

    private static String firstCommitLogFile(StoreHarness h) {
        return h.config.storePathCommitLog() + "/" + h.node.disk().list(h.config.storePathCommitLog()).get(0);
    }

    private static ByteBuffer readCheckpoint(StoreHarness h) {
        ByteBuffer page = ByteBuffer.allocate(CheckpointFormat.FILE_SIZE);
        DiskFile ck = h.node.disk().open(h.config.storeCheckpoint());
        ck.read(0, page);
        ck.close();
        return page.flip();
    }
}
