package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.petrel.env.DiskFile;
import io.petrel.sim.CrashKind;
import io.petrel.store.commitlog.AppendMessageResult;
import io.petrel.store.format.ConsumeQueueFormat;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MessageStore#verifyConsumeQueues}: silent on a sound store, precise about a broken entry. */
class VerifyConsumeQueuesTest {

    @Test
    void aSoundStoreHasNoProblemsAfterRollsCrashesAndRecovery() {
        try (StoreHarness h = new StoreHarness(Map.of("flushIntervalConsumeQueue", "600000"))) {
            h.start();
            h.putMany("Orders", 3, 400, 500);
            assertThat(h.store().verifyConsumeQueues()).isEmpty();
            h.crash(CrashKind.POWER_LOSS);
            h.start();
            h.putMany("Orders", 3, 30, 500);
            assertThat(h.store().verifyConsumeQueues()).isEmpty();
        }
    }

    @Test
    void namesEntriesThatPointAtTheWrongRecordAtNoRecordOrPastTheEnd() {
        try (StoreHarness h = new StoreHarness(Map.of())) {
            h.start();
            List<PutMessageResult> results = h.putMany("Orders", 1, 10, 300);
            AppendMessageResult sixth = results.get(6).appendMessageResult();
            AppendMessageResult third = results.get(3).appendMessageResult();
            overwriteEntry(h, "Orders", 0, 5, sixth.wroteOffset(), sixth.wroteBytes());
            overwriteEntry(h, "Orders", 0, 3, third.wroteOffset() + 1, third.wroteBytes());
            overwriteEntry(h, "Orders", 0, 9, h.store().getMaxPhyOffset() - 10, third.wroteBytes());
            List<ConsumeQueueProblem> problems = h.store().verifyConsumeQueues();
            assertThat(problems).extracting(ConsumeQueueProblem::queueOffset, ConsumeQueueProblem::kind).containsExactly(
                    tuple(3L, ConsumeQueueProblem.Kind.DAMAGED),
                    tuple(5L, ConsumeQueueProblem.Kind.MISMATCH),
                    tuple(9L, ConsumeQueueProblem.Kind.BEYOND_END));
            assertThat(problems.get(1).toString()).contains("Orders/0 entry 5").contains("offset 6");
        }
    }

    /** Rewrites one consume-queue entry in place through the disk (the store reads entries from it). */
    private static void overwriteEntry(StoreHarness h, String topic, int queueId, long queueOffset, long commitLogOffset,
            int size) {
        String dir = h.config.storePathConsumeQueue() + "/" + topic + "/" + queueId;
        DiskFile file = h.node.disk().open(dir + "/" + h.node.disk().list(dir).get(0));
        ByteBuffer entry = ByteBuffer.allocate(ConsumeQueueFormat.CQ_STORE_UNIT_SIZE);
        ConsumeQueueFormat.write(entry, commitLogOffset, size, 0);
        file.write(queueOffset * ConsumeQueueFormat.CQ_STORE_UNIT_SIZE, entry.flip());
        file.close();
    }
}
