package io.petrel.scenarios.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import io.petrel.scenarios.FreshJvmReplay;
import io.petrel.scenarios.ReplayMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/fuzz} and {@code bin/replay} with fuzz seeds: output, report, exit codes, bad input. */
class FuzzMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int fuzz(String... args) {
        return FuzzMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private int replay(String... args) {
        return ReplayMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** --with-fault runs only plans that inject one of the faults, and --scenarios counts those run. */
    @Test
    void withFaultRunsOnlyPlansThatInjectTheFault() {
        long first = 9000;
        while (FuzzPlan.of(new FuzzSeed(first)).faultsPerMinute().getOrDefault(FaultType.POWER_LOSS, 0.0) > 0
                || FuzzPlan.of(new FuzzSeed(first)).isLong()) {
            first++;
        }
        assertThat(fuzz("--scenarios", "2", "--seed", new FuzzSeed(first).toString(), "--threads", "1", "--skip-long",
                "--with-fault", "POWER_LOSS")).as(stdout()).isZero();
        assertThat(stdout()).contains("scenarios: 2 ");
        FuzzMain main = new FuzzMain(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        main.withFaults = Set.of(FaultType.POWER_LOSS);
        assertThat(main.wanted(FuzzPlan.of(new FuzzSeed(first)))).as("a plan without power losses").isFalse();
        long with = first;
        while (FuzzPlan.of(new FuzzSeed(with)).faultsPerMinute().getOrDefault(FaultType.POWER_LOSS, 0.0) == 0) {
            with++;
        }
        assertThat(main.wanted(FuzzPlan.of(new FuzzSeed(with)))).as("a plan with power losses").isTrue();
    }

    @Test
    void aSmallCampaignPrintsFaultsProbesSpeedAndViolationsAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("REPORT.md");
        Files.writeString(report, "# Report\n\nbefore\n");
        assertThat(fuzz("--scenarios", "3", "--seed", "fuzz1-20", "--threads", "1", "--skip-long", "--write-report",
                report.toString())).as(stdout()).isZero();
        assertThat(stdout()).contains("campaign: 3 scenarios from fuzz1-20").contains("simulated-hours: ")
                .contains("faults (injections / scenarios where it fired):").contains("power-loss")
                .contains("coverage probes:").contains("store-recovery-abnormal")
                .containsPattern("sim-seconds-per-wall-second: [0-9.]+").contains("violations: 0")
                .contains("probes not seen yet (not enforced below 500 scenarios)");
        String first = Files.readString(report);
        assertThat(first).startsWith("# Report\n\nbefore\n").contains(FuzzMain.REPORT_START).contains("violations: 0")
                .contains("Command: `bin/fuzz --scenarios 3 --seed fuzz1-20 --threads 1 --skip-long`");
        out.reset();
        assertThat(fuzz("--scenarios", "1", "--seed", "fuzz1-21", "--threads", "1", "--write-report", report.toString()))
                .isZero();
        String second = Files.readString(report);
        assertThat(second.split(Pattern.quote(FuzzMain.REPORT_START), -1)).hasSize(2);
        assertThat(second).startsWith("# Report\n\nbefore\n").contains("--scenarios 1 --seed fuzz1-21");
    }

    @Test
    void aCampaignSummaryNamesEachViolatingSeedWithItsReplayCommand() {
        Campaign campaign = new Campaign();
        FuzzSeed seed = new FuzzSeed(9_003);
        campaign.add(new FuzzScenario(seed).withSabotage(Set.of(Sabotage.CONSUME_QUEUE_REBUILD_OFF_BY_ONE)).run());
        List<String> summary = campaign.summary(1.0);
        assertThat(campaign.failures()).hasSize(1);
        assertThat(summary).contains("violations: 1", "  " + seed + "  reproduce with: bin/replay " + seed);
        assertThat(String.join("\n", summary)).contains("consume-queue-mismatch");
    }

    @Test
    void badArgumentsAreClearErrorsWithExitTwo() {
        assertThat(fuzz("--scenarios", "many")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("many");
        err.reset();
        assertThat(fuzz("--scenarios", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scenarios");
        err.reset();
        assertThat(fuzz("--scenarios", "1", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--frobnicate");
        err.reset();
        assertThat(fuzz("--scenarios", "1", "--seed", "fuzz1-banana")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fuzz1-banana");
        err.reset();
        assertThat(fuzz("--scenarios", "1", "--seed", "fuzz7-12")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("v7").contains("v" + FuzzSeed.VERSION);
    }

    @Test
    void replayOfAFuzzSeedPrintsTheTimelineTheVerdictAndTheTraceHashLast() {
        assertThat(replay("fuzz1-20", "--quiet")).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("trace-hash: [0-9a-f]{16}");
        assertThat(stdout()).contains("heal: every fault ended").contains("verdict: ok");
    }

    @Test
    void aSeedFromAnotherGeneratorVersionIsRefused() {
        assertThat(replay("fuzz9-20")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fuzz9-20").contains("v9");
        err.reset();
        assertThat(replay("fuzz1-")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fuzz1-");
    }

    @Test
    void aFreshJvmReplaysAFuzzSeedToTheSameTraceHash() throws Exception {
        FuzzResult here = new FuzzScenario(new FuzzSeed(20)).run();
        assertThat(FreshJvmReplay.traceHash("fuzz", 20)).isEqualTo(here.traceHash());
    }
}
