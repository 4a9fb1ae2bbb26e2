package io.petrel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;

/**
 * {@code bin/bench broker [--client official|petrel] [--part flush|ha]}: the official RocketMQ
 * 4.9.8 client (the default) or Petrel's own client ({@link PetrelLoad}) as load against a Petrel
 * NameServer and broker started as processes by the bin/ scripts. The default part, {@code flush}:
 * producer TPS and send latency percentiles for 1 KiB messages with 16 and 64 sending threads,
 * ASYNC_FLUSH and SYNC_FLUSH; consumer TPS draining a backlog; the broker's resident memory. Part
 * {@code ha} ({@link HaBench}, official client only): ASYNC_MASTER and SYNC_MASTER with a slave,
 * and a fresh slave's catch-up rate beside the raw disk bandwidth. Prints {@code name: value} lines.
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
        if (parsed.part().equals("ha")) {
            if (client.equals("petrel")) {
                throw new IllegalArgumentException("--part ha runs the official client only; drop --client petrel");
            }
            HaBench.run(home, seconds);
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
            try (ClusterProcesses cluster = new ClusterProcesses(home, dir, flush)) {
                for (int threads : new int[] {16, 64}) {
                    produce(cluster, flush, threads, seconds);
                }
                if (flush.equals("ASYNC_FLUSH")) {
                    drain(cluster, backlog);
                }
                long[] memory = cluster.brokerMemoryKb();
                figure("broker." + key(flush) + ".rss_mib", memory[0] / 1024.0);
                figure("broker." + key(flush) + ".rss_peak_mib", memory[1] / 1024.0);
            } finally {
                delete(dir);
            }
        }
    }

    /** The command line: {@code --client official|petrel} and {@code --part flush|ha}, each at most once. */
    record Args(String client, String part) {

        private static final String USAGE = "usage: bin/bench broker [--client official|petrel] [--part flush|ha]";

        static Args parse(String[] args) {
            String client = null;
            String part = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
                }
                switch (name) {
                    case "--client" -> client = once(name, client, oneOf(name, value, "official", "petrel"));
                    case "--part" -> part = once(name, part, oneOf(name, value, "flush", "ha"));
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
                }
            }
            return new Args(client == null ? "official" : client, part == null ? "flush" : part);
        }

        private static String oneOf(String name, String value, String... allowed) {
            if (!List.of(allowed).contains(value)) {
                throw new IllegalArgumentException(name + " must be " + String.join(" or ", allowed) + ", not '" + value + "'");
            }
            return value;
        }

        private static String once(String name, String before, String value) {
            if (before != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
            return value;
        }
    }

    static String key(String flush) {
        return flush.equals("ASYNC_FLUSH") ? "async" : "sync";
    }

    static void figure(String name, double value) {
        System.out.println(name + ": " + String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value));
    }

    static DefaultMQProducer producer(ClusterProcesses cluster, String name) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("BenchProducer-" + name);
        producer.setNamesrvAddr(cluster.namesrvAddr);
        producer.setInstanceName(name + "-" + System.nanoTime());
        producer.setSendMsgTimeout(10_000);
        producer.start();
        return producer;
    }

    private static void produce(ClusterProcesses cluster, String flush, int threads, long seconds) throws Exception {
        DefaultMQProducer producer = producer(cluster, "p" + threads);
        byte[] body = new byte[BODY_BYTES];
        closedLoopSends(flush, threads, seconds, () -> {
            try {
                SendStatus status = producer.send(new Message("BenchTopic", "TagA", body)).getSendStatus();
                return status == SendStatus.SEND_OK ? null : status.name();
            } catch (Exception e) {
                return e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).split("\n")[0];
            }
        });
        producer.shutdown();
    }

    /** One synchronous send; null when it was acknowledged SEND_OK, else what went wrong. */
    @FunctionalInterface
    interface SendOnce {
        String send();
    }

    /**
     * {@code threads} threads each sending in a closed loop: 5 s warm-up, then {@code seconds}
     * measured; prints TPS, latency percentiles and failures under {@code broker.<flush>.threads<n>}.
     * Shared by both clients' loads so their figures mean the same.
     */
    static void closedLoopSends(String flush, int threads, long seconds, SendOnce sendOnce) throws InterruptedException {
        namedClosedLoopSends("broker." + key(flush), threads, seconds, sendOnce);
    }

    /** As above, the figures named {@code <prefix>.threads<n>.*}; returns the measured TPS. */
    static double namedClosedLoopSends(String prefix, int threads, long seconds, SendOnce sendOnce) throws InterruptedException {
        Recorder latencies = new Recorder(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        java.util.Map<String, AtomicLong> failureKinds = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    String failure = sendOnce.send();
                    if (measuring.get()) {
                        latencies.recordValue((System.nanoTime() - start) / 1_000);
                        (failure == null ? sent : failed).incrementAndGet();
                        if (failure != null) {
                            failureKinds.computeIfAbsent(failure, k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
            }, "bench-producer-" + t);
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(5_000);
        latencies.reset();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1_000);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        Histogram h = latencies.getIntervalHistogram();
        String name = prefix + ".threads" + threads;
        double tps = sent.get() / elapsed;
        figure(name + ".producer_tps", tps);
        figure(name + ".send_p50_ms", h.getValueAtPercentile(50) / 1000.0);
        figure(name + ".send_p99_ms", h.getValueAtPercentile(99) / 1000.0);
        figure(name + ".send_p999_ms", h.getValueAtPercentile(99.9) / 1000.0);
        figure(name + ".send_failures", failed.get());
        failureKinds.forEach((kind, count) -> System.out.println("# " + name + " failure x" + count + ": " + kind));
        return tps;
    }

    private static void drain(ClusterProcesses cluster, long backlog) throws Exception {
        DefaultMQProducer producer = producer(cluster, "backlog");
        byte[] body = new byte[BODY_BYTES];
        CountDownLatch written = new CountDownLatch(1);
        AtomicLong acked = new AtomicLong();
        int window = 256;
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(window);
        for (long i = 0; i < backlog; i++) {
            permits.acquire();
            producer.send(new Message("BacklogTopic", "TagA", body), new org.apache.rocketmq.client.producer.SendCallback() {
                @Override
                public void onSuccess(org.apache.rocketmq.client.producer.SendResult r) {
                    permits.release();
                    if (acked.incrementAndGet() == backlog) {
                        written.countDown();
                    }
                }

                @Override
                public void onException(Throwable e) {
                    permits.release();
                }
            });
        }
        permits.acquire(window);
        producer.shutdown();
        AtomicLong consumed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("BenchDrain-" + System.nanoTime());
        consumer.setNamesrvAddr(cluster.namesrvAddr);
        consumer.setInstanceName("drain-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeMessageBatchMaxSize(32);
        consumer.setPullBatchSize(32);
        consumer.subscribe("BacklogTopic", "*");
        long target = acked.get();
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            if (consumed.addAndGet(msgs.size()) >= target) {
                done.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long start = System.nanoTime();
        consumer.start();
        boolean finished = done.await(30, java.util.concurrent.TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        consumer.shutdown();
        figure("broker.async.backlog_messages", target);
        figure("broker.async.consumer_drain_tps", consumed.get() / elapsed);
        figure("broker.async.consumer_drained_all", finished ? 1 : 0);
    }

    static void delete(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
