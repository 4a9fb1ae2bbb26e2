package io.petrel.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/chaos --write-report}: records a finished campaign in {@code REPORT.md}, just before
 * the line {@value #END_MARKER} that closes the section of issue 18: when, the command, runs passed,
 * wall time, and the summary the campaign printed. A report without that line is refused, naming it.
 */
final class ChaosReport {

    static final String END_MARKER = "<!-- /i18-chaos -->";

    private ChaosReport() {
    }

    static void write(Path report, ChaosOptions options, List<ChaosResult> results, long wallMs, Instant finished) {
        String text;
        try {
            text = Files.readString(report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report, e);
        }
        int at = text.indexOf(END_MARKER);
        if (at < 0) {
            throw new IllegalStateException(report + " has no line " + END_MARKER + " to write the campaign before");
        }
        String before = text.substring(0, at);
        String block = (before.isEmpty() || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n")
                + String.join("\n", block(options, results, wallMs, finished)) + "\n\n";
        try {
            Files.writeString(report, before + block + text.substring(at), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + report, e);
        }
    }

    static List<String> block(ChaosOptions options, List<ChaosResult> results, long wallMs, Instant finished) {
        long passed = results.stream().filter(ChaosResult::ok).count();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "**Campaign of %s UTC** (`bin/chaos --write-report`): %d of %d runs passed, %d s wall.",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).format(finished.atZone(ZoneOffset.UTC)),
                passed, results.size(), wallMs / 1000));
        lines.add("");
        lines.add("```");
        lines.add(String.format(Locale.ROOT, "bin/chaos --runs %d --seed %d --conf %s --minutes %s --faults %s", options.runs(),
                options.seed(), options.conf(), options.minutesText(), options.faultNamesText()));
        lines.addAll(ChaosCampaign.summaryLines(options, results));
        lines.add("```");
        return lines;
    }
}
