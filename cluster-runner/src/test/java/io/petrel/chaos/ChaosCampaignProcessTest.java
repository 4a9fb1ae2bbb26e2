package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.cluster.TestRuns;
import io.petrel.scenarios.fuzz.FaultType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short chaos campaign, so the build keeps the runner alive (issue 18): two runs of
 * {@code conf/2m-noslave} as processes, each with a 16 s safety phase of faults drawn from kill -9,
 * SIGSTOP, graceful restarts and partitions, must finish with real faults injected, messages acknowledged and consumed
 * (by Petrel's clients and by the official 4.9.8 client's processes, each run), and no violation; the passing runs'
 * directories are deleted, so no node or client process of theirs is left.
 */
@Tag("process")
class ChaosCampaignProcessTest {

    @TempDir
    Path dir;

    @Test
    void aShortCampaignOfRealFaultsEndsWithoutViolations() throws Exception {
        ChaosOptions options = new ChaosOptions(2, 18, "2m-noslave", 16_000,
                List.of(FaultType.CRASH, FaultType.PAUSE, FaultType.GRACEFUL_SHUTDOWN, FaultType.PARTITION_BLACKHOLE,
                        FaultType.PARTITION_RESET, FaultType.ISOLATE_ONE, FaultType.HALVES, FaultType.CLIENT_CRASH), 90_000,
                TestRuns.home(), dir,
                TestRuns.classpath(), 256, 3_000);
        PrintedCampaign campaign = PrintedCampaign.run(options);
        List<ChaosResult> results = campaign.results();
        String text = campaign.text();
        assertThat(results).as(text).hasSize(2).allMatch(ChaosResult::ok);
        assertThat(results).as("every run injected a fault: %s", text)
                .allMatch(r -> r.faults().values().stream().mapToInt(Integer::intValue).sum() >= 1);
        assertThat(results).as(text).allMatch(r -> r.acknowledged() > 0 && r.consumed() >= r.acknowledged());
        assertThat(text).contains("violations: 0").contains("lost: 0");
        Matcher official = Pattern.compile("official 4\\.9\\.8 client: (\\d+) acknowledged to official-producer, (\\d+) consumed"
                + " by chaos-official").matcher(text);
        for (int run = 1; run <= 2; run++) {
            assertThat(official.find()).as("run %d reports the official client's share: %s", run, text).isTrue();
            assertThat(Long.parseLong(official.group(1))).as("acknowledged to the official producer").isPositive();
            assertThat(Long.parseLong(official.group(2))).as("consumed by the official group").isPositive();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("passing runs leave no directory")
                    .noneMatch(name -> name.startsWith("run-"));
        }
    }
}
