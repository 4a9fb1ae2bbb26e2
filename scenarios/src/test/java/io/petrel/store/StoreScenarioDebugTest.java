package io.petrel.store;

import io.petrel.scenarios.store.StoreCrashScenario;
import org.junit.jupiter.api.Test;

class StoreScenarioDebugTest {

    @Test
    void debugSeed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Long.getLong("debugSeed") != null, "set -DdebugSeed=N to replay one seed");
        long seed = Long.getLong("debugSeed", 2);
        StoreCrashScenario.Result r = new StoreCrashScenario(seed, sim -> sim.log().attach(System.out, false)).run();
        System.out.println(r.faults() + " -> " + r.verdict());
    }
}
