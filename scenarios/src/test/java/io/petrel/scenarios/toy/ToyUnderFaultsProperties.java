package io.petrel.scenarios.toy;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.sim.SimulationFailure;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The toy log under partitions, process crashes, power losses and failing or slow forces: no
 * acknowledged record is lost or altered, and the writers finish once the world heals.
 */
class ToyUnderFaultsProperties {

    @Property(tries = 300)
    void noAcknowledgedRecordIsLostOrAltered(@ForAll long seed) {
        ToyScenario.Result result = new ToyScenario(seed).run();
        assertThat(result.ok())
                .as("%s%n  faults: %s%n  seed=%d%n  reproduce with: %s", result.verdict(), result.faults(), seed,
                        SimulationFailure.replayCommand(seed))
                .isTrue();
    }

    /** A server that acknowledges before forcing must be caught, or the property above proves nothing. */
    @Property(tries = 1)
    void aServerThatAcknowledgesBeforeForcingIsCaught() {
        long caughtAt = -1;
        for (long seed = 1; seed <= 50 && caughtAt < 0; seed++) {
            if (!new ToyScenario(seed).sabotageAckBeforeForce().run().ok()) {
                caughtAt = seed;
            }
        }
        assertThat(caughtAt).as("seed that caught the sabotaged server").isPositive();
    }
}
