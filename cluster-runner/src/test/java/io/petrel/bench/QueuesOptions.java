package io.petrel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code bin/bench queues}: the total queue counts of the rows, how many queues each
 * topic has (a row of fewer queues is one topic), the sending threads, the measured and warm-up
 * seconds per row, each broker JVM's heap and the sides run. {@code --quick} is a smoke run that
 * fits a test: two small rows, one short window, and the largest row's extra figures all the same.
 */
record QueuesOptions(List<Integer> queueCounts, int queuesPerTopic, int threads, long seconds, long warmupSeconds,
        String heap, List<ComparedBroker.Side> sides) {

    static final String USAGE = "usage: bin/bench queues [--queues 8,1000,10000,50000] [--per-topic 8] [--threads 32]"
            + " [--seconds 20] [--warmup 10] [--heap 1g] [--sides apache,petrel] [--quick]";

    static QueuesOptions parse(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean quick = rest.remove("--quick");
        Map<String, String> given = BenchArgs.parse(rest.toArray(String[]::new), List.of("--queues", "--per-topic",
                "--threads", "--seconds", "--warmup", "--heap", "--sides"), USAGE);
        String heap = given.getOrDefault("--heap", quick ? "512m" : "1g");
        if (!heap.matches("[1-9][0-9]*[mMgG]")) {
            throw new IllegalArgumentException("--heap must be a JVM heap size such as 1g or 512m, not '" + heap + "'");
        }
        int perTopic = (int) CompareOptions.number("--per-topic", given.getOrDefault("--per-topic", "8"), 1);
        List<Integer> counts = new ArrayList<>();
        for (String q : given.getOrDefault("--queues", quick ? "8,400" : "8,1000,10000,50000").split(",")) {
            int count = (int) CompareOptions.number("--queues", q, 1);
            if (count > perTopic && count % perTopic != 0) {
                throw new IllegalArgumentException("--queues " + count + " is not a whole number of topics of "
                        + perTopic + " queues (--per-topic)");
            }
            counts.add(count);
        }
        List<ComparedBroker.Side> sides = new ArrayList<>();
        for (String side : given.getOrDefault("--sides", "apache,petrel").split(",")) {
            sides.add(ComparedBroker.Side.of(BenchArgs.oneOf("--sides", side.strip(),
                    CompareFigures.APACHE, CompareFigures.PETREL)));
        }
        return new QueuesOptions(List.copyOf(counts), perTopic,
                (int) CompareOptions.number("--threads", given.getOrDefault("--threads", quick ? "8" : "32"), 1),
                CompareOptions.number("--seconds", given.getOrDefault("--seconds", quick ? "3" : "20"), 1),
                CompareOptions.number("--warmup", given.getOrDefault("--warmup", quick ? "2" : "10"), 0), heap,
                List.copyOf(sides));
    }

    /** Topics of a row of {@code queues} queues: one topic when the row has no more queues than a topic holds. */
    int topics(int queues) {
        return queues <= queuesPerTopic ? 1 : queues / queuesPerTopic;
    }

    /** Queues of each topic of a row. */
    int queuesOfEachTopic(int queues) {
        return queues <= queuesPerTopic ? queues : queuesPerTopic;
    }

    /** The row that also measures heap, restarts and registration: the largest. */
    int largest() {
        return queueCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** Both broker JVMs' options, as {@code bin/bench compare} runs them. */
    List<String> brokerJvmOptions() {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC");
    }
}
