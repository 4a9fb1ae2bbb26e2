package io.petrel.scenarios.toy;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.sim.SimulationFailure;
import io.petrel.toy.ToyServer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The toy log under partitions, process crashes, power losses and failing or slow forces: no
 * acknowledged record is lost or altered, and the writers finish once the world heals.
 */
class ToyUnderFaultsProperties {

    @Property(tries = 300, seed = "20261206")
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
            if (!new ToyScenario(seed).sabotage(ToyServer.Sabotage.ACK_BEFORE_FORCE).run().ok()) {
                caughtAt = seed;
            }
        }
        assertThat(caughtAt).as("seed that caught the sabotaged server").isPositive();
    }

    /** An honest server survives a stretch of failing forces ended by a power loss. */
    @Property(tries = 20, seed = "20261206")
    void aForceOutageEndedByAPowerLossLosesNothingAcknowledged(@ForAll long seed) {
        ToyScenario.Result result = new ToyScenario(seed).forceOutageThenPowerLoss().run();
        assertThat(result.ok())
                .as("%s%n  faults: %s%n  seed=%d (scenario with forceOutageThenPowerLoss)", result.verdict(), result.faults(), seed)
                .isTrue();
    }

    /**
     * A server that acknowledges what a failed force covered must be caught: the simulated disk
     * keeps nothing of an unforced page through a power loss unless the seed says so.
     */
    @Property(tries = 1)
    void aServerThatAcknowledgesDespiteAFailedForceIsCaught() {
        int caught = 0;
        for (long seed = 1; seed <= 10; seed++) {
            if (!new ToyScenario(seed).sabotage(ToyServer.Sabotage.ACK_DESPITE_FAILED_FORCE).forceOutageThenPowerLoss()
                    .run().ok()) {
                caught++;
            }
        }
        assertThat(caught).as("seeds of 10 that caught the sabotaged server").isGreaterThanOrEqualTo(5);
    }
}
