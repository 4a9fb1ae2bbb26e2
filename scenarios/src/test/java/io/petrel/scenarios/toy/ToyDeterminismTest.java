package io.petrel.scenarios.toy;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.scenarios.FreshJvmReplay;
import io.petrel.sim.TraceHash;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same run: the toy with faults on, twice per seed, must give equal trace hashes, and
 * different seeds different ones. A sample is also replayed in a fresh JVM whose identity hash
 * codes differ ({@code -XX:hashCode=2}), which exposes iteration over identity-hashed collections
 * that a same-JVM rerun would miss.
 */
class ToyDeterminismTest {

    private static final int SEEDS = 200;

    @Test
    void sameSeedSameTraceDifferentSeedsDifferentTraces() {
        Set<String> hashes = new HashSet<>();
        for (long seed = 1000; seed < 1000 + SEEDS; seed++) {
            ToyScenario.Result first = new ToyScenario(seed).run();
            ToyScenario.Result second = new ToyScenario(seed).run();
            int window = TraceHash.firstDivergence(first.checkpoints(), second.checkpoints());
            assertThat(second.traceHash())
                    .as("two runs of seed %d diverged (%d vs %d events), first between events %d and %d; "
                            + "compare `bin/replay --events --checkpoints %d` of the two builds or JVMs",
                            seed, first.events(), second.events(), Math.max(0, window) * TraceHash.CHECKPOINT_EVERY,
                            (Math.max(0, window) + 1) * TraceHash.CHECKPOINT_EVERY, seed)
                    .isEqualTo(first.traceHash());
            hashes.add(first.traceHash());
        }
        assertThat(hashes).as("distinct trace hashes over %d seeds", SEEDS).hasSize(SEEDS);
    }

    @Test
    void aFreshJvmWithOtherIdentityHashesReplaysTheSameTraces() throws Exception {
        for (long seed : new long[] {3, 77, 4242}) {
            String expected = new ToyScenario(seed).run().traceHash();
            assertThat(FreshJvmReplay.traceHash("toy", seed)).as("trace hash of seed %d in a JVM with -XX:hashCode=2", seed)
                    .isEqualTo(expected);
        }
    }

    /**
     * The seed is split into streams by purpose: another workload for the same seed (other writer
     * pacing, windows and record counts) runs differently but draws the very same fault schedule.
     */
    @Test
    void changingTheWorkloadDoesNotReshuffleTheFaultSchedule() {
        int compared = 0;
        for (long seed = 1; seed <= 30; seed++) {
            ToyScenario.Result base = new ToyScenario(seed).run();
            ToyScenario.Result other = new ToyScenario(seed).workloadVariant(1).run();
            assertThat(other.traceHash()).as("seed %d: the other workload runs differently", seed).isNotEqualTo(base.traceHash());
            assertThat(other.faults()).as("seed %d: fault schedule", seed).isEqualTo(base.faults());
            if (base.faults().size() > 1) {
                compared++;
            }
        }
        assertThat(compared).as("seeds that drew faults").isGreaterThan(10);
    }
}
