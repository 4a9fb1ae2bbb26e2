package io.petrel.scenarios.toy;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.scenarios.ReplayMain;
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
            assertThat(second.traceHash())
                    .as("two runs of seed %d diverged (%d vs %d events); reproduce with bin/replay %d",
                            seed, first.events(), second.events(), seed)
                    .isEqualTo(first.traceHash());
            hashes.add(first.traceHash());
        }
        assertThat(hashes).as("distinct trace hashes over %d seeds", SEEDS).hasSize(SEEDS);
    }

    @Test
    void aFreshJvmWithOtherIdentityHashesReplaysTheSameTraces() throws Exception {
        for (long seed : new long[] {3, 77, 4242}) {
            String expected = new ToyScenario(seed).run().traceHash();
            assertThat(replayInFreshJvm(seed)).as("trace hash of seed %d in a JVM with -XX:hashCode=2", seed)
                    .isEqualTo(expected);
        }
    }

    private static String replayInFreshJvm(long seed) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2",
                "-cp", classpath, ReplayMain.class.getName(), Long.toString(seed), "--quiet"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("replay of seed " + seed + " did not finish in 60 s");
        }
        assertThat(lines).as("replay output").isNotEmpty();
        String last = lines.get(lines.size() - 1);
        assertThat(last).as("last line of replay output: %s", lines).startsWith("trace-hash: ");
        return last.substring("trace-hash: ".length());
    }
}
