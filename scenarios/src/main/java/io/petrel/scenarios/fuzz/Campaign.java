package io.petrel.scenarios.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals over many fuzz scenarios: how often each fault fired (injections and scenarios), how
 * often each coverage probe fired, simulated and wall time, and every violating seed with its
 * first violation. Thread-safe: scenarios run on several threads and report here.
 */
public final class Campaign {

    /** A scenario whose checks failed. */
    public record Failure(FuzzSeed seed, String verdict) {
    }

    private final Map<FaultType, Long> injections = new EnumMap<>(FaultType.class);
    private final Map<FaultType, Long> scenariosWithFault = new EnumMap<>(FaultType.class);
    private final Map<String, Long> probes = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private long scenarios;
    private long cleanScenarios;
    private long longScenarios;
    private long simulatedMs;
    private long wallNanos;
    private long events;
    private long acknowledged;
    private long deliveries;
    private long allowedLosses;

    public synchronized void add(FuzzResult r) {
        scenarios++;
        if (r.plan().faultFree()) {
            cleanScenarios++;
        }
        if (r.plan().isLong()) {
            longScenarios++;
        }
        r.faults().forEach((type, n) -> {
            injections.merge(type, (long) n, Long::sum);
            scenariosWithFault.merge(type, 1L, Long::sum);
        });
        r.probes().forEach((name, n) -> probes.merge(name, n, Long::sum));
        simulatedMs += r.simulatedMs();
        wallNanos += r.wallNanos();
        events += r.events();
        Map<String, Long> c = r.verdict().counters();
        acknowledged += c.getOrDefault("sends-ok", 0L);
        deliveries += c.getOrDefault("deliveries", 0L);
        allowedLosses += c.getOrDefault("losses-allowed-by-durability", 0L);
        if (!r.ok()) {
            failures.add(new Failure(r.seed(), r.verdict().summary()));
        }
    }

    /** A scenario that stopped with an exception (a node threw): a violation of its own kind. */
    public synchronized void crashed(FuzzSeed seed, String what) {
        scenarios++;
        failures.add(new Failure(seed, "CRASHED: " + what));
    }

    public synchronized long scenarios() {
        return scenarios;
    }

    public synchronized List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    public synchronized long simulatedMs() {
        return simulatedMs;
    }

    /** Sum over scenarios of each one's wall time (one thread each). */
    public synchronized long scenarioWallNanos() {
        return wallNanos;
    }

    public synchronized Map<String, Long> probes() {
        return new TreeMap<>(probes);
    }

    public synchronized List<String> missingProbes() {
        return Probes.REQUIRED.stream().filter(p -> !probes.containsKey(p)).toList();
    }

    /** Faults that fired in fewer than {@code fraction} of the scenarios. */
    public synchronized List<FaultType> rareFaults(double fraction) {
        List<FaultType> rare = new ArrayList<>();
        for (FaultType f : FaultType.values()) {
            if (scenariosWithFault.getOrDefault(f, 0L) < fraction * scenarios) {
                rare.add(f);
            }
        }
        return rare;
    }

    /** The summary, as {@code name: value} lines and small tables. */
    public synchronized List<String> summary(double wallSeconds) {
        List<String> lines = new ArrayList<>();
        lines.add("scenarios: " + scenarios + " (" + cleanScenarios + " without faults, " + longScenarios
                + " with a safety phase of 10 minutes or more)");
        lines.add(String.format(Locale.ROOT, "simulated-hours: %.2f", simulatedMs / 3.6e6));
        lines.add("events: " + events);
        lines.add("acknowledged-sends: " + acknowledged + ", deliveries: " + deliveries
                + ", losses-allowed-by-durability: " + allowedLosses);
        lines.add(String.format(Locale.ROOT, "sim-seconds-per-wall-second: %.1f (campaign, all threads)",
                simulatedMs / 1e3 / Math.max(1e-9, wallSeconds)));
        lines.add(String.format(Locale.ROOT, "sim-seconds-per-scenario-wall-second: %.1f (one thread)",
                simulatedMs / 1e3 / Math.max(1e-9, wallNanos / 1e9)));
        lines.add("faults (injections / scenarios where it fired):");
        for (FaultType f : FaultType.values()) {
            lines.add(String.format(Locale.ROOT, "  %-20s %-8s %7d / %6d (%.1f%%)", f.label(), f.category(),
                    injections.getOrDefault(f, 0L), scenariosWithFault.getOrDefault(f, 0L),
                    100.0 * scenariosWithFault.getOrDefault(f, 0L) / Math.max(1, scenarios)));
        }
        lines.add("coverage probes:");
        TreeMap<String, Long> all = new TreeMap<>(probes);
        Probes.REQUIRED.forEach(p -> all.putIfAbsent(p, 0L));
        all.forEach((p, n) -> lines.add(String.format(Locale.ROOT, "  %-34s %9d%s", p, n,
                Probes.REQUIRED.contains(p) ? "" : "  (not required)")));
        lines.add("violations: " + failures.size());
        for (Failure f : failures) {
            lines.add("  " + f.seed() + "  reproduce with: " + f.seed().replayCommand());
            lines.add("    " + f.verdict().replace("\n", "\n    "));
        }
        return lines;
    }
}
