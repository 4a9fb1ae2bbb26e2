package io.petrel.bench;

import io.petrel.cluster.ProcessCluster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * {@code bin/bench broker [--client official|petrel] [--part flush|ha]}: the official RocketMQ
 * 4.9.8 client (the default) or Petrel's own client ({@link PetrelLoad}) as load against a Petrel
 * NameServer and broker started as processes by the bin/ scripts. The default part, {@code flush}:
 * producer TPS and send latency percentiles for 1 KiB messages with 16 and 64 sending threads,
 * ASYNC_FLUSH and SYNC_FLUSH; consumer TPS draining a backlog; the broker's resident memory. Part
 * {@code ha} ({@link HaBench}, official client only): ASYNC_MASTER and SYNC_MASTER with a slave,
 * and a fresh slave's catch-up rate beside the raw disk bandwidth. Part {@code latency}
 * ({@link LatencyBench}, official client only): send latency under a fixed (open-loop) load at half
 * the peak, ASYNC_FLUSH and SYNC_FLUSH, beside the disk's fsync latency. Prints {@code name: value} lines.
 *
 * <p>Lives in test sources because the official client is a test-scope dependency only.
 */
public final class BrokerBench {

    private static final int BODY_BYTES = 1024;

    private BrokerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("petrel.home", ".")).toAbsolutePath();
        long seconds = Long.parseLong(System.getProperty("bench.seconds", "20"));
        long backlog = Long.parseLong(System.getProperty("bench.backlog", "1000000"));
        Args parsed = Args.parse(args);
        String client = parsed.client();
        if (parsed.part().equals("ha") || parsed.part().equals("latency")) {
            if (client.equals("petrel")) {
                throw new IllegalArgumentException("--part " + parsed.part() + " runs the official client only; drop --client petrel");
            }
            if (parsed.part().equals("ha")) {
                HaBench.run(home, seconds);
            } else {
                LatencyBench.run(home, seconds);
            }
            return;
        }
        if (client.equals("petrel")) {
            PetrelLoad.run(home, seconds, backlog);
            return;
        }
        System.out.println("# official 4.9.8 client as load, 1 KiB bodies, " + seconds + " s per run after 5 s warm-up,"
                + " load and broker share this machine's " + Runtime.getRuntime().availableProcessors() + " cores");
        for (String flush : List.of("ASYNC_FLUSH", "SYNC_FLUSH")) {
            Path dir = Files.createTempDirectory("petrel-bench-" + flush.toLowerCase(Locale.ROOT));
            try (ProcessCluster cluster = BenchBrokers.start(home, dir, flush)) {
                for (int threads : new int[] {16, 64}) {
                    produce(cluster, flush, threads, seconds);
                }
                if (flush.equals("ASYNC_FLUSH")) {
                    drain(cluster, backlog);
                }
                long[] memory = BenchBrokers.memoryKb(cluster.node(BenchBrokers.MASTER));
                figure("broker." + key(flush) + ".rss_mib", memory[0] / 1024.0);
                figure("broker." + key(flush) + ".rss_peak_mib", memory[1] / 1024.0);
            } finally {
                delete(dir);
            }
        }
    }

    /** The command line: {@code --client official|petrel} and {@code --part flush|ha|latency}, each at most once. */
    record Args(String client, String part) {

        private static final String USAGE = "usage: bin/bench broker [--client official|petrel] [--part flush|ha|latency]";

        static Args parse(String[] args) {
            Map<String, String> given = BenchArgs.parse(args, List.of("--client", "--part"), USAGE);
            return new Args(BenchArgs.oneOf("--client", given.getOrDefault("--client", "official"), "official", "petrel"),
                    BenchArgs.oneOf("--part", given.getOrDefault("--part", "flush"), "flush", "ha", "latency"));
        }
    }

    static String key(String flush) {
        return flush.equals("ASYNC_FLUSH") ? "async" : "sync";
    }

    static void figure(String name, double value) {
        System.out.println(name + ": " + format(value));
    }

    /** A figure's value as every bench prints it: whole from 100 up, else two decimals. */
    static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }

    static DefaultMQProducer producer(String namesrvAddr, String name) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("BenchProducer-" + name);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(name + "-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        return producer;
    }

    /** One synchronous send of a 1 KiB body to {@code topic} through the official producer, per call. */
    static ClosedLoopSends.SendOnce officialSends(DefaultMQProducer producer, String topic) {
        byte[] body = new byte[BODY_BYTES];
        return () -> {
            try {
                SendStatus status = producer.send(new Message(topic, "TagA", body)).getSendStatus();
                return status == SendStatus.SEND_OK ? null : status.name();
            } catch (Exception e) {
                return e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).split("\n")[0];
            }
        };
    }

    private static void produce(ProcessCluster cluster, String flush, int threads, long seconds) throws Exception {
        DefaultMQProducer producer = producer(cluster.namesrvAddr(), "p" + threads);
        closedLoopSends(flush, threads, seconds, officialSends(producer, "BenchTopic"));
        producer.shutdown();
    }

    /**
     * {@code threads} threads each sending in a closed loop: 5 s warm-up, then {@code seconds}
     * measured; prints TPS, latency percentiles and failures under {@code broker.<flush>.threads<n>}.
     * Shared by both clients' loads so their figures mean the same.
     */
    static void closedLoopSends(String flush, int threads, long seconds, ClosedLoopSends.SendOnce sendOnce)
            throws InterruptedException {
        namedClosedLoopSends("broker." + key(flush), threads, seconds, sendOnce);
    }

    /** As above, the figures named {@code <prefix>.threads<n>.*}; returns the measured TPS. */
    static double namedClosedLoopSends(String prefix, int threads, long seconds, ClosedLoopSends.SendOnce sendOnce)
            throws InterruptedException {
        ClosedLoopSends.Result run = ClosedLoopSends.run(threads, 5, seconds, sendOnce, () -> 0);
        String name = prefix + ".threads" + threads;
        figure(name + ".producer_tps", run.tps());
        figure(name + ".send_p50_ms", run.latencyMs(50));
        figure(name + ".send_p99_ms", run.latencyMs(99));
        figure(name + ".send_p999_ms", run.latencyMs(99.9));
        figure(name + ".send_failures", run.failed());
        run.failureKinds().forEach((kind, count) -> System.out.println("# " + name + " failure x" + count + ": " + kind));
        return run.tps();
    }

    private static void drain(ProcessCluster cluster, long backlog) throws Exception {
        long target = OfficialBacklog.write(cluster.namesrvAddr(), "BacklogTopic", backlog);
        OfficialBacklog.Drain drain = OfficialBacklog.drain(cluster.namesrvAddr(), "BacklogTopic", target,
                Duration.ofMinutes(30), () -> 0);
        figure("broker.async.backlog_messages", target);
        figure("broker.async.consumer_drain_tps", drain.tps());
        figure("broker.async.consumer_drained_all", drain.finished() ? 1 : 0);
    }

    /** The machine's load average over the last minute, for a benchmark's header line. */
    static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
