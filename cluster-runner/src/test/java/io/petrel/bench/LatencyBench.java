package io.petrel.bench;

import io.petrel.cluster.ProcessCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * {@code bin/bench broker --part latency}: send latency under a fixed load, with the official 4.9.8
 * client (issue 20). For ASYNC_FLUSH and then SYNC_FLUSH, a fresh NameServer and broker as
 * {@code bin/bench broker} starts them: first the peak, 64 threads sending 1 KiB synchronously in a
 * closed loop for half the run's seconds; then an open loop at half of that peak
 * ({@link OpenLoopSends}: latency from each send's due time, so a stall counts for every send due
 * during it), 5 s warm-up and the run's seconds measured. Beside SYNC_FLUSH, the disk's own fsync
 * latency in the same run and directory: 4 KiB appended and forced (fdatasync), {@value #FSYNCS}
 * times before its broker starts and as many after it stops. Targets: ASYNC_FLUSH p99 at most
 * 2 ms; SYNC_FLUSH p99 within 1 ms of the disk's fsync p99. {@code -Dbench.latencyRate=N} sends at
 * N a second instead of half the peak.
 */
final class LatencyBench {

    private static final int FSYNCS = 2_000;
    private static final String TOPIC = "BenchTopic";

    private LatencyBench() {
    }

    static void run(Path home, long seconds) throws Exception {
        System.out.println("# open loop, official 4.9.8 client, 1 KiB bodies, " + seconds + " s measured after 5 s"
                + " warm-up; load and broker share this machine's " + Runtime.getRuntime().availableProcessors()
                + " cores; load average " + BrokerBench.loadAverage());
        double asyncP99 = Double.NaN;
        double syncP99 = Double.NaN;
        Histogram fsync = new Histogram(3);
        for (String flush : List.of("ASYNC_FLUSH", "SYNC_FLUSH")) {
            String key = BrokerBench.key(flush);
            Path dir = Files.createTempDirectory("petrel-bench-latency-" + key);
            try {
                boolean sync = flush.equals("SYNC_FLUSH");
                if (sync) {
                    fsync.add(fsyncLatencyUs(dir));
                }
                double p99 = openLoop(home, dir, flush, seconds);
                if (sync) {
                    fsync.add(fsyncLatencyUs(dir));
                    syncP99 = p99;
                } else {
                    asyncP99 = p99;
                }
            } finally {
                BrokerBench.delete(dir);
            }
        }
        double fsyncP99 = fsync.getValueAtPercentile(99) / 1000.0;
        BrokerBench.figure("latency.disk.fsync_p50_ms", fsync.getValueAtPercentile(50) / 1000.0);
        BrokerBench.figure("latency.disk.fsync_p99_ms", fsyncP99);
        BrokerBench.figure("latency.disk.fsync_p999_ms", fsync.getValueAtPercentile(99.9) / 1000.0);
        System.out.println("latency.async.p99_target: " + (asyncP99 <= 2.0 ? "met" : "missed") + " ("
                + BrokerBench.format(asyncP99) + " ms, at most 2)");
        BrokerBench.figure("latency.sync.p99_minus_fsync_p99_ms", syncP99 - fsyncP99);
        System.out.println("latency.sync.p99_target: " + (syncP99 - fsyncP99 <= 1.0 ? "met" : "missed") + " ("
                + String.format(Locale.ROOT, "%.2f", syncP99 - fsyncP99) + " ms over the disk's fsync p99, at most 1)");
    }

    /** The peak, then the open loop at half of it (or at bench.latencyRate); returns the open loop's p99 in ms. */
    private static double openLoop(Path home, Path dir, String flush, long seconds) throws Exception {
        String prefix = "latency." + BrokerBench.key(flush);
        try (ProcessCluster cluster = BenchBrokers.start(home, dir, flush)) {
            DefaultMQProducer producer = BrokerBench.producer(cluster.namesrvAddr(), "latency-" + BrokerBench.key(flush));
            try {
                double peak = BrokerBench.namedClosedLoopSends(prefix + ".peak", 64, Math.max(1, seconds / 2),
                        BrokerBench.officialSends(producer, TOPIC));
                String fixed = System.getProperty("bench.latencyRate");
                double rate = fixed != null ? Double.parseDouble(fixed) : peak / 2;
                OpenLoopSends.Result r = OpenLoopSends.run(producer, TOPIC, rate, 5, seconds);
                String name = prefix + ".open_loop";
                BrokerBench.figure(name + ".rate_per_second", rate);
                BrokerBench.figure(name + ".due", r.due());
                BrokerBench.figure(name + ".send_p50_ms", r.latencyMs(50));
                BrokerBench.figure(name + ".send_p99_ms", r.latencyMs(99));
                BrokerBench.figure(name + ".send_p999_ms", r.latencyMs(99.9));
                BrokerBench.figure(name + ".send_max_ms", r.latencyMs(100));
                BrokerBench.figure(name + ".failures", r.failed());
                BrokerBench.figure(name + ".sender_most_behind_ms", r.mostBehindUs() / 1000.0);
                r.failureKinds().forEach((kind, count) -> System.out.println("# " + name + " failure x" + count + ": " + kind));
                return r.latencyMs(99);
            } finally {
                producer.shutdown();
            }
        }
    }

    /** {@value #FSYNCS} appends of 4 KiB to a fresh file in {@code dir}, each forced (data only); µs each. */
    static Histogram fsyncLatencyUs(Path dir) throws IOException {
        Histogram latencies = new Histogram(3);
        Path file = dir.resolve("fsync-probe");
        ByteBuffer block = ByteBuffer.allocateDirect(4096);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < FSYNCS; i++) {
                block.clear();
                long start = System.nanoTime();
                while (block.hasRemaining()) {
                    channel.write(block, (long) i * 4096 + block.position());
                }
                channel.force(false);
                latencies.recordValue((System.nanoTime() - start) / 1_000);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return latencies;
    }
}
