package io.petrel.scenarios;

import io.petrel.sim.Simulator;
import io.petrel.sim.TraceHash;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/replay [--scenario NAME] SEED}: re-runs the simulation of a seed exactly, printing its event log
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
            + TraceHash.CHECKPOINT_EVERY + " events, to find where two runs of a seed diverge.")
    boolean checkpoints;

    @Option(names = "--quiet", description = "Print only the faults, the verdict and the trace hash.")
    boolean quiet;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "toy",
            description = "Which kind of scenario the seed belongs to: ${COMPLETION-CANDIDATES}; see Scenario.all(). "
                    + "A fuzz seed (fuzz2-<n>) names its kind itself. Default: toy.",
            completionCandidates = ScenarioNames.class)
    String scenario;

    /** The kinds' names, for the help text. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Scenario.all().stream().map(Scenario::name).iterator();
        }
    }

    /** Checks a seed's text at parse time, so a bad one is a usage error (exit 2) that names it. */
    static final class SeedText implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            Scenario recognising = Scenario.all().stream().filter(k -> k.recognises(value)).findFirst().orElse(null);
            try {
                if (recognising != null) {
                    recognising.checkSeed(value);
                } else {
                    SeedParser.parse(value);
                }
            } catch (CommandLine.TypeConversionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            return value;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private Simulator simulator;

    ReplayMain(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Scenario kind = kind();
        kind.checkSeed(seedText);
        ScenarioResult result = kind.run(seedText, attach());
        result.preamble().forEach(out::println);
        return report(result);
    }

    /** The kind a seed names by itself, else the one {@code --scenario} names. */
    private Scenario kind() {
        List<Scenario> kinds = Scenario.all();
        return kinds.stream().filter(k -> k.recognises(seedText)).findFirst()
                .or(() -> kinds.stream().filter(k -> k.name().equalsIgnoreCase(scenario)).findFirst())
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--scenario " + scenario
                        + " is not a scenario; the scenarios are " + kinds.stream().map(Scenario::name).toList()));
    }

    private Consumer<Simulator> attach() {
        return sim -> {
            simulator = sim;
            if (!quiet) {
                sim.log().attach(out, events).filter(node -> nodes == null || nodes.isEmpty() || nodes.contains(node));
            }
        };
    }

    private int report(ScenarioResult result) {
        List<String> faults = result.timeline();
        out.println("faults: " + (faults.isEmpty() ? "none" : ""));
        faults.forEach(f -> out.println("  " + f));
        out.printf(Locale.ROOT, "events: %d, simulated: %.3f s%n", result.events(), result.simulatedMs() / 1e3);
        if (result.workload() != null) {
            out.println("workload: " + result.workload());
        }
        out.println("verdict: " + result.verdictText());
        if (checkpoints && simulator != null) {
            long[] marks = simulator.trace().checkpoints();
            out.println("checkpoints: " + marks.length);
            for (int i = 0; i < marks.length; i++) {
                out.printf(Locale.ROOT, "  events %d-%d: %016x%n", (long) i * TraceHash.CHECKPOINT_EVERY + 1,
                        (long) (i + 1) * TraceHash.CHECKPOINT_EVERY, marks[i]);
            }
        }
        out.println("trace-hash: " + result.traceHash());
        return result.ok() ? 0 : 1;
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new ReplayMain(out));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }
}
