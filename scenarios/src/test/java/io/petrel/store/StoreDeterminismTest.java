package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.scenarios.ReplayMain;
import io.petrel.scenarios.store.StoreCrashScenario;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process process = new ProcessBuilder(List.of(java, "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2",
                    "-cp", classpath, ReplayMain.class.getName(), "--scenario", "store", Long.toString(seed), "--quiet"))
                    .redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(lines).isNotEmpty();
            assertThat(lines.get(lines.size() - 1)).as("replay output %s", lines).isEqualTo("trace-hash: " + expected);
        }
    }
}
