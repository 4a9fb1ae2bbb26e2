package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.scenarios.fuzz.FaultType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/chaos --write-report}: the campaign goes into REPORT.md before the end of issue 18's section. */
class ChaosReportTest {

    @TempDir
    Path dir;

    private ChaosOptions options() {
        return new ChaosOptions(2, 40, "2m-2s-sync", 30_000, List.of(FaultType.CRASH, FaultType.HALVES), 90_000, dir, dir, "",
                256, 1_000);
    }

    @Test
    void theCampaignIsWrittenBeforeTheEndOfTheSection() throws IOException {
        Path report = dir.resolve("REPORT.md");
        Files.writeString(report, "# Report\n<!-- i18-chaos -->\nearlier\n" + ChaosReport.END_MARKER + "\nafter\n");
        List<ChaosResult> results = List.of(
                new ChaosResult(40, Map.of(FaultType.CRASH, 2), 100, 110, null, null, null, 60_000),
                new ChaosResult(41, Map.of(FaultType.HALVES, 1), 90, 90, null, "the cluster did not start", dir, 30_000));
        ChaosReport.write(report, options(), results, 95_000, Instant.parse("2026-12-08T01:00:00Z"));
        String text = Files.readString(report);
        assertThat(text).contains("**Campaign of 2026-12-08 01:00 UTC** (`bin/chaos --write-report`): 0 of 2 runs passed, 95 s wall.")
                .contains("bin/chaos --runs 2 --seed 40 --conf 2m-2s-sync --minutes 0.5 --faults kill,halves")
                .contains("  kill             2").contains("  halves           1").contains("acknowledged: 190")
                .contains("violations: 2");
        assertThat(text).as("a blank line before the block").contains("earlier\n\n**Campaign of");
        assertThat(text.indexOf("earlier")).isLessThan(text.indexOf("**Campaign of"));
        assertThat(text.indexOf("**Campaign of")).isLessThan(text.indexOf(ChaosReport.END_MARKER));
        assertThat(text).endsWith(ChaosReport.END_MARKER + "\nafter\n");
    }

    @Test
    void aReportWithoutTheSectionsEndIsRefused() throws IOException {
        Path report = dir.resolve("REPORT.md");
        Files.writeString(report, "# Report\n");
        assertThatThrownBy(() -> ChaosReport.write(report, options(), List.of(), 1, Instant.EPOCH))
                .hasMessageContaining("has no line " + ChaosReport.END_MARKER);
        assertThat(Files.readString(report)).isEqualTo("# Report\n");
    }
}
