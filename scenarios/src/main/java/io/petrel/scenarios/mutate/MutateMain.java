package io.petrel.scenarios.mutate;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/mutate [--scenarios N] [--seed S] [--only ID,...]}: the mutation campaign of issue 24.
 * Plants each mutation of {@link MutationCatalogue} in turn, runs a short fuzz campaign against it
 * and reports which were killed (with the seed that killed each) and which survived. Exit code 0
 * when at least {@value #TARGET_PERCENT}% of the mutants that can be told apart were killed, 1
 * otherwise, 2 on bad usage or a catalogue entry that no longer fits the code.
 */
@Command(name = "mutate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Plant each catalogued bug in turn and see whether a fuzz campaign catches it.")
public final class MutateMain implements Callable<Integer> {

    static final int TARGET_PERCENT = 90;

    @Option(names = "--scenarios", paramLabel = "N", description = "Scenarios per mutant (default 40).")
    long scenarios = 40;

    @Option(names = "--seed", paramLabel = "S", description = "The first scenario of each mutant's campaign (default 9000).")
    String seed = "9000";

    @Option(names = "--threads", paramLabel = "T", description = "Scenarios run at once in a mutant's campaign (default 2).")
    int threads = 2;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Run only these mutants.")
    Set<String> only;

    @Option(names = "--list", description = "List the catalogue and exit.")
    boolean list;

    @Option(names = "--source-root", paramLabel = "DIR", description = "broker-core's sources (default broker-core/src/main/java).")
    Path sourceRoot = Path.of("broker-core/src/main/java");

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where mutants are built (default target/mutants).")
    Path workDir = Path.of("target/mutants");

    @Option(names = "--timeout-minutes", paramLabel = "M",
            description = "A mutant's campaign that runs longer counts as a hang (default 15).")
    long timeoutMinutes = 15;

    private final PrintStream out;

    MutateMain(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        List<Mutation> chosen = MutationCatalogue.all().stream().filter(m -> only == null || only.contains(m.id())).toList();
        if (list) {
            chosen.forEach(m -> out.printf(Locale.ROOT, "%-40s %-8s %s%n", m.id(), m.area(), m.what()));
            return 0;
        }
        if (chosen.isEmpty()) {
            out.println("mutate: no mutant matches " + only);
            return 2;
        }
        MutantRunner runner = new MutantRunner(new MutantRunner.Settings(sourceRoot, workDir, classpath(), scenarios, seed,
                threads, timeoutMinutes * 60, List.of("-Xmx2g")));
        out.printf(Locale.ROOT, "mutation campaign: %d mutants, %d scenarios each from %s on %d threads%n", chosen.size(),
                scenarios, seed, threads);
        List<MutantRunner.Outcome> outcomes = new ArrayList<>();
        for (Mutation m : chosen) {
            MutantRunner.Outcome o = runner.run(m);
            outcomes.add(o);
            out.printf(Locale.ROOT, "  %-40s %-10s %s%n", m.id(), o.kind(), describe(o));
        }
        out.println();
        out.print(table(outcomes));
        return killRate(outcomes) >= TARGET_PERCENT ? 0 : 1;
    }

    /** The classpath the mutants run on: the product as this JVM sees it. */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String describe(MutantRunner.Outcome o) {
        return switch (o.kind()) {
            case KILLED -> "by " + o.seed() + ": " + o.detail();
            case TIMED_OUT -> "hung (" + o.detail() + ")";
            case SURVIVED -> o.scenarios() + " scenarios found nothing";
            case EQUIVALENT -> o.detail();
        };
    }

    /** Killed as a share of the mutants that are not equivalent, in percent. */
    static double killRate(List<MutantRunner.Outcome> outcomes) {
        long judged = outcomes.stream().filter(o -> o.kind() != MutantRunner.Kind.EQUIVALENT).count();
        long killed = outcomes.stream().filter(MutantRunner.Outcome::killed).count();
        return judged == 0 ? 100 : 100.0 * killed / judged;
    }

    /** The results as a Markdown table with a summary line, for REPORT.md. */
    static String table(List<MutantRunner.Outcome> outcomes) {
        StringBuilder b = new StringBuilder("| mutant | area | planted bug | result |\n|---|---|---|---|\n");
        for (MutantRunner.Outcome o : outcomes) {
            String result = switch (o.kind()) {
                case KILLED -> "killed by `" + o.seed() + "`: " + o.detail().replace("|", "\\|");
                case TIMED_OUT -> "killed: hung";
                case SURVIVED -> "**survived** " + o.scenarios() + " scenarios"
                        + (o.mutation().allowedBecause() == null ? "" : "; allowed: " + o.mutation().allowedBecause());
                case EQUIVALENT -> "equivalent: " + o.detail();
            };
            b.append("| `").append(o.mutation().id()).append("` | ").append(o.mutation().area()).append(" | ")
                    .append(o.mutation().what()).append(" | ").append(result).append(" |\n");
        }
        long killed = outcomes.stream().filter(MutantRunner.Outcome::killed).count();
        long equivalent = outcomes.stream().filter(o -> o.kind() == MutantRunner.Kind.EQUIVALENT).count();
        b.append(String.format(Locale.ROOT, "%nkilled %d of %d mutants (%.0f%% of the %d that can be told apart; target %d%%),"
                + " %d equivalent%n", killed, outcomes.size(), killRate(outcomes), outcomes.size() - equivalent,
                TARGET_PERCENT, equivalent));
        return b.toString();
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(new MutateMain(out));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("mutate: " + e.getMessage());
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
