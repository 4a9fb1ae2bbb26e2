package io.petrel.bench;

import io.petrel.bench.ComparedBroker.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * {@code bin/bench queues}: the same closed-loop producer load (the official 4.9.8 producer, 1 KiB
 * synchronous sends from a fixed number of threads) spread over more and more queues, on Apache
 * RocketMQ 4.9.7's broker and on Petrel's, each row on a fresh store ({@link QueuesOptions}). A row
 * of N queues is N / per-topic topics of per-topic queues each, created through the admin API
 * (updateTopic) before the load; each send goes to the next topic in turn and the producer picks
 * the topic's queue, so every queue is written. Both brokers run ASYNC_FLUSH with
 * {@code compressedRegister=true}, as a 4.9 deployment with many topics would.
 *
 * <p>Prints a {@code #} line per run, then per side and row
 * {@code queues.<side>.<queues>.<tps|p99_ms|create_topics_s|send_failures>}, the ratios
 * {@code queues.<queues>.tps_ratio} (petrel/apache) and {@code queues.<side>.<queues>.tps_of_first_row},
 * and for the largest row the figures of {@link QueueScaleProbes}. Any node that does not start or
 * a row in which nothing was acknowledged stops the benchmark; every process started is stopped.
 */
public final class QueuesBench {

    private QueuesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("petrel.home", ".")).toAbsolutePath();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(QueuesOptions.USAGE);
            return;
        }
        QueuesOptions options;
        try {
            options = QueuesOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bin/bench queues: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("# queues " + options.queueCounts() + " (topics of " + options.queuesPerTopic() + "), "
                + options.threads() + " sending threads of the official 4.9.8 producer, 1 KiB synchronous sends, "
                + options.seconds() + " s measured after " + options.warmupSeconds() + " s warm-up; brokers run "
                + String.join(" ", options.brokerJvmOptions()) + ", ASYNC_FLUSH, compressedRegister=true, fresh store per row;"
                + " load and brokers share this machine's " + Runtime.getRuntime().availableProcessors()
                + " cores; load average " + BrokerBench.loadAverage());
        Map<String, Double> figures = new TreeMap<>();
        for (int queues : options.queueCounts()) {
            for (Side side : options.sides()) {
                row(home, options, queues, side, figures);
            }
        }
        ratios(options, figures);
        figures.forEach((name, value) -> System.out.println(name + ": " + BrokerBench.format(value)));
    }

    private static void row(Path home, QueuesOptions options, int queues, Side side, Map<String, Double> figures)
            throws Exception {
        Path dir = Files.createTempDirectory("petrel-queues-" + side.label + "-" + queues + "-");
        String name = "queues." + side.label + "." + queues;
        Map<String, String> properties = CompareBench.brokerProperties("ASYNC_FLUSH");
        properties.put("compressedRegister", "true");
        boolean done = false;
        ComparedBroker broker = ComparedBroker.start(side, home, dir, properties, options.brokerJvmOptions());
        try {
            measure(broker, options, queues, name, figures);
            done = true;
        } finally {
            done &= close(broker, name, figures);
            if (done) {
                BrokerBench.delete(dir);
            } else {
                System.out.println("# " + name + " failed; its logs and store are kept in " + dir + ": delete it when done");
            }
        }
    }

    private static void measure(ComparedBroker broker, QueuesOptions options, int queues, String name,
            Map<String, Double> figures) throws Exception {
        Side side = broker.side();
        long start = System.nanoTime();
        List<String> topics = broker.createTopics("Q" + queues + "_", options.topics(queues), options.queuesOfEachTopic(queues), 4);
        figures.put(name + ".create_topics_s", (System.nanoTime() - start) / 1e9);
        System.out.println(String.format(Locale.ROOT, "# %s broker: %d topics of %d queues created in %.1f s", side.title,
                topics.size(), options.queuesOfEachTopic(queues), figures.get(name + ".create_topics_s")));
        ClosedLoopSends.Result r = sends(broker, options, topics);
        figures.put(name + ".tps", r.tps());
        figures.put(name + ".p99_ms", r.latencyMs(99));
        figures.put(name + ".send_failures", (double) r.failed());
        System.out.println(String.format(Locale.ROOT, "# %s broker, %d queues in %d topics: %.0f msg/s, p50 %.2f ms,"
                + " p99 %.2f ms, %.1f µs broker CPU/msg, %d failed%s", side.title, queues, topics.size(), r.tps(),
                r.latencyMs(50), r.latencyMs(99), r.brokerCpuUsPerMessage(), r.failed(),
                r.failureKinds().isEmpty() ? "" : " " + r.failureKinds()));
        if (queues == options.largest()) {
            QueueScaleProbes.measure(broker, topics, name, figures);
        }
    }

    /**
     * Stops the row's nodes; a broker that outlives the stop timeout (it is then killed) is this
     * row's finding, {@code stop_timed_out}, not the end of the run. Returns whether all stopped in time.
     */
    private static boolean close(ComparedBroker broker, String name, Map<String, Double> figures) {
        try {
            broker.close();
            return true;
        } catch (Exception e) {
            figures.put(name + ".stop_timed_out", 1.0);
            System.out.println("# " + name + ": " + String.valueOf(e.getMessage()).split("\n")[0]);
            return false;
        }
    }

    /** The closed-loop load, each send to the next topic in turn. */
    private static ClosedLoopSends.Result sends(ComparedBroker broker, QueuesOptions options, List<String> topics)
            throws Exception {
        DefaultMQProducer producer = BrokerBench.producer(broker.namesrvAddr(), "queues-" + topics.size());
        AtomicLong next = new AtomicLong();
        ClosedLoopSends.Result r;
        try {
            List<ClosedLoopSends.SendOnce> byTopic = topics.stream().map(t -> BrokerBench.officialSends(producer, t)).toList();
            r = ClosedLoopSends.run(options.threads(), options.warmupSeconds(), options.seconds(),
                    () -> byTopic.get((int) (next.getAndIncrement() % byTopic.size())).send(), broker::brokerCpuNanos);
        } finally {
            producer.shutdown();
        }
        if (r.acknowledged() == 0) {
            throw new IllegalStateException(broker + " acknowledged no send to " + topics.size() + " topics; failures: "
                    + r.failureKinds());
        }
        return r;
    }

    private static void ratios(QueuesOptions options, Map<String, Double> figures) {
        int first = options.queueCounts().get(0);
        for (int queues : options.queueCounts()) {
            Double apache = figures.get("queues." + CompareFigures.APACHE + "." + queues + ".tps");
            Double petrel = figures.get("queues." + CompareFigures.PETREL + "." + queues + ".tps");
            if (apache != null && petrel != null) {
                figures.put("queues." + queues + ".tps_ratio", petrel / apache);
            }
            for (Side side : options.sides()) {
                Double base = figures.get("queues." + side.label + "." + first + ".tps");
                Double here = figures.get("queues." + side.label + "." + queues + ".tps");
                figures.put("queues." + side.label + "." + queues + ".tps_of_first_row", here / base);
            }
        }
    }
}
