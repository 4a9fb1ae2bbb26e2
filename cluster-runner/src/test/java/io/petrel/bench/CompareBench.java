package io.petrel.bench;

import io.petrel.bench.ComparedBroker.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * {@code bin/bench compare}: Apache RocketMQ 4.9.7 and Petrel under the same load, side by side
 * (or, with {@code --sides petrel,petrel-metrics}, Petrel without and with its Prometheus endpoint
 * scraped, to measure what metrics cost on the send path).
 * For each flush type, each round runs Apache's NameServer and broker, then Petrel's, each on a
 * fresh store in a temporary directory with the same broker properties and JVM heap
 * ({@link CompareOptions}); alternating keeps a drift of the machine (page cache, other load) from
 * falling on one side only. In each run the official 4.9.8 producer sends 1 KiB messages
 * synchronously to a topic of the same queue count from each thread count in turn
 * ({@link ClosedLoopSends}); under ASYNC_FLUSH the official push consumer then drains a backlog
 * ({@link OfficialBacklog}). The broker's CPU time is read over each measured window.
 *
 * <p>Prints a {@code #} line per run as it ends, then each figure averaged over the rounds for both
 * sides and as the ratio petrel/apache ({@link CompareFigures}):
 * {@code compare.<async|sync>.1k.<threads>.<tps|broker_cpu_us_per_msg|p50_ms|p99_ms|p999_ms>} and
 * {@code compare.async.1k.drain.<tps|broker_cpu_us_per_msg>}. Any node that does not start, any run
 * in which the broker acknowledged nothing, and any drain that does not finish stops the benchmark,
 * naming the broker and its logs; every process started is stopped, also then.
 */
public final class CompareBench {

    private static final String TOPIC = "BenchTopic";
    private static final String BACKLOG_TOPIC = "BacklogTopic";

    private CompareBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("petrel.home", ".")).toAbsolutePath();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(CompareOptions.USAGE);
            return;
        }
        CompareOptions options;
        try {
            options = CompareOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bin/bench compare: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("# " + options.sides().get(0).title + " and " + options.sides().get(1).title
                + " brokers alternating over " + options.rounds() + " round(s);"
                + " official 4.9.8 client as load, 1 KiB synchronous sends, " + options.seconds() + " s measured after "
                + options.warmupSeconds() + " s warm-up per run, topic of " + options.queues() + " queues; both brokers run "
                + String.join(" ", options.brokerJvmOptions()) + " on a fresh store under " + System.getProperty("java.io.tmpdir")
                + "; drain of " + options.backlog() + " messages; ratio = " + options.sides().get(1).label + "/"
                + options.sides().get(0).label + "; load and brokers share this machine's "
                + Runtime.getRuntime().availableProcessors() + " cores; load average " + BrokerBench.loadAverage());
        CompareFigures figures = new CompareFigures(options.sides().get(0).label, options.sides().get(1).label);
        for (String flush : options.flushDiskTypes()) {
            for (int round = 1; round <= options.rounds(); round++) {
                for (Side side : options.sides()) {
                    runOnce(home, options, flush, round, side, figures);
                }
            }
        }
        figures.lines().forEach(System.out::println);
    }

    /** The broker properties both sides run with, beside their own addresses and store paths. */
    static Map<String, String> brokerProperties(String flushDiskType) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("brokerClusterName", "DefaultCluster");
        p.put("brokerName", "bench");
        p.put("brokerId", "0");
        p.put("brokerRole", "ASYNC_MASTER");
        p.put("flushDiskType", flushDiskType);
        // RocketMQ's defaults, written out: the launcher's Apache brokers default to smaller ones, for tests.
        p.put("mappedFileSizeCommitLog", String.valueOf(1024 * 1024 * 1024));
        p.put("maxHashSlotNum", "5000000");
        p.put("maxIndexNum", "20000000");
        p.put("maxMessageSize", "65536");
        p.put("autoCreateTopicEnable", "true");
        return p;
    }

    private static void runOnce(Path home, CompareOptions options, String flush, int round, Side side,
            CompareFigures figures) throws Exception {
        String flushKey = BrokerBench.key(flush);
        Path dir = Files.createTempDirectory("petrel-compare-" + side.label + "-" + flushKey + "-");
        String run = "round " + round + "/" + options.rounds() + " " + side.label + " " + flushKey;
        boolean done = false;
        try (ComparedBroker broker = ComparedBroker.start(side, home, dir, brokerProperties(flush),
                options.brokerJvmOptions())) {
            broker.createTopic(TOPIC, options.queues());
            for (int threads : options.threads()) {
                sends(broker, options, "compare." + flushKey + ".1k." + threads, side, threads, figures, run);
            }
            if (flush.equals("ASYNC_FLUSH") && options.backlog() > 0) {
                broker.createTopic(BACKLOG_TOPIC, options.queues());
                drain(broker, options.backlog(), side, figures, run);
            }
            long scrapes = broker.checkMetricsScrapes();
            if (scrapes > 0) {
                System.out.println("# " + run + ": " + scrapes + " metrics scrapes, all answered");
            }
            done = true;
        } finally {
            // A failed run's directory holds the logs its error message names.
            if (done) {
                BrokerBench.delete(dir);
            } else {
                System.out.println("# " + run + " failed; its logs and store are kept in " + dir + ": delete it when done");
            }
        }
    }

    private static void sends(ComparedBroker broker, CompareOptions options, String name, Side side, int threads,
            CompareFigures figures, String run) throws Exception {
        DefaultMQProducer producer = BrokerBench.producer(broker.namesrvAddr(), side.label + threads);
        ClosedLoopSends.Result r;
        try {
            r = ClosedLoopSends.run(threads, options.warmupSeconds(), options.seconds(),
                    BrokerBench.officialSends(producer, TOPIC), broker::brokerCpuNanos);
        } finally {
            producer.shutdown();
        }
        if (r.acknowledged() == 0) {
            throw new IllegalStateException(broker + " acknowledged no send from " + threads + " threads in "
                    + options.seconds() + " s; failures: " + r.failureKinds());
        }
        figures.add(name + ".tps", side.label, r.tps());
        figures.add(name + ".broker_cpu_us_per_msg", side.label, r.brokerCpuUsPerMessage());
        figures.add(name + ".p50_ms", side.label, r.latencyMs(50));
        figures.add(name + ".p99_ms", side.label, r.latencyMs(99));
        figures.add(name + ".p999_ms", side.label, r.latencyMs(99.9));
        figures.addCount(name + ".send_failures", side.label, r.failed());
        System.out.println(String.format(Locale.ROOT,
                "# %s %d threads: %.0f msg/s, %.1f µs broker CPU/msg, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d failed%s",
                run, threads, r.tps(), r.brokerCpuUsPerMessage(), r.latencyMs(50), r.latencyMs(99), r.latencyMs(99.9),
                r.failed(), r.failureKinds().isEmpty() ? "" : " " + r.failureKinds()));
    }

    private static void drain(ComparedBroker broker, long backlog, Side side, CompareFigures figures, String run)
            throws Exception {
        long written = OfficialBacklog.write(broker.namesrvAddr(), BACKLOG_TOPIC, backlog);
        // At least 500 msg/s, far below either broker's pace, or the drain counts as stuck.
        Duration timeout = Duration.ofSeconds(Math.max(120, written / 500));
        OfficialBacklog.Drain d = OfficialBacklog.drain(broker.namesrvAddr(), BACKLOG_TOPIC, written, timeout,
                broker::brokerCpuNanos);
        if (!d.finished()) {
            throw new IllegalStateException("the consumer got " + d.consumed() + " of the " + written + " backlog messages of "
                    + broker + " within " + timeout.toSeconds() + " s");
        }
        figures.add("compare.async.1k.drain.tps", side.label, d.tps());
        figures.add("compare.async.1k.drain.broker_cpu_us_per_msg", side.label, d.brokerCpuUsPerMessage());
        System.out.println(String.format(Locale.ROOT, "# %s drain of %d acknowledged (of %d sent): %.0f msg/s, %.1f µs broker CPU/msg",
                run, written, backlog, d.tps(), d.brokerCpuUsPerMessage()));
    }
}
