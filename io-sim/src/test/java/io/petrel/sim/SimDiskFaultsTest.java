package io.petrel.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each fault a scenario can switch on in {@link DiskFaults}, on its own: what the caller sees, and
 * that nothing else on the disk is harmed.
 */
class SimDiskFaultsTest {

    private static final long PAGE = 4096;

    /** One idle node with a started disk; the test drives the disk directly. */
    private static final class World implements AutoCloseable {
        final Simulator sim;
        final SimNode node;

        World(long seed) {
            sim = new Simulator(seed);
            node = sim.addNode("n", "10.0.0.1", env -> new SimSeamHarness.IdleNode());
            node.start();
            sim.runFor(1);
        }

        SimDisk disk() {
            return node.disk();
        }

        /** Forces {@code file} and runs until the completion arrives; returns the failure or null. */
        DiskException force(DiskFile file) {
            DiskException[] result = {null};
            boolean[] done = {false};
            file.force(failure -> {
                result[0] = failure;
                done[0] = true;
            });
            assertThat(sim.runUntil(() -> done[0], 10_000)).as("force completed").isTrue();
            return result[0];
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] read(DiskFile file, long position, int length) {
        ByteBuffer back = ByteBuffer.allocate(length);
        file.read(position, back);
        return back.array();
    }

    @Test
    void aWriteErrorFailsThatWriteOnlyAndChangesNothing() {
        try (World w = new World(1)) {
            DiskFile a = w.disk().create("/d/a", PAGE);
            DiskFile b = w.disk().create("/d/b", PAGE);
            a.write(0, ByteBuffer.wrap(filled(100, 1)));
            b.write(0, ByteBuffer.wrap(filled(100, 2)));
            w.disk().faults().writeErrorProbability(1.0);
            assertThatThrownBy(() -> a.write(0, ByteBuffer.wrap(filled(100, 9))))
                    .isInstanceOf(DiskException.class)
                    .satisfies(e -> assertThat(((DiskException) e).kind()).isEqualTo(DiskException.Kind.IO_ERROR))
                    .hasMessageContaining("/d/a");
            w.disk().faults().clear();
            assertThat(read(a, 0, 100)).as("the failed write left the old bytes").isEqualTo(filled(100, 1));
            assertThat(read(b, 0, 100)).as("another file is untouched").isEqualTo(filled(100, 2));
            a.write(100, ByteBuffer.wrap(filled(10, 3)));
            assertThat(read(a, 100, 10)).as("writes work again once healthy").isEqualTo(filled(10, 3));
        }
    }

    @Test
    void aReadErrorFailsReadsAndSlicesUntilCleared() {
        try (World w = new World(2)) {
            DiskFile a = w.disk().create("/d/a", PAGE);
            a.write(0, ByteBuffer.wrap(filled(64, 5)));
            w.disk().faults().readErrorProbability(1.0);
            assertThatThrownBy(() -> read(a, 0, 64)).isInstanceOf(DiskException.class).hasMessageContaining("read failed");
            assertThatThrownBy(() -> a.slice(0, 64)).isInstanceOf(DiskException.class);
            w.disk().faults().clear();
            assertThat(read(a, 0, 64)).isEqualTo(filled(64, 5));
        }
    }

    @Test
    void failedForcesReportAnErrorAndAreCountedThenForcesSucceedAgain() {
        try (World w = new World(3)) {
            DiskFile a = w.disk().create("/d/a", PAGE);
            a.write(0, ByteBuffer.wrap(filled(10, 1)));
            w.disk().faults().failNextForces(2);
            DiskException first = w.force(a);
            assertThat(first).isNotNull();
            assertThat(first.kind()).isEqualTo(DiskException.Kind.IO_ERROR);
            boolean[] syncFailed = {false};
            w.disk().syncDirectory("/d", failure -> syncFailed[0] = failure != null);
            w.sim.runFor(1_000);
            assertThat(syncFailed[0]).as("a directory sync counts as one of the failing forces").isTrue();
            assertThat(w.force(a)).as("the third force succeeds").isNull();
            assertThat(w.disk().forcesFailed()).as("failed file forces (directory syncs are not counted)").isEqualTo(1);
        }
    }

    @Test
    void aFailedForceMakesNothingDurable() {
        int lost = 0;
        for (long seed = 1; seed <= 20; seed++) {
            try (World w = new World(seed)) {
                DiskFile a = w.disk().create("/d/a", 8 * PAGE);
                boolean[] synced = {false};
                w.disk().syncDirectory("/d", failure -> synced[0] = failure == null);
                assertThat(w.force(a)).isNull();
                assertThat(w.sim.runUntil(() -> synced[0], 10_000)).isTrue();
                a.write(0, ByteBuffer.wrap(filled((int) (8 * PAGE), 7)));
                w.disk().faults().failNextForces(1);
                assertThat(w.force(a)).isNotNull();
                w.node.crash(CrashKind.POWER_LOSS);
                w.node.restart();
                w.sim.runFor(1);
                byte[] after = read(w.disk().open("/d/a"), 0, (int) (8 * PAGE));
                if (!Arrays.equals(after, filled((int) (8 * PAGE), 7))) {
                    lost++;
                }
            }
        }
        assertThat(lost).as("seeds (of 20) where a power loss after a failed force lost written pages").isPositive();
    }

    @Test
    void slowForcesCompleteNoEarlierThanTheAddedDelay() {
        try (World w = new World(4)) {
            DiskFile a = w.disk().create("/d/a", PAGE);
            a.write(0, ByteBuffer.wrap(filled(10, 1)));
            w.disk().faults().slowForces(500);
            long start = w.sim.nowNanos();
            assertThat(w.force(a)).isNull();
            assertThat(w.sim.nowNanos() - start).isGreaterThanOrEqualTo(500_000_000L);
            w.disk().faults().slowForces(0);
            start = w.sim.nowNanos();
            assertThat(w.force(a)).isNull();
            assertThat(w.sim.nowNanos() - start).isLessThan(500_000_000L);
        }
    }

    @Test
    void aBitFlipChangesExactlyOneBitOfWrittenData() {
        try (World w = new World(5)) {
            DiskFile a = w.disk().create("/d/a", PAGE);
            byte[] original = filled(1000, 0x5A);
            a.write(0, ByteBuffer.wrap(original));
            String what = w.disk().flipRandomBit(w.sim.stream("test", "flip"));
            assertThat(what).contains("/d/a");
            byte[] after = read(a, 0, 1000);
            int bitsChanged = 0;
            for (int i = 0; i < original.length; i++) {
                bitsChanged += Integer.bitCount((original[i] ^ after[i]) & 0xFF);
            }
            assertThat(bitsChanged).isEqualTo(1);
        }
    }

    @Test
    void aFullDiskRefusesNewFilesButExistingOnesKeepWorking() {
        try (World w = new World(6)) {
            DiskFile a = w.disk().create("/d/a", PAGE);
            long free = w.disk().usableSpaceBytes();
            w.disk().faults().fillerBytes(free - 100);
            assertThat(w.disk().usableSpaceBytes()).isEqualTo(100);
            assertThatThrownBy(() -> w.disk().create("/d/b", PAGE))
                    .isInstanceOf(DiskException.class)
                    .satisfies(e -> assertThat(((DiskException) e).kind()).isEqualTo(DiskException.Kind.NO_SPACE))
                    .hasMessageContaining("/d/b").hasMessageContaining("100");
            assertThat(w.disk().exists("/d/b")).as("no partial file left behind").isFalse();
            a.write(0, ByteBuffer.wrap(filled(10, 4)));
            assertThat(w.force(a)).isNull();
            assertThat(read(a, 0, 10)).isEqualTo(filled(10, 4));
            w.disk().faults().fillerBytes(0);
            assertThat(w.disk().create("/d/b", PAGE).size()).as("space back, files again").isEqualTo(PAGE);
        }
    }
}
