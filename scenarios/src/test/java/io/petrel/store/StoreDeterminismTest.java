package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.scenarios.FreshJvmReplay;
import io.petrel.scenarios.store.StoreCrashScenario;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same store run: twice in this JVM, and once in a fresh JVM whose identity hash codes
 * differ ({@code -XX:hashCode=2}), which would expose iteration over identity-hashed collections.
 */
class StoreDeterminismTest {

    @Test
    void sameSeedSameTraceDifferentSeedsDifferentTraces() {
        Set<String> hashes = new HashSet<>();
        for (long seed = 500; seed < 520; seed++) {
            StoreCrashScenario.Result first = new StoreCrashScenario(seed).run();
            StoreCrashScenario.Result second = new StoreCrashScenario(seed).run();
            assertThat(second.traceHash()).as("two runs of seed %d; reproduce with %s", seed,
                    StoreCrashScenario.replayCommand(seed)).isEqualTo(first.traceHash());
            hashes.add(first.traceHash());
        }
        assertThat(hashes).hasSize(20);
    }

    @Test
    void aFreshJvmWithOtherIdentityHashesReplaysTheSameTrace() throws Exception {
        for (long seed : new long[] {5, 2024}) {
            String expected = new StoreCrashScenario(seed).run().traceHash();
            assertThat(FreshJvmReplay.traceHash("store", seed)).as("seed %d in a JVM with -XX:hashCode=2", seed)
                    .isEqualTo(expected);
        }
    }
}
