package io.petrel.scenarios.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Fuzzed clusters in the test suite: a fixed budget of scenarios (jqwik's seed is pinned so the
 * suite is repeatable; {@code bin/fuzz} explores new ones), each checked by the history checker and
 * run twice to the same trace hash: once checking every node's invariants after each of its events,
 * once never checking them, which also proves the checks change nothing. Scenarios with a long safety phase are left to campaigns.
 * Shrinking is off: a smaller number is a different cluster, not a simpler one; the failing seed
 * and its replay command are in the message.
 */
class FuzzProperties {

    @Property(tries = 100, seed = "20261124", shrinking = ShrinkingMode.OFF)
    void aFuzzedClusterKeepsItsPromisesAndReplaysExactly(@ForAll long number) {
        FuzzSeed seed = new FuzzSeed(number);
        Assume.that(!FuzzPlan.of(seed).isLong());
        FuzzResult first = new FuzzScenario(seed).withInvariantCheckEvery(1).run();
        assertThat(first.ok()).as("%s%n  plan: %s%n  seed=%s%n  reproduce with: %s", first.verdict().summary(),
                first.plan().describe(), seed, seed.replayCommand()).isTrue();
        FuzzResult second = new FuzzScenario(seed).withInvariantCheckEvery(0).run();
        assertThat(second.traceHash()).as("two runs of %s differ (invariants checked after every event, then never); "
                + "reproduce with %s", seed, seed.replayCommand())
                .isEqualTo(first.traceHash());
    }
}
