package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import io.petrel.scenarios.store.StoreCrashScenario;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * The message store under process crashes, power losses, failed and slow forces and a filling disk:
 * acknowledged puts survive as the flush mode promises, consume queues and the commit log agree, no
 * record is served damaged, twice or after being refused, and a second recovery changes nothing.
 */
class StoreCrashProperties {

    /** Fixed jqwik seed: CI runs the same 300 scenarios every time; {@code bin/fuzz} explores new ones. */
    @Property(tries = 300, seed = "20261206", shrinking = ShrinkingMode.OFF)
    void theStoreKeepsWhatItPromisedAcrossCrashes(@ForAll long seed) {
        assertStoreKeptItsPromises(seed);
    }

    /**
     * Found by a campaign: retention deleted a commit-log file whose consume-queue entries were not
     * yet forced, a power loss then took those entries back, and the queue handed their offsets to
     * new messages (a consumer that had read the lost ones would skip the new ones).
     */
    @Example
    void retentionDoesNotDeleteRecordsWhoseQueueEntriesAPowerLossCouldTakeBack() {
        assertStoreKeptItsPromises(1803595870768420050L);
    }

    private static void assertStoreKeptItsPromises(long seed) {
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

    /**
     * A consume-queue rebuild that writes each entry one slot too far must be caught by the commit log
     * to consume queue direction of the checker: some record's own queue offset no longer holds an
     * entry pointing back at it.
     */
    @Property(tries = 1)
    void aRebuildThatMisplacesEntriesIsCaughtFromTheCommitLogSide() {
        List<String> caught = new ArrayList<>();
        for (long seed = 1; seed <= 60 && caught.isEmpty(); seed++) {
            new StoreCrashScenario(seed).sabotage(Sabotage.CONSUME_QUEUE_REBUILD_OFF_BY_ONE).run().violations().stream()
                    .filter(v -> v.contains("commit-log record at") && v.contains("has consume-queue entry"))
                    .forEach(caught::add);
        }
        assertThat(caught).as("violations naming a record without its consume-queue entry").isNotEmpty();
    }
}
