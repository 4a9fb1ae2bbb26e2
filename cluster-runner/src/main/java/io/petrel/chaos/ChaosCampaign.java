package io.petrel.chaos;

import io.petrel.scenarios.fuzz.FaultType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a campaign's runs one after another (each a cluster of its own processes; two at once would
 * share this machine's cores and skew each other's timing) and prints, after them, the fault counts,
 * what was acknowledged, lost and duplicated, and each failing run with its re-run command.
 */
final class ChaosCampaign {

    private final ChaosOptions options;
    private final PrintStream out;

    ChaosCampaign(ChaosOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    List<ChaosResult> run() {
        out.printf(Locale.ROOT, "chaos: %d run(s) of %s from seed %d, %d s of faults (%s) each, in %s%n", options.runs(),
                options.conf(), options.seed(), options.safetyMs() / 1000, options.faultNamesText(), options.dir());
        List<ChaosResult> results = new ArrayList<>();
        for (int i = 0; i < options.runs() && !Thread.currentThread().isInterrupted(); i++) {
            long seed = options.seed() + i;
            String label = String.format(Locale.ROOT, "run %d/%d seed %d", i + 1, options.runs(), seed);
            ChaosResult r = new ChaosRun(options, seed, label, out).run();
            results.add(r);
            out.printf(Locale.ROOT, "%s: %s in %d s, faults %s, acknowledged %d, consumed %d, lost %d, duplicates %d%n", label,
                    r.ok() ? "ok" : "FAILED", r.wallMs() / 1000, r.faults(), r.acknowledged(), r.consumed(), r.lost(), r.duplicates());
            r.problems().forEach(p -> out.println("  " + p));
            out.flush();
        }
        summary(results);
        return results;
    }

    private void summary(List<ChaosResult> results) {
        summaryLines(options, results).forEach(out::println);
        out.flush();
    }

    /** What a campaign prints after its runs (and {@code --write-report} records). */
    static List<String> summaryLines(ChaosOptions options, List<ChaosResult> results) {
        List<String> lines = new ArrayList<>();
        Map<FaultType, Integer> faults = new EnumMap<>(FaultType.class);
        results.forEach(r -> r.faults().forEach((t, n) -> faults.merge(t, n, Integer::sum)));
        lines.add("faults:");
        ChaosOptions.FAULTS.forEach((name, type) -> lines.add(String.format(Locale.ROOT, "  %-16s %d", name,
                faults.getOrDefault(type, 0))));
        lines.add("acknowledged: " + results.stream().mapToLong(ChaosResult::acknowledged).sum());
        lines.add("consumed: " + results.stream().mapToLong(ChaosResult::consumed).sum());
        lines.add("lost: " + results.stream().mapToLong(ChaosResult::lost).sum());
        lines.add("duplicates: " + results.stream().mapToLong(ChaosResult::duplicates).sum());
        List<ChaosResult> failed = results.stream().filter(r -> !r.ok()).toList();
        lines.add("violations: " + failed.size());
        for (ChaosResult r : failed) {
            lines.add("  seed " + r.seed() + ": " + options.rerunCommand(r.seed()) + "   (history and node logs in "
                    + r.keptDir() + ")");
        }
        return lines;
    }
}
