package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.DiskFile;
import io.petrel.sim.CrashKind;
import io.petrel.store.format.CheckpointFormat;
import io.petrel.store.format.CheckpointFormat.Checkpoint;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Found by fuzz6-84521: a slave cut its log back to where its master's differs, but the checkpoint it
 * lowered was never forced (a write error), and a power loss soon after kept the master's new bytes
 * past the cut under the old checkpoint, which vouched for the dropped ones. Recovery read the mix
 * of two logs as intact and pointed queue entries at zeros and at the middle of records. A cut now
 * takes no replicated bytes until its lowered checkpoint is forced, and a flush round that was in
 * flight during the cut vouches for nothing above it.
 */
class SlaveCutDurabilityTest {

    @Test
    void aCutTakesNoReplicatedBytesUntilItsLoweredCheckpointIsForced() {
        try (StoreHarness master = new StoreHarness(Map.of()); StoreHarness slave = new StoreHarness(Map.of())) {
            master.start();
            slave.start();
            List<PutMessageResult> put = master.putMany("Orders", 1, 60, 400);
            long end = master.store().getMaxPhyOffset();
            StoreHarness.appendRaw(master, slave, 0, end);
            slave.run(5_000);
            long cut = put.get(40).appendMessageResult().wroteOffset();

            slave.node.disk().faults().failNextForces(1);
            slave.store().replication().truncateTo(cut);
            assertThat(slave.store().getMaxPhyOffset()).isEqualTo(cut);
            assertThat(append(master, slave, cut)).as("refused while the cut's force is in flight").isFalse();
            slave.run(1_000);
            assertThat(readCheckpoint(slave).physicOffset()).as("the lowered checkpoint was written").isEqualTo(cut);
            assertThat(append(master, slave, cut)).as("refused: the force failed; this one starts another").isFalse();
            assertThat(slave.store().getMaxPhyOffset()).isEqualTo(cut);

            slave.run(1_000);
            StoreHarness.appendRaw(master, slave, cut, end);
            slave.run(5_000);
            slave.crash(CrashKind.POWER_LOSS);
            assertThat(slave.start().ok()).isTrue();
            assertThat(slave.store().getMaxPhyOffset()).isEqualTo(end);
            assertThat(slave.readQueue("Orders", 0)).isEqualTo(master.readQueue("Orders", 0));
            slave.store().invariants();
        }
    }

    @Test
    void aFlushRoundInFlightDuringACutDoesNotRaiseTheCheckpointPastIt() {
        try (StoreHarness master = new StoreHarness(Map.of()); StoreHarness slave = new StoreHarness(Map.of())) {
            master.start();
            slave.start();
            List<PutMessageResult> put = master.putMany("Orders", 1, 60, 400);
            long end = master.store().getMaxPhyOffset();
            long cut = put.get(40).appendMessageResult().wroteOffset();
            StoreHarness.appendRaw(master, slave, 0, cut);
            slave.run(5_000);
            assertThat(readCheckpoint(slave).physicOffset()).isEqualTo(cut);

            slave.node.disk().faults().slowForces(3_000);
            StoreHarness.appendRaw(master, slave, cut, end);
            slave.run(700);
            slave.store().replication().truncateTo(cut);
            slave.node.disk().faults().slowForces(0);
            slave.run(10_000);
            Checkpoint ck = readCheckpoint(slave);
            assertThat(ck.physicOffset()).as("physic offset after the round that forced the dropped bytes").isEqualTo(cut);
            assertThat(ck.logicsOffset()).isLessThanOrEqualTo(cut);
            assertThat(ck.indexOffset()).isLessThanOrEqualTo(cut);
        }
    }

    private static boolean append(StoreHarness from, StoreHarness to, long at) {
        var data = from.store().getCommitLogData(at);
        try {
            return to.store().appendToCommitLog(at, data.byteBuffer().duplicate());
        } finally {
            data.release();
        }
    }

    private static Checkpoint readCheckpoint(StoreHarness h) {
        DiskFile file = h.node.disk().open(h.config.storeCheckpoint());
        try {
            ByteBuffer page = ByteBuffer.allocate(CheckpointFormat.FILE_SIZE);
            file.read(0, page);
            return CheckpointFormat.decode(page.flip());
        } finally {
            file.close();
        }
    }
}
