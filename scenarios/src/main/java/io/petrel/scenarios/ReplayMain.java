package io.petrel.scenarios;

import io.petrel.scenarios.clients.ClientScenario;
import io.petrel.scenarios.fuzz.FuzzResult;
import io.petrel.scenarios.fuzz.FuzzScenario;
import io.petrel.scenarios.fuzz.FuzzSeed;
import io.petrel.scenarios.store.StoreCrashScenario;
import io.petrel.scenarios.toy.ToyScenario;
import io.petrel.sim.Simulator;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/replay [--scenario toy|store|clients] SEED}: re-runs the simulation of a seed exactly, printing its event log
 * (optionally only some nodes' lines), the faults it drew, the verdict and, as the last line,
 * {@code trace-hash: <hex>}. Exit code 0 when the run's checks pass, 1 when they found a
 * violation, 2 on bad usage.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-run one simulated scenario from its seed and print what happened.")
public final class ReplayMain implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SEED", converter = ReplayMain.SeedText.class,
            description = "The seed printed by a failing test or campaign: fuzz1-<n> for a fuzz scenario, "
                    + "else decimal or 0x hex.")
    String seedText;

    @Option(names = "--node", paramLabel = "NAME",
            description = "Show only lines of this node (repeatable); 'sim' selects the simulator's own lines.")
    List<String> nodes;

    @Option(names = "--events", description = "Also print every event (frames, timers, forces), not only log lines.")
    boolean events;

    @Option(names = "--checkpoints", description = "Also print the trace hash checkpoint of every "
            + io.petrel.sim.TraceHash.CHECKPOINT_EVERY + " events, to find where two runs of a seed diverge.")
    boolean checkpoints;

    @Option(names = "--quiet", description = "Print only the faults, the verdict and the trace hash.")
    boolean quiet;

    /** The scenarios a seed can be replayed in. */
    enum Scenario { TOY, STORE, CLIENTS, FUZZ }

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "toy",
            description = "Which scenario the seed belongs to: toy (the default), store (the message store crash scenario) "
                    + "clients (producer and consumers under churn) or fuzz (a fuzzed cluster; implied by a fuzz1-<n> seed).")
    Scenario scenario;

    /** Checks a seed's text at parse time, so a bad one is a usage error (exit 2) that names it. */
    static final class SeedText implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (FuzzSeed.looksLike(value)) {
                try {
                    FuzzSeed.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.TypeConversionException(e.getMessage());
                }
            } else {
                SeedParser.parse(value);
            }
            return value;
        }
    }

    private final PrintStream out;
    private Simulator simulator;

    ReplayMain(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (scenario == Scenario.FUZZ || FuzzSeed.looksLike(seedText)) {
            return replayFuzz();
        }
        long seed = SeedParser.parse(seedText);
        Consumer<Simulator> attach = attach();
        if (scenario == Scenario.STORE) {
            StoreCrashScenario.Result result = new StoreCrashScenario(seed, attach).run();
            out.println("scenario: message store crash, seed " + seed);
            return report(result.faults(), result.events(), result.simulatedMillis(), result.summary(), result.verdict(),
                    result.traceHash(), result.ok());
        }
        if (scenario == Scenario.CLIENTS) {
            ClientScenario.Result result = new ClientScenario(seed, attach).run();
            out.println("scenario: clients under churn, seed " + seed);
            return report(result.faults(), result.events(), result.simulatedMillis(), result.summary(), result.verdict(),
                    result.traceHash(), result.ok());
        }
        ToyScenario.Result result = new ToyScenario(seed, attach).run();
        out.println("scenario: toy append log, seed " + seed);
        return report(result.faults(), result.events(), result.simulatedMillis(), null, result.verdict(),
                result.traceHash(), result.ok());
    }

    private int replayFuzz() {
        FuzzSeed fuzzSeed = FuzzSeed.parse(seedText);
        // Every event's invariants, however sparsely the campaign sampled them: a bug it saw shows here
        // at its first broken event (checking never changes the run, so the trace hash is the same).
        FuzzResult result = new FuzzScenario(fuzzSeed, attach()).withInvariantCheckEvery(1).run();
        out.println("scenario: fuzzed cluster, seed " + fuzzSeed);
        out.println("plan: " + result.plan().describe());
        out.println("probes: " + result.probes());
        return report(result.timeline(), result.events(), result.simulatedMillis(), String.valueOf(
                result.verdict().counters()), result.verdict().summary(), result.traceHash(), result.ok());
    }

    private Consumer<Simulator> attach() {
        return sim -> {
            simulator = sim;
            if (!quiet) {
                sim.log().attach(out, events).filter(node -> nodes == null || nodes.isEmpty() || nodes.contains(node));
            }
        };
    }

    private int report(List<String> faults, long eventCount, long simulatedMillis, String summary, String verdict,
            String traceHash, boolean ok) {
        out.println("faults: " + (faults.isEmpty() ? "none" : ""));
        faults.forEach(f -> out.println("  " + f));
        out.printf(java.util.Locale.ROOT, "events: %d, simulated: %.3f s%n", eventCount, simulatedMillis / 1e3);
        if (summary != null) {
            out.println("workload: " + summary);
        }
        out.println("verdict: " + verdict);
        if (checkpoints && simulator != null) {
            long[] marks = simulator.trace().checkpoints();
            out.println("checkpoints: " + marks.length);
            for (int i = 0; i < marks.length; i++) {
                out.printf(java.util.Locale.ROOT, "  events %d-%d: %016x%n", (long) i * io.petrel.sim.TraceHash.CHECKPOINT_EVERY + 1,
                        (long) (i + 1) * io.petrel.sim.TraceHash.CHECKPOINT_EVERY, marks[i]);
            }
        }
        out.println("trace-hash: " + traceHash);
        return ok ? 0 : 1;
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new ReplayMain(out));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }
}
