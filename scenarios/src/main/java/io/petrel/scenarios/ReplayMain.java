package io.petrel.scenarios;

import io.petrel.scenarios.toy.ToyScenario;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/replay SEED}: re-runs the simulation of a seed exactly, printing its event log
 * (optionally only some nodes' lines), the faults it drew, the verdict and, as the last line,
 * {@code trace-hash: <hex>}. Exit code 0 when the run's checks pass, 1 when they found a
 * violation, 2 on bad usage.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-run one simulated scenario from its seed and print what happened.")
public final class ReplayMain implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SEED", converter = SeedParser.class,
            description = "The seed printed by a failing test or campaign (decimal or 0x hex).")
    long seed;

    @Option(names = "--node", paramLabel = "NAME",
            description = "Show only lines of this node (repeatable); 'sim' selects the simulator's own lines.")
    List<String> nodes;

    @Option(names = "--events", description = "Also print every event (frames, timers, forces), not only log lines.")
    boolean events;

    @Option(names = "--quiet", description = "Print only the faults, the verdict and the trace hash.")
    boolean quiet;

    private final PrintStream out;

    ReplayMain(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        ToyScenario.Result result = new ToyScenario(seed, sim -> {
            if (!quiet) {
                sim.log().attach(out, events).filter(node -> nodes == null || nodes.isEmpty() || nodes.contains(node));
            }
        }).run();
        out.println("scenario: toy append log, seed " + seed);
        out.println("faults: " + (result.faults().isEmpty() ? "none" : ""));
        result.faults().forEach(f -> out.println("  " + f));
        out.printf(java.util.Locale.ROOT, "events: %d, simulated: %.3f s%n", result.events(), result.simulatedMillis() / 1e3);
        out.println("verdict: " + result.verdict());
        out.println("trace-hash: " + result.traceHash());
        return result.ok() ? 0 : 1;
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new ReplayMain(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }
}
