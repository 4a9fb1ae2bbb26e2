package io.petrel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.DiskFile;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A directory sync makes the names it saw when it was called durable. A file deleted while that sync
 * is in flight must still be readable if a power loss brings its name back; before this was fixed the
 * inode was released at the delete and the resurrected name pointed at nothing. A file installed
 * before the node starts (an operator's configuration) is durable from the start.
 */
class SimDiskDirectorySyncTest {

    @Test
    void aFileDeletedDuringADirectorySyncComesBackReadableAfterAPowerLoss() {
        try (Simulator sim = new Simulator(11)) {
            SimNode node = sim.addNode("n", "10.0.0.1", env -> new SimSeamHarness.IdleNode());
            node.start();
            sim.runFor(1);
            SimDisk disk = node.disk();
            DiskFile f = disk.create("/d/file", 4096);
            f.write(0, ByteBuffer.wrap(new byte[] {7, 7, 7}));
            boolean[] forced = {false};
            f.force(failure -> forced[0] = failure == null);
            boolean[] synced = {false};
            disk.syncDirectory("/d", failure -> synced[0] = failure == null);
            disk.delete("/d/file");
            f.close();
            sim.runFor(100);
            assertThat(forced[0]).isTrue();
            assertThat(synced[0]).isTrue();
            node.crash(CrashKind.POWER_LOSS);
            node.restart();
            sim.runFor(1);
            assertThat(disk.exists("/d/file")).as("the synced name survives").isTrue();
            ByteBuffer back = ByteBuffer.allocate(3);
            disk.open("/d/file").read(0, back);
            assertThat(back.array()).containsExactly(7, 7, 7);
        }
    }

    @Test
    void anInstalledFileSurvivesAPowerLossBeforeAnyForce() {
        try (Simulator sim = new Simulator(12)) {
            SimNode node = sim.addNode("n", "10.0.0.1", env -> new SimSeamHarness.IdleNode());
            SimDisk disk = node.disk();
            disk.install("/home/conf/plain.yml", new byte[] {1, 2, 3});
            node.start();
            sim.runFor(1);
            DiskFile other = disk.create("/home/conf/unsynced", 3);
            other.write(0, ByteBuffer.wrap(new byte[] {9, 9, 9}));
            other.close();
            node.crash(CrashKind.POWER_LOSS);
            node.restart();
            sim.runFor(1);
            assertThat(disk.exists("/home/conf/unsynced")).as("a name never synced is lost").isFalse();
            ByteBuffer back = ByteBuffer.allocate(3);
            disk.open("/home/conf/plain.yml").read(0, back);
            assertThat(back.array()).containsExactly(1, 2, 3);
        }
    }
}
