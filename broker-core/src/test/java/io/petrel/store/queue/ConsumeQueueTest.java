package io.petrel.store.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.DiskException;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.format.ConsumeQueueFormat;
import io.petrel.store.format.Vectors;
import io.petrel.store.testing.MemoryDisk;
import io.petrel.store.testing.RecordingLog;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Consume-queue files: the official layout, fillers, idempotent dispatch, recovery cuts, expiry. */
class ConsumeQueueTest {

    private final MemoryDisk disk = new MemoryDisk(64L << 20);
    private final RecordingLog log = new RecordingLog();
    private final ConsumeQueueTable table = new ConsumeQueueTable(disk, "/store/consumequeue", 1000 * 20, log);

    private static DispatchRequest req(String topic, int queueId, long offset, int size, long tagsCode, long queueOffset) {
        return new DispatchRequest(topic, queueId, offset, size, tagsCode, 0, queueOffset, null, null, 0);
    }

    @Test
    void writesTheOfficialStoresEntriesAndFileNames() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("TopicTest", 0));
        q.putMessagePositionInfo(req("TopicTest", 0, 0, 173, 2598919, 0));
        q.putMessagePositionInfo(req("TopicTest", 0, 173, 168, 2598920, 1));
        byte[] file = disk.bytes("/store/consumequeue/TopicTest/0/00000000000000000000");
        assertThat(file).hasSize(20_000);
        assertThat(Arrays.copyOf(file, 40)).isEqualTo(Vectors.hex("store/consumequeue_topictest_0_first2.hex"));
        assertThat(q.maxOffsetInQueue()).isEqualTo(2);
        assertThat(q.maxPhysicOffset()).isEqualTo(341);
    }

    @Test
    void aNewQueuesDirectoriesAreMadeWithoutAnFsyncOnThePutPathAndSyncedByItsNextFlush() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 2));
        q.putMessagePositionInfo(req("T", 2, 0, 100, 1, 0));
        assertThat(disk.isDirectory("/store/consumequeue/T/2")).isTrue();
        assertThat(disk.directoriesCreatedDurably).as("no fsync per new queue on the put path").isEmpty();

        boolean[] flushed = {false};
        assertThat(q.files().flush(0, (where, failure) -> flushed[0] = failure == null)).isTrue();
        disk.completePending();
        assertThat(flushed[0]).isTrue();
        assertThat(disk.directoriesSynced).as("the new names are durable once the flush reports")
                .contains("/store/consumequeue", "/store/consumequeue/T", "/store/consumequeue/T/2");
    }

    @Test
    void aQueueStartingMidFileIsPrecededByFillersAndServedFromItsFirstEntry() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 1));
        q.putMessagePositionInfo(req("T", 1, 5000, 100, 7, 1005));
        assertThat(q.minOffsetInQueue()).isEqualTo(1005);
        assertThat(q.maxOffsetInQueue()).isEqualTo(1006);
        assertThat(disk.list("/store/consumequeue/T/1")).containsExactly("00000000000000020000");
        assertThat(q.entry(1000)).isEqualTo(ConsumeQueueFormat.FILLER);
        assertThat(q.entry(1005).commitLogOffset()).isEqualTo(5000);
    }

    @Test
    void dispatchIsIdempotentAndAGapBecomesFillers() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 0));
        q.putMessagePositionInfo(req("T", 0, 0, 100, 1, 0));
        q.putMessagePositionInfo(req("T", 0, 0, 100, 1, 0));
        assertThat(q.maxOffsetInQueue()).isEqualTo(1);
        q.putMessagePositionInfo(req("T", 0, 300, 100, 1, 3));
        assertThat(q.maxOffsetInQueue()).isEqualTo(4);
        assertThat(q.entry(1).isFiller()).isTrue();
        assertThat(log.lines).anyMatch(l -> l.contains("jumps from offset 1 to 3"));
        q.putMessagePositionInfo(req("T", 0, 100, 100, 1, 1));
        assertThat(q.entry(1).commitLogOffset()).isEqualTo(100);
        assertThat(q.putMessagePositionInfo(req("T", 0, 999, 100, 1, 0))).as("slot 0 holds another record").isFalse();
        assertThat(q.entry(0).commitLogOffset()).isZero();
        assertThat(log.lines).anyMatch(l -> l.contains("claims queue offset 0") && l.contains("slot holds (0, 100)"));
    }

    /**
     * fuzz2-772024: a slave's first entry of a queue at offset 375, its fillers written 64 at a time,
     * and the disk refusing the second write. The queue was left ending at 64 and serving from 375,
     * past its end. A failed put leaves the queue as it was; the dispatcher's retry writes it whole.
     */
    @Test
    void aPutTheDiskRefusesHalfwayThroughItsFillersLeavesTheQueueAsItWas() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 2));
        disk.failWritesAfter(1);
        assertThatThrownBy(() -> q.putMessagePositionInfo(req("T", 2, 5000, 100, 7, 375)))
                .isInstanceOf(DiskException.class);
        assertThat(q.maxOffsetInQueue()).as("the 64 fillers written are not served").isZero();
        assertThat(q.minOffsetInQueue()).isZero();
        q.invariants();
        disk.failWritesAfter(-1);
        assertThat(q.putMessagePositionInfo(req("T", 2, 5000, 100, 7, 375))).isTrue();
        assertThat(q.minOffsetInQueue()).isEqualTo(375);
        assertThat(q.maxOffsetInQueue()).isEqualTo(376);
        assertThat(q.entry(100).isFiller()).isTrue();
        assertThat(q.entry(375).commitLogOffset()).isEqualTo(5000);
    }

    @Test
    void aQueueOffsetFurtherAheadThanTheCommitLogHasRoomForIsLeftOut() {
        // A flipped bit in a record's queue offset (no CRC covers it) must not make the queue fill
        // up to offset 2^40 with fillers.
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 0));
        q.putMessagePositionInfo(req("T", 0, 0, 100, 1, 0));
        assertThat(q.putMessagePositionInfo(req("T", 0, 100, 100, 1, 1L << 40))).isFalse();
        assertThat(q.maxOffsetInQueue()).as("one left-out entry, not 2^40 fillers").isEqualTo(2);
        assertThat(q.entry(1).isLeftOut()).isTrue();
        assertThat(disk.list("/store/consumequeue/T/0")).hasSize(1);
        assertThat(log.lines).anyMatch(l -> l.contains("claims queue offset " + (1L << 40)));
        assertThat(q.putMessagePositionInfo(req("T", 0, 200, 100, 1, 1))).as("a record claiming the slot replaces it")
                .isTrue();
        assertThat(q.entry(1).commitLogOffset()).isEqualTo(200);
        assertThat(q.maxOffsetInQueue()).isEqualTo(2);
    }

    /**
     * fuzz6-133107: a queue's last record claims a slot another record holds (a flipped bit in its
     * queue offset). It took a slot at or past the queue's end when it was put, so that slot is
     * marked left out: readers see a slot this store cannot serve (a slave sends them to its master)
     * instead of an end they wait at forever. The mark is written once per record, is cut with the
     * entries recovery rebuilds, and is written again by the rebuild.
     */
    @Test
    void aLastRecordLeftOutMarksTheQueuesNextSlotOnce() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 0));
        for (int i = 0; i < 3; i++) {
            q.putMessagePositionInfo(req("T", 0, i * 100L, 100, 1, i));
        }
        assertThat(q.putMessagePositionInfo(req("T", 0, 300, 100, 1, 1))).isFalse();
        assertThat(q.maxOffsetInQueue()).isEqualTo(4);
        assertThat(q.entry(3)).isEqualTo(new ConsumeQueueFormat.Entry(300, ConsumeQueueFormat.FILLER_SIZE, 0));
        assertThat(q.entry(3).isFiller()).as("readers skip it like any filler").isTrue();
        assertThat(log.lines).anyMatch(l -> l.contains("its slot 3 marked as left out"));

        assertThat(q.putMessagePositionInfo(req("T", 0, 300, 100, 1, 1))).as("dispatched again").isFalse();
        assertThat(q.maxOffsetInQueue()).as("marked once").isEqualTo(4);
        assertThat(q.putMessagePositionInfo(req("T", 0, 150, 100, 1, 0))).as("a record before the queue's last").isFalse();
        assertThat(q.maxOffsetInQueue()).as("no slot of its own: it lies before the queue's last record").isEqualTo(4);
        assertThat(q.maxPhysicOffset()).as("the last record served").isEqualTo(300);

        ConsumeQueueTable reloaded = new ConsumeQueueTable(disk, "/store/consumequeue", 1000 * 20, log);
        reloaded.load();
        ConsumeQueue r = reloaded.find("T", 0);
        r.recover(400, 400);
        assertThat(r.maxOffsetInQueue()).as("below the dispatch point: kept").isEqualTo(4);
        r.recover(300, 400);
        assertThat(r.maxOffsetInQueue()).as("at the dispatch point: cut with the entries rebuilt").isEqualTo(3);
        assertThat(r.putMessagePositionInfo(req("T", 0, 300, 100, 1, 1))).isFalse();
        assertThat(r.maxOffsetInQueue()).as("and marked again by the rebuild").isEqualTo(4);
        assertThat(r.putMessagePositionInfo(req("T", 0, 400, 100, 1, 4))).isTrue();
        assertThat(r.maxOffsetInQueue()).isEqualTo(5);
    }

    @Test
    void recoveryKeepsOnlyEntriesBelowTheDispatchPointAndZeroesTheRest() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 0));
        for (int i = 0; i < 1500; i++) {
            q.putMessagePositionInfo(req("T", 0, i * 100L, 100, 1, i));
        }
        ConsumeQueueTable reloaded = new ConsumeQueueTable(disk, "/store/consumequeue", 1000 * 20, log);
        reloaded.load();
        ConsumeQueue r = reloaded.find("T", 0);
        r.recover(120_000, 150_000);
        assertThat(r.maxOffsetInQueue()).isEqualTo(1200);
        assertThat(r.maxPhysicOffset()).isEqualTo(120_000);
        byte[] second = disk.bytes("/store/consumequeue/T/0/00000000000000020000");
        assertThat(Arrays.copyOfRange(second, 200 * 20, second.length)).containsOnly(0);
        r.recover(10_000, 150_000);
        assertThat(r.maxOffsetInQueue()).isEqualTo(100);
        assertThat(disk.list("/store/consumequeue/T/0")).containsExactly("00000000000000000000");
    }

    @Test
    void expiredFilesGoAndTheMinOffsetFollowsTheCommitLog() {
        ConsumeQueue q = table.findOrCreate(new TopicQueue("T", 0));
        for (int i = 0; i < 2500; i++) {
            q.putMessagePositionInfo(req("T", 0, i * 100L, 100, 1, i));
        }
        assertThat(q.deleteExpiredFiles(150_000, 0, 0)).isEqualTo(1);
        assertThat(q.minOffsetInQueue()).isEqualTo(1500);
        assertThat(disk.list("/store/consumequeue/T/0")).containsExactly("00000000000000020000", "00000000000000040000");
        assertThat(q.deleteExpiredFiles(10_000_000, 0, 0)).isEqualTo(1);
        assertThat(q.files().files()).hasSize(1);
    }
}
