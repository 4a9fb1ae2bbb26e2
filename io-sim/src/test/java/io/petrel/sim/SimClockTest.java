package io.petrel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimClockTest {

    @Test
    void wallClockFollowsVirtualTimeWithSkewDriftAndBackwardSteps() {
        try (Simulator sim = new Simulator(5)) {
            SimNode node = sim.addNode("n", "10.0.0.1", env -> new SimSeamHarness.IdleNode());
            node.start();
            SimClock clock = node.clock();
            long start = clock.nowMs();
            assertThat(start).isEqualTo(sim.options().epochMs());
            sim.runFor(1_000);
            assertThat(clock.nowMs() - start).isEqualTo(1_000);

            clock.setSkewMs(5_000);
            assertThat(clock.nowMs() - start).isEqualTo(6_000);

            clock.setDriftPpm(100_000); // 10% fast
            sim.runFor(10_000);
            assertThat(clock.nowMs() - start).isEqualTo(6_000 + 10_000 + 1_000);

            long beforeStep = clock.nowMs();
            long nanosBefore = clock.nanoTime();
            clock.stepBack(60_000);
            assertThat(clock.nowMs()).isEqualTo(beforeStep - 60_000);
            assertThat(clock.nanoTime()).as("monotonic clock ignores wall-clock steps").isEqualTo(nanosBefore);
        }
    }

    @Test
    void monotonicOriginChangesWithEachProcessStart() {
        try (Simulator sim = new Simulator(5)) {
            SimNode node = sim.addNode("n", "10.0.0.1", env -> new SimSeamHarness.IdleNode());
            node.start();
            long first = node.clock().nanoTime() - sim.nowNanos();
            node.crash(CrashKind.PROCESS);
            node.restart();
            long second = node.clock().nanoTime() - sim.nowNanos();
            assertThat(first).isPositive();
            assertThat(second).isPositive().isNotEqualTo(first);
        }
    }
}
