package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints queryMsgTraceById as mqadmin does: each send (Pub) with its own header and a blank line,
 * then, per consumer group, a header, its consumes (SubAfter) and a blank line. RocketMQ prints the
 * groups in hash order; Petrel in the order their first record was read.
 */
final class TraceRenderer {

    private static final String ROW = "%-10s %-20s %-20s %-20s %-10s %-10s%n";

    private TraceRenderer() {
    }

    static void traces(List<TraceViews.View> views, ZoneId zone, PrintStream out) {
        Map<String, List<TraceViews.View>> byGroup = new LinkedHashMap<>();
        for (TraceViews.View v : views) {
            if ("Pub".equals(v.type())) {
                out.print(f(ROW, "#Type", "#ProducerGroup", "#ClientHost", "#SendTime", "#CostTimes", "#Status"));
                row("Pub", v, zone, out);
                out.print(f("%n"));
            } else {
                byGroup.computeIfAbsent(v.group(), g -> new ArrayList<>()).add(v);
            }
        }
        byGroup.values().forEach(group -> {
            out.print(f(ROW, "#Type", "#ConsumerGroup", "#ClientHost", "#ConsumerTime", "#CostTimes", "#Status"));
            group.forEach(v -> row("Sub", v, zone, out));
            out.print(f("%n"));
        });
    }

    private static void row(String type, TraceViews.View v, ZoneId zone, PrintStream out) {
        out.print(f(ROW, type, v.group(), v.clientHost(), Formats.seconds(v.timestampMs(), zone), v.costTimeMs() + "ms",
                v.success() ? "success" : "failed"));
    }
}
