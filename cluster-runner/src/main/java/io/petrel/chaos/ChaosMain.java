package io.petrel.chaos;

import io.petrel.scenarios.fuzz.FaultType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/chaos}: a campaign of real clusters under real process and network faults (see the package note).
 * Exit 0 when every run passed, 1 when one violated a check or could not finish, 2 on bad input.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Start a shipped conf set as processes, drive Petrel's clients against it, kill -9, pause and restart its"
                + " nodes, cut the links between them, heal, and judge the history with the simulator's checker; repeat for"
                + " each run.")
public final class ChaosMain implements Callable<Integer> {

    @Option(names = "--runs", required = true, description = "How many runs (seeds S, S+1, ...).")
    int runs;

    @Option(names = "--seed", description = "The first run's seed (default: from the clock, printed).")
    Long seed;

    @Option(names = "--conf", defaultValue = "2m-noslave",
            description = "2m-noslave | 2m-2s-async | 2m-2s-sync (default: ${DEFAULT-VALUE}).")
    String conf;

    @Option(names = "--minutes", defaultValue = "1",
            description = "Length of each run's safety phase, in minutes (default: ${DEFAULT-VALUE}).")
    String minutes;

    @Option(names = "--faults", defaultValue = "kill,pause,restart,partition,partition-reset,isolate,halves,disk-full,client-crash",
            description = "Which faults: kill (kill -9, restarted later), pause (a server SIGSTOPped or a client frozen, resumed"
            + " later), restart (graceful stop,"
            + " started later), partition (two nodes' links drop everything), partition-reset (their connections reset and"
            + " refused), isolate (one node cut off from all), halves (the nodes split in two); a partition lasts 2-25 s;"
            + " disk-full (a broker's store, on a tmpfs of its own, left no free space for 3-30 s; needs root);"
            + " client-crash (a producer or consumer killed, started again 1-20 s later)."
            + " Default: ${DEFAULT-VALUE}.")
    String faults;

    @Option(names = "--dir", description = "Where runs keep their files (default: a new directory under the system's temp dir).")
    Path dir;

    @Option(names = "--liveness-seconds", defaultValue = "180", description = "How long consumers may take to converge after the"
            + " heal (default: ${DEFAULT-VALUE}).")
    int livenessSeconds;

    @Option(names = "--write-report", description = "Record the campaign in REPORT.md (issue 18's section), with its command.")
    boolean writeReport;

    @Override
    public Integer call() throws Exception {
        ChaosOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            return 2;
        }
        // The clients run in this JVM: their log goes to a file, so that the progress lines stay readable.
        System.setProperty("org.slf4j.simpleLogger.logFile", options.dir().resolve("clients.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        long startNanos = System.nanoTime();
        List<ChaosResult> results = new ChaosCampaign(options, System.out).run();
        if (writeReport) {
            Path report = options.home().resolve("REPORT.md");
            ChaosReport.write(report, options, results, (System.nanoTime() - startNanos) / 1_000_000, Instant.now());
            System.out.println("recorded in " + report);
        }
        return results.stream().allMatch(ChaosResult::ok) && results.size() == options.runs() ? 0 : 1;
    }

    private ChaosOptions options() throws IOException {
        double m;
        try {
            m = Double.parseDouble(minutes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--minutes '" + minutes + "' is not a number");
        }
        if (!(m > 0) || m > 24 * 60) {
            throw new IllegalArgumentException("--minutes must be more than 0 and at most a day, not " + minutes);
        }
        if (livenessSeconds < 10) {
            throw new IllegalArgumentException("--liveness-seconds must be at least 10, not " + livenessSeconds);
        }
        String home = System.getenv("PETREL_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalArgumentException("PETREL_HOME is not set: run chaos through bin/chaos");
        }
        List<FaultType> chosen = ChaosOptions.parseFaults(faults);
        if (chosen.contains(FaultType.DISK_FULL) && !"root".equals(System.getProperty("user.name"))) {
            throw new IllegalArgumentException("--faults disk-full mounts a tmpfs for each broker, which needs root; run as root or"
                    + " leave disk-full out");
        }
        long first = seed != null ? seed : System.nanoTime() & 0xFFFF_FFFFL;
        String classpath = System.getenv().getOrDefault("PETREL_CLASSPATH", "");
        ChaosOptions checked = new ChaosOptions(runs, first, conf, (long) (m * 60_000), chosen,
                livenessSeconds * 1_000L, Path.of(home), Path.of("."), classpath, 256, ChaosOptions.SEND_AFTER_HEAL_MS);
        checked.officialClasspath();
        // The directory is made only once everything else was accepted: bad input leaves nothing behind.
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("petrel-chaos-");
        return checked.withDir(root.toAbsolutePath());
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        System.exit(new CommandLine(new ChaosMain()).execute(args));
    }
}
