package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.Check;
import io.petrel.common.Sabotage;
import io.petrel.common.message.StoredMessage;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimulationFailure;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each store sabotage switch changes what the store does in the one situation it is about, and
 * only when switched on: the same steps run once without and once with the switch. Whether a fuzz
 * campaign catches the sabotaged store is the campaign's test; this shows there is something to
 * catch. {@link MessageStore#verifyConsumeQueues} is exercised on the way.
 */
class StoreSabotageTest {

    private static final Set<Sabotage> NONE = Sabotage.none();

    private static Set<Sabotage> only(Sabotage s) {
        return EnumSet.of(s);
    }

    // ---- ACK_SYNC_FLUSH_BEFORE_FORCE ---------------------------------------------------------

    /** The durable commit-log offset at the moment a SYNC_FLUSH put was answered, and its status. */
    private record Answered(PutMessageStatus status, long durableOffset, long wroteEnd) {
    }

    private static Answered syncPutWithSlowForces(Set<Sabotage> sabotage) {
        try (StoreHarness h = new StoreHarness(21, 1L << 30, Map.of("flushDiskType", "SYNC_FLUSH"), sabotage)) {
            h.start();
            h.node.disk().faults().slowForces(2_000);
            PutMessageResult r = h.put(h.message("Orders", 0, 200));
            return new Answered(r.status(), h.store().stats().commitLogDurableOffset(), r.appendMessageResult().wroteEnd());
        }
    }

    @Test
    void ackSyncFlushBeforeForceAnswersBeforeTheRecordIsDurable() {
        Answered honest = syncPutWithSlowForces(NONE);
        assertThat(honest.status()).isEqualTo(PutMessageStatus.PUT_OK);
        assertThat(honest.durableOffset()).as("an honest store answers once the force covered the record")
                .isGreaterThanOrEqualTo(honest.wroteEnd());
        Answered lying = syncPutWithSlowForces(only(Sabotage.ACK_SYNC_FLUSH_BEFORE_FORCE));
        assertThat(lying.status()).isEqualTo(PutMessageStatus.PUT_OK);
        assertThat(lying.durableOffset()).as("the sabotaged store answers before the force").isLessThan(lying.wroteEnd());
    }

    // ---- SKIP_CRC_CHECK_IN_RECOVERY ------------------------------------------------------------

    private static final int BODY_BYTES = 300;

    /**
     * What the queue serves after one bit of message 11's body flipped on disk and the store restarted.
     * The flip is in a record the checkpoint already covers, so recovery knows it as decay, not as a
     * torn tail (which it would cut together with everything after it).
     */
    private record AfterBitFlip(List<StoredMessage> served, long damagedRecords) {
    }

    private static AfterBitFlip restartAfterABitFlip(Set<Sabotage> sabotage) {
        try (StoreHarness h = new StoreHarness(22, 1L << 30, Map.of("flushDiskType", "SYNC_FLUSH"), sabotage)) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 20, BODY_BYTES);
            assertThat(results).allMatch(PutMessageResult::isOk);
            h.run(3_000);
            h.flipLastBodyBit(results.get(10).appendMessageResult().wroteOffset(), BODY_BYTES);
            h.crash(CrashKind.PROCESS);
            StoreStartResult restart = h.start();
            return new AfterBitFlip(readAll(h, "Orders", 0), restart.damagedRecords());
        }
    }

    /** Every message the queue serves from its min offset, decoded without checking CRCs. */
    static List<StoredMessage> readAll(StoreHarness h, String topic, int queueId) {
        List<StoredMessage> served = new ArrayList<>();
        long offset = h.store().getMinOffsetInQueue(topic, queueId);
        long max = h.store().getMaxOffsetInQueue(topic, queueId);
        for (int round = 0; round < 10_000 && offset < max; round++) {
            GetMessageResult r = h.store().getMessage("test", topic, queueId, offset, 32, null);
            for (ByteBuffer b : r.messageBuffers()) {
                served.add(StoredMessage.decode(b, b.position(), false));
            }
            r.release();
            if (r.nextBeginOffset() <= offset) {
                break;
            }
            offset = r.nextBeginOffset();
        }
        return served;
    }

    @Test
    void skipCrcCheckServesARecordWhoseBodyNoLongerMatchesItsCrc() {
        AfterBitFlip honest = restartAfterABitFlip(NONE);
        assertThat(honest.damagedRecords()).isEqualTo(1);
        assertThat(honest.served()).as("the damaged record is never served").hasSize(19)
                .allMatch(m -> m.body()[BODY_BYTES - 1] == 0);
        AfterBitFlip sabotaged = restartAfterABitFlip(only(Sabotage.SKIP_CRC_CHECK_IN_RECOVERY));
        assertThat(sabotaged.damagedRecords()).isZero();
        assertThat(sabotaged.served()).hasSize(20);
        assertThat(sabotaged.served()).filteredOn(m -> m.body()[BODY_BYTES - 1] != 0).as("served with the flipped bit")
                .singleElement().satisfies(m -> assertThat(StoreHarness.bodyLabel(m.body())).isEqualTo("message-11"));
    }

    // ---- CONSUME_QUEUE_REBUILD_OFF_BY_ONE and verifyConsumeQueues --------------------------------

    /** The consume-queue problems and the next queue offset after a kill -9 that left the consume queues to rebuild. */
    private record AfterRebuild(List<ConsumeQueueProblem> problems, long nextQueueOffset, List<String> labels) {
    }

    private static AfterRebuild restartWithConsumeQueuesToRebuild(Set<Sabotage> sabotage) {
        try (StoreHarness h = new StoreHarness(23, 1L << 30, Map.of("flushIntervalConsumeQueue", "600000"), sabotage)) {
            h.start();
            assertThat(h.putMany("Orders", 2, 100, 300)).allMatch(PutMessageResult::isOk);
            assertThat(h.store().verifyConsumeQueues()).as("before the crash").isEmpty();
            h.crash(CrashKind.PROCESS);
            h.start();
            List<ConsumeQueueProblem> problems = h.store().verifyConsumeQueues();
            List<String> labels = h.readQueue("Orders", 0);
            long next = h.put(h.message("Orders", 0, 10)).appendMessageResult().logicsOffset();
            return new AfterRebuild(problems, next, labels);
        }
    }

    @Test
    void consumeQueueRebuildOffByOneShiftsRebuiltEntriesAndVerifyConsumeQueuesSaysWhere() {
        AfterRebuild honest = restartWithConsumeQueuesToRebuild(NONE);
        assertThat(honest.problems()).isEmpty();
        assertThat(honest.nextQueueOffset()).isEqualTo(50);
        AfterRebuild sabotaged = restartWithConsumeQueuesToRebuild(only(Sabotage.CONSUME_QUEUE_REBUILD_OFF_BY_ONE));
        assertThat(sabotaged.problems()).isNotEmpty().allMatch(p -> p.kind() == ConsumeQueueProblem.Kind.MISMATCH);
        ConsumeQueueProblem first = sabotaged.problems().get(0);
        assertThat(first.toString()).contains("Orders/" + first.queueId()).contains("offset " + (first.queueOffset() - 1));
        assertThat(sabotaged.nextQueueOffset()).as("the queue grew one slot too far").isEqualTo(51);
        // The read path checks each record's own queue offset against its entry: the shifted ones are
        // damage, not served under the wrong offsets.
        assertThat(sabotaged.labels()).as("only the entries that still match are served")
                .isSubsetOf(honest.labels()).hasSizeLessThan(honest.labels().size());
    }

    // ---- PUT_PATH_INVARIANT_BROKEN -------------------------------------------------------------

    /**
     * A put that finds a broken invariant fails with it (in simulation that ends the run), and from
     * then on the store refuses writes naming what broke, instead of appending on top of a state it
     * knows is wrong; reads go on. A restart recovers from the files and takes writes again.
     */
    @Test
    void aBrokenPutInvariantStopsWritesUntilARestart() {
        try (StoreHarness h = new StoreHarness(24, 1L << 30, Map.of(), only(Sabotage.PUT_PATH_INVARIANT_BROKEN))) {
            h.start();
            assertThat(h.putMany("Orders", 1, 49, 100)).allMatch(PutMessageResult::isOk);
            assertThatThrownBy(() -> h.put(h.message("Orders", 0, 100))).isInstanceOf(Check.InvariantViolation.class)
                    .hasMessageContaining("sabotaged put-path invariant (put #50)");
            PutMessageResult refused = h.put(h.message("Orders", 0, 100));
            assertThat(refused.status()).isEqualTo(PutMessageStatus.SERVICE_NOT_AVAILABLE);
            assertThat(h.store().whyNotWriteable()).contains("refuses writes since its own code failed")
                    .contains("sabotaged put-path invariant");
            assertThat(h.readQueue("Orders", 0)).hasSize(49);
            assertThat(h.logLines()).anyMatch(l -> l.contains("ERROR") && l.contains("refuses writes from now on"));
            h.crash(CrashKind.PROCESS);
            h.start();
            assertThat(h.put(h.message("Orders", 0, 100)).isOk()).as("after the restart").isTrue();
        }
    }

    // ---- SYNC_FLUSH_VISIBLE_BEFORE_FORCE ---------------------------------------------------------

    @Test
    void syncFlushVisibleBeforeForceIsCaughtByTheStoreInvariantsAtTheFirstPut() {
        Map<String, String> sync = Map.of("flushDiskType", "SYNC_FLUSH");
        try (StoreHarness honest = new StoreHarness(25, 1L << 30, sync)) {
            honest.start();
            honest.node.disk().faults().slowForces(2_000);
            assertThat(honest.put(honest.message("Orders", 0, 100)).isOk()).isTrue();
        }
        try (StoreHarness h = new StoreHarness(25, 1L << 30, sync, only(Sabotage.SYNC_FLUSH_VISIBLE_BEFORE_FORCE))) {
            h.start();
            h.node.disk().faults().slowForces(2_000);
            assertThatThrownBy(() -> h.put(h.message("Orders", 0, 100))).isInstanceOf(SimulationFailure.class)
                    .hasMessageContaining("SYNC_FLUSH: records up to").hasMessageContaining("but only 0 is durable");
        }
    }
}
