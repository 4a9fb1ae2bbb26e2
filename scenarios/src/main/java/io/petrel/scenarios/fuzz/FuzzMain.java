package io.petrel.scenarios.fuzz;

import io.petrel.scenarios.frames.FrameCampaign;
import io.petrel.scenarios.frames.FrameTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/fuzz --scenarios N [--seed S] [--minutes M]}: a fuzz campaign; with {@code --frames N [--node KIND]},
 * a campaign of the frame fuzzer instead ({@link FrameCampaign}). Runs scenarios
 * {@code fuzz1-S}, {@code fuzz1-(S+1)}, ... on several threads (one simulator each), shows progress
 * on stderr, then prints per-fault counts, coverage-probe counts, simulated time, speed and every
 * violating seed with its replay command. Exit code 1 when a violation was found or (in a
 * campaign of {@value Probes#MIN_SCENARIOS} scenarios or more) a required probe never fired; 2 on
 * bad usage.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a campaign of fuzzed cluster scenarios and report what they found.")
public final class FuzzMain implements Callable<Integer> {

    static final String REPORT_START = "<!-- fuzz-campaign:start -->";
    static final String REPORT_END = "<!-- fuzz-campaign:end -->";

    @Option(names = "--scenarios", paramLabel = "N", description = "How many scenarios to run (default 100).")
    long scenarios = 100;

    @Option(names = "--seed", paramLabel = "S", description = "The first scenario's number (default: drawn from the clock, and printed).")
    String seed;

    /** The generator version of the campaign's seeds: the given seed's, else the current one. */
    private int version = FuzzSeed.VERSION;

    @Option(names = "--minutes", paramLabel = "M", description = "Start no new scenario after M minutes.")
    double minutes;

    @Option(names = "--threads", paramLabel = "T", description = "Scenarios run at once (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--skip-long", description = "Skip the scenarios whose safety phase lasts 10 minutes or more.")
    boolean skipLong;

    @Option(names = "--with-fault", paramLabel = "TYPE", split = ",",
            description = "Run only scenarios whose plan injects one of these faults (POWER_LOSS, DISK_FULL, ...); "
                    + "--scenarios counts those run.")
    Set<FaultType> withFaults;

    @Option(names = "--write-report", paramLabel = "FILE", arity = "0..1", fallbackValue = "REPORT.md",
            description = "Also write the summary into FILE (default REPORT.md), between the fuzz-campaign markers.")
    Path report;

    @Option(names = "--frames", paramLabel = "N",
            description = "Instead of cluster scenarios: N fuzzed frames against each node kind (issue 23).")
    long frames;

    @Option(names = "--node", paramLabel = "KIND",
            description = "With --frames: broker, broker-acl, namesrv, client or all (default all).")
    String node = "all";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    FuzzMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (frames > 0) {
            return frameCampaign();
        }
        if (scenarios < 1 || threads < 1 || minutes < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scenarios and --threads must be at least 1"
                    + " and --minutes not negative");
        }
        long first;
        try {
            first = seed == null ? System.nanoTime() & 0xFFFF_FFFFL : FuzzSeed.parse(seed).value();
            version = seed == null ? FuzzSeed.VERSION : FuzzSeed.parse(seed).version();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        out.println("campaign: " + scenarios + " scenarios from " + new FuzzSeed(first, version) + " on " + threads + " threads"
                + (minutes > 0 ? ", at most " + minutes + " minutes" : ""));
        Campaign campaign = new Campaign();
        long start = System.nanoTime();
        run(campaign, first, start);
        double wall = (System.nanoTime() - start) / 1e9;
        List<String> summary = campaign.summary(wall);
        summary.forEach(out::println);
        List<String> missing = campaign.missingProbes();
        boolean enforceProbes = campaign.scenarios() >= Probes.MIN_SCENARIOS;
        if (!missing.isEmpty()) {
            out.println((enforceProbes ? "probes that never fired: " : "probes not seen yet (not enforced below "
                    + Probes.MIN_SCENARIOS + " scenarios): ") + missing);
        }
        if (report != null) {
            writeReport(summary, first, wall);
        }
        return campaign.failures().isEmpty() && (!enforceProbes || missing.isEmpty()) ? 0 : 1;
    }

    /** {@code --frames N}: the frame fuzzer of issue 23 instead of cluster scenarios. */
    private int frameCampaign() throws InterruptedException {
        List<FrameTarget> targets = switch (node.toLowerCase(Locale.ROOT)) {
            case "broker" -> List.of(FrameTarget.BROKER);
            case "broker-acl" -> List.of(FrameTarget.BROKER_ACL);
            case "namesrv" -> List.of(FrameTarget.NAMESRV);
            case "client" -> List.of(FrameTarget.CLIENT);
            case "all" -> List.of(FrameTarget.BROKER, FrameTarget.BROKER_ACL, FrameTarget.NAMESRV, FrameTarget.CLIENT);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--node must be broker, broker-acl, namesrv, client or all, not " + node);
        };
        long first = seed == null ? System.nanoTime() & 0xFFFF_FFFFL : Long.parseLong(seed.trim());
        out.println("frame campaign: " + frames + " frames per node kind " + targets + " from seed " + first + " on "
                + threads + " threads; reproduce a run with --frames " + FrameCampaign.FRAMES_PER_RUN + " --seed <its seed>");
        return FrameCampaign.run(targets, frames, first, threads, out, err) ? 0 : 1;
    }

    private void run(Campaign campaign, long first, long start) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        AtomicLong started = new AtomicLong();
        long deadline = minutes > 0 ? start + (long) (minutes * 60e9) : Long.MAX_VALUE;
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                long i;
                while ((i = next.getAndIncrement()) < scenarios * bound() && started.get() < scenarios
                        && System.nanoTime() < deadline) {
                    FuzzSeed s = new FuzzSeed(first + i, version);
                    if (!wanted(FuzzPlan.of(s)) || started.incrementAndGet() > scenarios) {
                        continue;
                    }
                    runOne(campaign, s);
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            progress(campaign, start);
        }
    }

    /** Whether a plan is one the options ask for: not long with --skip-long, with one of the --with-fault faults. */
    boolean wanted(FuzzPlan plan) {
        if (skipLong && plan.isLong()) {
            return false;
        }
        return withFaults == null || withFaults.stream().anyMatch(f -> plan.faultsPerMinute().getOrDefault(f, 0.0) > 0);
    }

    /** How many seeds per wanted scenario are looked at before giving up: all of them without a filter. */
    private long bound() {
        return withFaults == null ? 1 : 1_000;
    }

    private void runOne(Campaign campaign, FuzzSeed s) {
        try {
            FuzzResult result = new FuzzScenario(s).run();
            campaign.add(result);
            if (!result.ok()) {
                // At once, so a long campaign's violations can be replayed while it runs.
                err.println("[fuzz] " + s + " violated: " + result.verdict().summary().lines().skip(1).findFirst()
                        .orElse("").strip() + "; reproduce with " + s.replayCommand());
            }
        } catch (RuntimeException e) {
            String first = String.valueOf(e.getMessage()).split("\n")[0];
            err.println("[fuzz] scenario " + s + " crashed: " + first + "; reproduce with " + s.replayCommand());
            campaign.crashed(s, first);
        }
    }

    private void progress(Campaign campaign, long start) {
        double wall = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "[fuzz] %d/%d scenarios, %d violations, %.2f simulated hours, %.0f sim-s per wall-s, %.0f s%n",
                campaign.scenarios(), scenarios, campaign.failures().size(), campaign.simulatedMs() / 3.6e6,
                campaign.simulatedMs() / 1e3 / Math.max(1e-9, wall), wall);
    }

    private void writeReport(List<String> summary, long first, double wall) throws IOException {
        String text = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : "";
        StringBuilder section = new StringBuilder(REPORT_START).append('\n');
        String seedText = version == FuzzSeed.VERSION ? String.valueOf(first) : new FuzzSeed(first, version).toString();
        section.append(String.format(Locale.ROOT, "Command: `bin/fuzz --scenarios %d --seed %s --threads %d%s` (%.0f s wall)."
                + "%n%n```%n", scenarios, seedText, threads, skipLong ? " --skip-long" : "", wall));
        summary.forEach(l -> section.append(l).append('\n'));
        section.append("```\n").append(REPORT_END);
        int a = text.indexOf(REPORT_START);
        int b = text.indexOf(REPORT_END);
        String updated = a >= 0 && b > a ? text.substring(0, a) + section + text.substring(b + REPORT_END.length())
                : text + (text.endsWith("\n") ? "" : "\n") + "\n## Fuzz campaign (issue 9)\n\n" + section + "\n";
        Files.writeString(report, updated, StandardCharsets.UTF_8);
        out.println("summary written to " + report);
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new FuzzMain(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CommandLine.ParameterException bad) {
                err.println("fuzz: " + bad.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }
}
