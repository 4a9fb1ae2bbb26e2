package io.petrel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code bin/bench compare}, the same for both brokers: rounds, the measured and
 * warm-up seconds of each send run, the sending thread counts, the flush types, the backlog the
 * consumer drains (0: no drain), each broker JVM's heap, the benchmark topic's queue count and the
 * two sides compared (Apache RocketMQ and Petrel by default; Petrel without and with metrics to
 * measure what its Prometheus endpoint costs).
 */
record CompareOptions(int rounds, long seconds, long warmupSeconds, List<Integer> threads, List<String> flushDiskTypes,
        long backlog, String heap, int queues, List<ComparedBroker.Side> sides) {

    static final String USAGE = "usage: bin/bench compare [--rounds 2] [--seconds 20] [--warmup 5] [--threads 16,64]"
            + " [--flush async,sync] [--backlog 1000000] [--heap 1g] [--queues 8] [--sides apache,petrel]";

    /** The sides {@code --sides} may name: the first is the baseline, the second is measured against it. */
    static final List<String> SIDE_LABELS = List.of(CompareFigures.APACHE, CompareFigures.PETREL,
            CompareFigures.PETREL_METRICS);

    static CompareOptions parse(String[] args) {
        Map<String, String> given = BenchArgs.parse(args, List.of("--rounds", "--seconds", "--warmup", "--threads",
                "--flush", "--backlog", "--heap", "--queues", "--sides"), USAGE);
        String heap = given.getOrDefault("--heap", "1g");
        if (!heap.matches("[1-9][0-9]*[mMgG]")) {
            throw new IllegalArgumentException("--heap must be a JVM heap size such as 1g or 512m, not '" + heap + "'");
        }
        List<Integer> threads = new ArrayList<>();
        for (String t : given.getOrDefault("--threads", "16,64").split(",")) {
            threads.add((int) number("--threads", t, 1));
        }
        List<String> flushes = new ArrayList<>();
        for (String f : given.getOrDefault("--flush", "async,sync").split(",")) {
            flushes.add(BenchArgs.oneOf("--flush", f, "async", "sync").equals("async") ? "ASYNC_FLUSH" : "SYNC_FLUSH");
        }
        List<ComparedBroker.Side> sides = new ArrayList<>();
        for (String side : given.getOrDefault("--sides", "apache,petrel").split(",")) {
            String label = BenchArgs.oneOf("--sides", side.strip(), SIDE_LABELS.toArray(String[]::new));
            sides.add(ComparedBroker.Side.of(label));
        }
        if (sides.size() != 2 || sides.get(0) == sides.get(1)) {
            throw new IllegalArgumentException("--sides must name two different sides (baseline,measured), not '"
                    + given.get("--sides") + "'");
        }
        return new CompareOptions((int) number("--rounds", given.getOrDefault("--rounds", "2"), 1),
                number("--seconds", given.getOrDefault("--seconds", "20"), 1),
                number("--warmup", given.getOrDefault("--warmup", "5"), 0), List.copyOf(threads), List.copyOf(flushes),
                number("--backlog", given.getOrDefault("--backlog", "1000000"), 0), heap,
                (int) number("--queues", given.getOrDefault("--queues", "8"), 1), List.copyOf(sides));
    }

    /** Both broker JVMs' options: a fixed heap of {@link #heap}, and G1 named so neither side depends on the JVM's pick. */
    List<String> brokerJvmOptions() {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC");
    }

    static long number(String name, String value, long least) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
        if (n < least || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between " + least + " and " + Integer.MAX_VALUE + ", not " + n);
        }
        return n;
    }
}
