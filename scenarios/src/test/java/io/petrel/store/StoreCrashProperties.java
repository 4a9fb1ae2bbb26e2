package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.scenarios.store.StoreCrashScenario;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The message store under process crashes, power losses, failed and slow forces and a filling disk:
 * acknowledged puts survive as the flush mode promises, consume queues and the commit log agree, no
 * record is served damaged, twice or after being refused, and a second recovery changes nothing.
 */
class StoreCrashProperties {

    @Property(tries = 300)
    void theStoreKeepsWhatItPromisedAcrossCrashes(@ForAll long seed) {
        StoreCrashScenario.Result result = new StoreCrashScenario(seed).run();
        assertThat(result.ok())
                .as("%s%n  faults: %s%n  seed=%d%n  reproduce with: %s", result.verdict(), result.faults(),
                        seed, StoreCrashScenario.replayCommand(seed))
                .isTrue();
    }

    /** A store that acknowledges SYNC_FLUSH puts before forcing must be caught, or the property proves nothing. */
    @Property(tries = 1)
    void aStoreThatAcknowledgesBeforeForcingIsCaught() {
        long caughtAt = -1;
        for (long seed = 1; seed <= 60 && caughtAt < 0; seed++) {
            if (!new StoreCrashScenario(seed).sabotageAckBeforeForce().run().ok()) {
                caughtAt = seed;
            }
        }
        assertThat(caughtAt).as("seed that caught the sabotaged store").isPositive();
    }
}
