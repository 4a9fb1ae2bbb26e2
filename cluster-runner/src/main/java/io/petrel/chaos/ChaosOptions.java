package io.petrel.chaos;

import io.petrel.scenarios.fuzz.FaultType;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A chaos campaign's settings, checked: {@code runs} runs from {@code seed} (run i has seed + i) of
 * the conf set {@code conf}, each with a safety phase of {@code safetyMs} in which the named faults
 * are injected, at most {@code livenessLimitMs} to converge after the heal, under {@code dir}; nodes
 * run from {@code home} on {@code classpath} (empty: the build's) with a heap of {@code maxHeapMb}; the
 * producers go on for {@code sendAfterHealMs} after the heal; {@code brokerMainClass} (tests only, empty
 * otherwise) is the class the brokers start from instead of {@code bin/mqbroker}'s.
 */
record ChaosOptions(int runs, long seed, String conf, long safetyMs, List<FaultType> faults, long livenessLimitMs,
        Path home, Path dir, String classpath, int maxHeapMb, long sendAfterHealMs, String brokerMainClass) {

    /** The brokers of {@code bin/mqbroker}, as {@code bin/chaos} runs them. */
    ChaosOptions(int runs, long seed, String conf, long safetyMs, List<FaultType> faults, long livenessLimitMs, Path home,
            Path dir, String classpath, int maxHeapMb, long sendAfterHealMs) {
        this(runs, seed, conf, safetyMs, faults, livenessLimitMs, home, dir, classpath, maxHeapMb, sendAfterHealMs, "");
    }

    /** How long producers go on after the heal, unless a short test campaign asks for less. */
    static final long SEND_AFTER_HEAL_MS = 10_000;
    /** The conf sets a run can start. */
    static final List<String> CONFS = List.of("2m-noslave", "2m-2s-async", "2m-2s-sync");
    /** What {@code --faults} takes, and the process or network fault each name injects. */
    static final Map<String, FaultType> FAULTS = faultNames();

    ChaosOptions {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be 1 or more, not " + runs);
        }
        if (!CONFS.contains(conf)) {
            throw new IllegalArgumentException("--conf '" + conf + "' is not a conf set chaos runs: use one of " + CONFS);
        }
        if (safetyMs < 5_000) {
            throw new IllegalArgumentException("the safety phase must last at least 5 s, not " + safetyMs + " ms");
        }
        faults = List.copyOf(faults);
    }

    private static Map<String, FaultType> faultNames() {
        Map<String, FaultType> names = new LinkedHashMap<>();
        names.put("kill", FaultType.CRASH);
        names.put("pause", FaultType.PAUSE);
        names.put("restart", FaultType.GRACEFUL_SHUTDOWN);
        names.put("partition", FaultType.PARTITION_BLACKHOLE);
        names.put("partition-reset", FaultType.PARTITION_RESET);
        names.put("isolate", FaultType.ISOLATE_ONE);
        names.put("halves", FaultType.HALVES);
        names.put("disk-full", FaultType.DISK_FULL);
        names.put("client-crash", FaultType.CLIENT_CRASH);
        return names;
    }

    ChaosOptions withDir(Path newDir) {
        return new ChaosOptions(runs, seed, conf, safetyMs, faults, livenessLimitMs, home, newDir, classpath, maxHeapMb,
                sendAfterHealMs, brokerMainClass);
    }

    /** Tests only: every broker started from {@code main}, a broker main with test-only switches on {@code classpath}. */
    ChaosOptions withBrokerMainClass(String main) {
        return new ChaosOptions(runs, seed, conf, safetyMs, faults, livenessLimitMs, home, dir, classpath, maxHeapMb,
                sendAfterHealMs, main);
    }

    /**
     * The classpath the official 4.9.8 clients run on: {@link #classpath} when set (tests run every
     * node on their own test classpath), otherwise the build's test classpath under {@link #home}
     * ({@code cluster-runner/target/test-classes}, {@code classes} and {@code test-classpath.txt}, as
     * {@code bin/bench broker} runs it). Refused, naming what is missing, when the build has none.
     */
    String officialClasspath() {
        if (!classpath.isEmpty()) {
            return classpath;
        }
        Path target = home.resolve("cluster-runner").resolve("target");
        Path list = target.resolve("test-classpath.txt");
        Path main = target.resolve("test-classes").resolve(OfficialClient.MAIN_CLASS.replace('.', '/') + ".class");
        if (!Files.isRegularFile(list) || !Files.isRegularFile(main)) {
            throw new IllegalArgumentException("the official RocketMQ 4.9.8 client (a test-scope dependency) is not built: "
                    + (Files.isRegularFile(list) ? main : list) + " is missing; build with "
                    + "'mvn -DskipTests package' (bin/chaos does when sources changed)");
        }
        try {
            return target.resolve("test-classes") + File.pathSeparator + target.resolve("classes") + File.pathSeparator
                    + Files.readString(list).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list, e);
        }
    }

    /** Reads {@code kill,pause,restart}: an unknown or repeated name is refused, naming it. */
    static List<FaultType> parseFaults(String text) {
        List<FaultType> faults = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            FaultType type = FAULTS.get(name);
            if (type == null) {
                throw new IllegalArgumentException("--faults: '" + raw + "' is not a fault chaos injects: use "
                        + String.join(",", FAULTS.keySet()));
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("--faults names '" + name + "' twice");
            }
            names.add(name);
            faults.add(type);
        }
        return faults;
    }

    /** The names of {@code faults} as {@code --faults} takes them. */
    String faultNamesText() {
        List<String> names = new ArrayList<>();
        FAULTS.forEach((name, type) -> {
            if (faults.contains(type)) {
                names.add(name);
            }
        });
        return String.join(",", names);
    }

    /** The command that runs seed {@code runSeed} alone, with these settings. */
    String rerunCommand(long runSeed) {
        return String.format(Locale.ROOT, "bin/chaos --runs 1 --seed %d --conf %s --minutes %s --faults %s", runSeed, conf,
                minutesText(), faultNamesText());
    }

    String minutesText() {
        double minutes = safetyMs / 60_000.0;
        return minutes == Math.rint(minutes) ? String.valueOf((long) minutes) : String.valueOf(minutes);
    }
}
