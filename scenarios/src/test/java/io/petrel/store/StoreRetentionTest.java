package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.StoredMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retention and disk space in virtual time: deleteWhen hours, the used-space ratio, the hard limit. */
class StoreRetentionTest {

    private static final long HOUR = 3_600_000;

    @Test
    void expiredFilesAreDeletedInTheDeleteWhenHourAndQueuesFollow() {
        try (StoreHarness h = new StoreHarness(Map.of("deleteWhen", "04", "fileReservedTime", "1"))) {
            h.start();
            h.putMany("Orders", 2, 400, 600);
            int files = h.node.disk().list(h.config.storePathCommitLog()).size();
            assertThat(files).isGreaterThan(3);
            h.run(4 * HOUR - 60_000);
            assertThat(h.node.disk().list(h.config.storePathCommitLog())).hasSize(files);
            assertThat(h.store().getMinPhyOffset()).isZero();
            h.run(90_000);
            assertThat(h.node.disk().list(h.config.storePathCommitLog())).hasSize(1);
            long min = h.store().getMinPhyOffset();
            assertThat(min).isPositive();
            long queueMin = h.store().getMinOffsetInQueue("Orders", 0);
            assertThat(queueMin).isPositive();
            assertThat(h.store().getCommitLogOffsetInQueue("Orders", 0, queueMin)).isGreaterThanOrEqualTo(min);
            GetMessageResult tooSmall = h.store().getMessage("g", "Orders", 0, 0, 32, null);
            assertThat(tooSmall.status()).isEqualTo(GetMessageStatus.OFFSET_TOO_SMALL);
            assertThat(tooSmall.nextBeginOffset()).isEqualTo(queueMin);
            assertThat(h.readQueue("Orders", 0)).isNotEmpty();
            assertThat(h.store().stats().filesDeleted()).isEqualTo(files - 1);
        }
    }

    /**
     * A file's age is read from the next file's first record. When the disk refuses that read the
     * file is kept and its age asked again at the next run, instead of the error escaping the clean
     * timer and stopping the broker (fuzz3-9051, the first plans with time-based retention running).
     */
    @Test
    void aReadErrorWhileTellingAFilesAgeKeepsTheFileUntilTheDiskReadsAgain() {
        try (StoreHarness h = new StoreHarness(Map.of("deleteWhen", "04", "fileReservedTime", "1"))) {
            h.start();
            h.putMany("Orders", 2, 400, 600);
            int files = h.node.disk().list(h.config.storePathCommitLog()).size();
            h.run(4 * HOUR - 60_000);
            h.node.disk().faults().readErrorProbability(1.0);
            h.run(90_000);
            assertThat(h.node.disk().list(h.config.storePathCommitLog())).as("kept while their age is unknown").hasSize(files);
            h.node.disk().faults().readErrorProbability(0);
            h.run(60_000);
            assertThat(h.node.disk().list(h.config.storePathCommitLog())).as("deleted once the disk reads again").hasSize(1);
        }
    }

    /**
     * Index files follow the commit log: once retention deleted the files their entries point into,
     * they go too (never the last one), an expired key finds nothing, and the newest key still finds
     * its message.
     */
    @Test
    void indexFilesOfExpiredCommitLogFilesAreDeletedWithThem() {
        try (StoreHarness h = new StoreHarness(Map.of("deleteWhen", "04", "fileReservedTime", "1", "maxIndexNum", "128"))) {
            h.start();
            h.putMany("Orders", 2, 400, 600);
            h.run(2_000);
            int indexFiles = h.node.disk().list(h.config.storePathIndex()).size();
            assertThat(indexFiles).as("index files before retention").isGreaterThan(3);
            QueryMessageResult oldest = h.store().queryMessage("Orders", "key-1", 32, 0, Long.MAX_VALUE);
            assertThat(oldest.messageCount()).isEqualTo(1);
            oldest.release();
            h.run(4 * HOUR + 30_000);
            assertThat(h.node.disk().list(h.config.storePathCommitLog())).hasSize(1);
            List<String> left = h.node.disk().list(h.config.storePathIndex());
            assertThat(left).as("index files after retention").hasSizeBetween(1, indexFiles - 2);
            QueryMessageResult expired = h.store().queryMessage("Orders", "key-1", 32, 0, Long.MAX_VALUE);
            assertThat(expired.messageCount()).isZero();
            expired.release();
            QueryMessageResult newest = h.store().queryMessage("Orders", "key-400", 32, 0, Long.MAX_VALUE);
            assertThat(newest.messageCount()).isEqualTo(1);
            assertThat(StoreHarness.bodyLabel(StoredMessage.decode(newest.messageBuffers().get(0), 0, true).body()))
                    .isEqualTo("message-400");
            newest.release();
        }
    }

    @Test
    void filesLastWrittenRecentlyAreKeptEvenInTheDeleteWhenHour() {
        try (StoreHarness h = new StoreHarness(Map.of("deleteWhen", "00", "fileReservedTime", "2"))) {
            h.start();
            h.putMany("Orders", 1, 300, 600);
            h.run(HOUR / 2);
            assertThat(h.store().stats().filesDeleted()).isZero();
        }
    }

    @Test
    void aDiskFillingPastTheRatioFreesSpaceOldestFirst() {
        try (StoreHarness h = new StoreHarness(3, 4L << 20, Map.of("diskMaxUsedSpaceRatio", "50",
                "cleanResourceInterval", "100", "deleteCommitLogFilesInterval", "10"))) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 1200, 600);
            assertThat(results).allMatch(PutMessageResult::isOk);
            h.run(500);
            assertThat(h.store().stats().filesDeleted()).isZero();
            List<String> before = h.node.disk().list(h.config.storePathCommitLog());
            h.node.disk().faults().fillerBytes(3L << 19);
            assertThat(h.store().stats().diskUsedRatio()).isGreaterThan(50);
            h.run(3_000);
            long deleted = h.store().stats().filesDeleted();
            assertThat(deleted).isPositive();
            assertThat(h.store().stats().diskUsedRatio()).isLessThanOrEqualTo(50);
            assertThat(h.node.disk().list(h.config.storePathCommitLog()))
                    .containsExactlyElementsOf(before.subList((int) deleted, before.size()));
            assertThat(h.store().getMinPhyOffset()).isPositive();
            assertThat(h.put(h.message("Orders", 0, 100)).status()).isEqualTo(PutMessageStatus.PUT_OK);
        }
    }

    @Test
    void aFullDiskRefusesWritesCleanlyAndAcceptsThemOnceSpaceReturns() {
        try (StoreHarness h = new StoreHarness(5, 4L << 20, Map.of("cleanResourceInterval", "100"))) {
            h.start();
            h.putMany("Orders", 1, 50, 600);
            long maxBefore = h.store().getMaxPhyOffset();
            long used = h.node.disk().totalSpaceBytes() - h.node.disk().usableSpaceBytes();
            h.node.disk().faults().fillerBytes(h.node.disk().totalSpaceBytes() - used - 40_000);
            h.run(300);
            PutMessageResult refused = h.put(h.message("Orders", 0, 600));
            assertThat(refused.status()).isEqualTo(PutMessageStatus.SERVICE_NOT_AVAILABLE);
            assertThat(refused.remark()).contains("disk full").contains("diskSpaceWarningLevelRatio");
            assertThat(refused.isAppended()).isFalse();
            assertThat(h.store().getMaxPhyOffset()).isEqualTo(maxBefore);
            assertThat(h.readQueue("Orders", 0)).hasSize(50);
            h.node.disk().faults().fillerBytes(0);
            assertThat(h.put(h.message("Orders", 0, 600)).status()).isEqualTo(PutMessageStatus.PUT_OK);
            assertThat(h.readQueue("Orders", 0)).hasSize(51);
        }
    }

    @Test
    void aRollIntoAFullDiskIsRefusedWithNothingWritten() {
        try (StoreHarness h = new StoreHarness(6, 4L << 20, Map.of("cleanResourceInterval", "600000"))) {
            h.start();
            long used = h.node.disk().totalSpaceBytes() - h.node.disk().usableSpaceBytes();
            h.node.disk().faults().fillerBytes(h.node.disk().totalSpaceBytes() - used - 1000);
            PutMessageResult first = h.put(h.message("Orders", 0, 600));
            assertThat(first.status()).isEqualTo(PutMessageStatus.CREATE_MAPEDFILE_FAILED);
            assertThat(first.remark()).contains("disk full");
            assertThat(h.store().getMaxPhyOffset()).isZero();
            h.node.disk().faults().fillerBytes(0);
            assertThat(h.put(h.message("Orders", 0, 600)).status()).isEqualTo(PutMessageStatus.PUT_OK);
        }
    }

    /**
     * A file still read when retention deletes it becomes unavailable at once (reads get
     * MESSAGE_WAS_REMOVING or move past it) and is destroyed once destroyMapedFileIntervalForcibly has
     * passed, by the redeleteHangedFileInterval retry.
     */
    @Test
    void aFileHeldByAReaderIsDestroyedAfterTheForciblyInterval() {
        try (StoreHarness h = new StoreHarness(8, 4L << 20, Map.of("diskMaxUsedSpaceRatio", "50", "cleanResourceInterval", "100",
                "destroyMapedFileIntervalForcibly", "2000", "redeleteHangedFileInterval", "500"))) {
            h.start();
            h.putMany("Orders", 1, 400, 600);
            String first = h.config.storePathCommitLog() + "/00000000000000000000";
            GetMessageResult held = h.store().getMessage("g", "Orders", 0, 0, 1, null);
            assertThat(held.messageCount()).isEqualTo(1);
            h.node.disk().faults().fillerBytes(2L << 20);
            h.run(300);
            assertThat(h.node.disk().exists(first)).as("held, so not deleted yet").isTrue();
            assertThat(h.store().getMinPhyOffset()).as("but no longer served").isPositive();
            assertThat(h.store().getMessage("g", "Orders", 0, 0, 1, null).status())
                    .isIn(GetMessageStatus.MESSAGE_WAS_REMOVING, GetMessageStatus.OFFSET_TOO_SMALL);
            h.run(3_000);
            assertThat(h.node.disk().exists(first)).as("destroyed after the forcibly interval").isFalse();
            held.release();
        }
    }

    /**
     * Found by fuzz2-775250: a slave's full disk deleted commit-log files its master still held, and
     * a read error kept its consume queues from being trimmed. Reads of the removed records skipped
     * them (MESSAGE_WAS_REMOVING with the next offset past them, as RocketMQ's store does), and an
     * orderly group reading from the slave skipped 578 messages. The read now names the first removed
     * entry, so that a slave sends the consumer to its master instead of serving what follows.
     */
    @Test
    void aReadOfRecordsRetentionRemovedBeforeTheirQueueWasTrimmedNamesTheFirst() {
        try (StoreHarness h = new StoreHarness(8, 4L << 20, Map.of("diskMaxUsedSpaceRatio", "50", "cleanResourceInterval", "100"))) {
            h.start();
            h.putMany("Orders", 1, 400, 600);
            h.node.disk().faults().readErrorProbability(1.0);
            h.node.disk().faults().fillerBytes(2L << 20);
            h.run(150);
            h.node.disk().faults().readErrorProbability(0);
            assertThat(h.store().getMinPhyOffset()).as("retention removed the first file").isPositive();
            assertThat(h.store().getMinOffsetInQueue("Orders", 0)).as("the queue is not trimmed yet").isZero();
            GetMessageResult r = h.store().getMessage("g", "Orders", 0, 0, 32, null);
            assertThat(r.missingQueueOffset()).as("the first removed entry").isZero();
            assertThat(r.messageCount()).as("what follows is served (a master skips the removed entries)").isPositive();
            r.release();
        }
    }
}
