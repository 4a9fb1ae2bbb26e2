package io.petrel.scenarios.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.scenarios.FreshJvmReplay;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeds of the client churn scenario: each passes its checks, runs twice to the same trace, and
 * one replays to the same trace in a JVM with other identity hashes.
 */
class ClientScenarioTest {

    @Test
    void churnedClientsLoseNothingAndConvergeSameSeedSameTrace() {
        Set<String> hashes = new HashSet<>();
        for (long seed = 1; seed <= 8; seed++) {
            ClientScenario.Result first = new ClientScenario(seed).run();
            assertThat(first.ok()).as("%s%n  faults: %s%n  seed=%d%n  reproduce with: %s", first.verdict(), first.faults(),
                    seed, ClientScenario.replayCommand(seed)).isTrue();
            ClientScenario.Result second = new ClientScenario(seed).run();
            assertThat(second.traceHash()).as("two runs of seed %d; reproduce with %s", seed,
                    ClientScenario.replayCommand(seed)).isEqualTo(first.traceHash());
            hashes.add(first.traceHash());
        }
        assertThat(hashes).hasSize(8);
    }

    /**
     * Seeds whose check once came a fixed 5 s after convergence with the producer still sending: a
     * message acknowledged just before it, or waiting for the retry of a failed consumption, or in a
     * queue whose consumer a broker briefly did not list, counted as lost. The producer now stops
     * and the check waits, within the liveness bound, for what it sent.
     */
    @ParameterizedTest
    @ValueSource(longs = {9, 78, 97})
    void aSeedWhoseLastMessagesWereCountedLostTooEarlyPasses(long seed) {
        ClientScenario.Result r = new ClientScenario(seed).run();
        assertThat(r.ok()).as("%s%n  faults: %s%n  reproduce with: %s", r.verdict(), r.faults(),
                ClientScenario.replayCommand(seed)).isTrue();
    }

    @Test
    void aFreshJvmWithOtherIdentityHashesReplaysTheSameTrace() throws Exception {
        long seed = 42;
        String expected = new ClientScenario(seed).run().traceHash();
        assertThat(FreshJvmReplay.traceHash("clients", seed)).as("seed %d in a JVM with -XX:hashCode=2; reproduce with %s",
                seed, ClientScenario.replayCommand(seed)).isEqualTo(expected);
    }
}
