package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.sim.CrashKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Found by fuzz6-99453: a SYNC_MASTER lost its tail in a power loss while its slave's retention
 * (fileReservedTime 0) deleted the file where that tail began; the slave, unable to read the tail
 * from the master's end, handed nothing back, and acknowledged messages it still held in its next
 * file were cut away. Now the slave hands back what it holds from its first file and the master
 * skips to that file's start with end-of-file blanks, as a file roll leaves them.
 */
class ReplicaTailPaddingTest {

    @Test
    void aMasterSkipsToALaterFileStartWithBlanksAndItsLogRecoversAcrossThem() {
        try (StoreHarness master = new StoreHarness(Map.of())) {
            master.start();
            List<PutMessageResult> before = master.putMany("Orders", 1, 30, 400);
            long end = master.store().getMaxPhyOffset();
            long fileSize = master.store().config().mappedFileSizeCommitLog();
            assertThat(end).as("the log ends inside its first file").isBetween(1L, fileSize - 1);
            long fileStart = 2 * fileSize;

            assertThat(master.store().replication().padToFileStart(fileStart)).isEqualTo(fileStart - end);
            assertThat(master.store().getMaxPhyOffset()).isEqualTo(fileStart);

            List<PutMessageResult> after = master.putMany("Orders", 1, 10, 400);
            assertThat(after.get(0).status()).as("%s", after.get(0)).isEqualTo(PutMessageStatus.PUT_OK);
            assertThat(after.get(0).appendMessageResult().wroteOffset()).isEqualTo(fileStart);
            List<String> queue = master.readQueue("Orders", 0);
            assertThat(queue).hasSize(40);
            long last = master.store().getMaxPhyOffset();
            master.run(5_000);
            master.crash(CrashKind.POWER_LOSS);
            assertThat(master.start().ok()).isTrue();
            assertThat(master.store().getMaxPhyOffset()).as("recovery walks over the blank file").isEqualTo(last);
            assertThat(master.readQueue("Orders", 0)).isEqualTo(queue);
            assertThat(before.get(0).appendMessageResult().wroteOffset()).isZero();
            master.store().invariants();
        }
    }
}
