package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.DiskFile;
import io.petrel.store.format.CheckpointFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The flush parameters in virtual time: SYNC_FLUSH group commit (many puts share one force), and
 * ASYNC_FLUSH's least-pages and thorough-interval rules for the commit log and the consume queues.
 */
class StoreFlushTest {

    private static final long MS = 1_000_000L;

    /**
     * Group commit: 64 puts arrive one per millisecond while each force takes 25 ms, none waiting for
     * the previous answer. Each force covers every put appended before it started, so a handful of
     * forces acknowledge all 64, and every put is PUT_OK only after a force covered it.
     */
    @Test
    void underSyncFlushPutsIssuedTogetherShareFewForces() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH", "flushIntervalCommitLog", "60000"))) {
            h.start();
            h.put(h.message("Orders", 0, 100));
            StoreStats before = h.store().stats();
            h.node.disk().faults().slowForces(25);
            List<PutMessageResult> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                h.store().putMessage(h.message("Orders", i % 4, 200), answers::add);
                h.run(1);
            }
            assertThat(answers).as("none acknowledged before the first force ends").hasSizeLessThan(64);
            h.sim.runUntil(() -> answers.size() == 64, 5_000);
            assertThat(answers).hasSize(64).allMatch(r -> r.status() == PutMessageStatus.PUT_OK);
            StoreStats after = h.store().stats();
            long forces = after.commitLogForces() - before.commitLogForces();
            long acknowledged = after.syncFlushAcknowledged() - before.syncFlushAcknowledged();
            assertThat(acknowledged).isEqualTo(64);
            assertThat(forces).as("forces for 64 puts").isBetween(2L, 6L);
            assertThat((double) acknowledged / forces).as("messages per force").isGreaterThanOrEqualTo(10);
            assertThat(after.messagesPerForce()).isGreaterThan(before.messagesPerForce());
            assertThat(after.commitLogDurableOffset()).isEqualTo(after.commitLogMaxOffset());
        }
    }

    /** The baseline that makes the figure above mean something: a put that waits for its answer costs a force. */
    @Test
    void underSyncFlushPutsThatWaitForTheirAnswerEachCostAForce() {
        try (StoreHarness h = new StoreHarness(Map.of("flushDiskType", "SYNC_FLUSH", "flushIntervalCommitLog", "60000"))) {
            h.start();
            long before = h.store().stats().commitLogForces();
            assertThat(h.putMany("Orders", 4, 16, 200)).allMatch(PutMessageResult::isOk);
            assertThat(h.store().stats().commitLogForces() - before).isEqualTo(16);
        }
    }

    /**
     * ASYNC_FLUSH: a put smaller than flushCommitLogLeastPages pages stays in the page cache through
     * many flush intervals and is forced by the thorough flush; once at least that many pages are
     * dirty, the next interval forces them.
     */
    @Test
    void asyncFlushWaitsForLeastPagesOrTheThoroughInterval() {
        try (StoreHarness h = new StoreHarness(Map.of("flushIntervalCommitLog", "100", "flushCommitLogLeastPages", "4",
                "flushCommitLogThoroughInterval", "3000", "flushIntervalConsumeQueue", "600000"))) {
            h.start();
            h.put(h.message("Orders", 0, 100));
            assertThat(h.sim.runUntil(() -> durable(h) == h.store().getMaxPhyOffset(), 4_000)).as("first file forced").isTrue();
            h.put(h.message("Orders", 0, 100));
            long smallPutAt = h.sim.nowNanos();
            h.run(1_000);
            assertThat(durable(h)).as("a small put after ten intervals").isLessThan(h.store().getMaxPhyOffset());
            assertThat(h.sim.runUntil(() -> durable(h) == h.store().getMaxPhyOffset(), 3_000)).as("thorough flush").isTrue();
            long waitedMs = (h.sim.nowNanos() - smallPutAt) / MS;
            assertThat(waitedMs).as("the small put waited for the thorough interval").isBetween(2_000L, 3_200L);

            for (int i = 0; i < 6; i++) {
                h.put(h.message("Orders", 0, 4_000));
            }
            long bigPutsAt = h.sim.nowNanos();
            assertThat(h.sim.runUntil(() -> durable(h) == h.store().getMaxPhyOffset(), 2_000)).isTrue();
            assertThat((h.sim.nowNanos() - bigPutsAt) / MS).as("least pages dirty: forced within one interval").isLessThan(150);
        }
    }

    /**
     * ConsumeQueue flush: one new entry (less than flushConsumeQueueLeastPages pages) stays unforced, so
     * the checkpoint's logics offset stays behind it until the thorough interval; entries filling two
     * pages are forced at the next interval and the logics offset reaches the dispatch point.
     */
    @Test
    void consumeQueueFlushWaitsForLeastPagesOrTheThoroughInterval() {
        try (StoreHarness h = new StoreHarness(Map.of("flushIntervalConsumeQueue", "100", "flushConsumeQueueLeastPages", "2",
                "flushConsumeQueueThoroughInterval", "3000", "mappedFileSizeConsumeQueue", Integer.toString(20 * 2_000),
                "messageIndexEnable", "false"))) {
            h.start();
            h.put(h.message("Orders", 0, 10));
            assertThat(h.sim.runUntil(() -> logics(h) == h.store().getMaxPhyOffset(), 4_000)).as("first file forced").isTrue();
            h.put(h.message("Orders", 0, 10));
            long smallPutAt = h.sim.nowNanos();
            h.run(1_000);
            assertThat(logics(h)).as("one entry after ten intervals").isLessThan(h.store().getMaxPhyOffset());
            assertThat(h.sim.runUntil(() -> logics(h) == h.store().getMaxPhyOffset(), 3_000)).as("thorough flush").isTrue();
            assertThat((h.sim.nowNanos() - smallPutAt) / MS).isBetween(2_000L, 3_200L);

            List<PutMessageResult> answers = new ArrayList<>();
            for (int i = 0; i < 450; i++) {
                h.store().putMessage(h.message("Orders", 0, 10), answers::add);
            }
            long bigPutsAt = h.sim.nowNanos();
            assertThat(h.sim.runUntil(() -> logics(h) == h.store().getMaxPhyOffset(), 2_000)).isTrue();
            assertThat(answers).hasSize(450).allMatch(PutMessageResult::isOk);
            assertThat((h.sim.nowNanos() - bigPutsAt) / MS).as("least pages dirty: forced within one interval").isLessThan(150);
        }
    }

    private static long durable(StoreHarness h) {
        return h.store().stats().commitLogDurableOffset();
    }

    /** The logics offset of the checkpoint as the store last wrote it. */
    private static long logics(StoreHarness h) {
        ByteBuffer page = ByteBuffer.allocate(CheckpointFormat.FILE_SIZE);
        DiskFile file = h.node.disk().open(h.config.storeCheckpoint());
        try {
            file.read(0, page);
        } finally {
            file.close();
        }
        return CheckpointFormat.decode(page.flip()).logicsOffset();
    }
}
