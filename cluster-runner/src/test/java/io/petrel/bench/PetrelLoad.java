package io.petrel.bench;

import io.petrel.client.ClientConfig;
import io.petrel.client.ClientException;
import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.Message;
import io.petrel.client.ProducerConfig;
import io.petrel.client.SendCallback;
import io.petrel.client.SendResult;
import io.petrel.client.SendStatus;
import io.petrel.cluster.ProcessCluster;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.ConcurrentListener;
import io.petrel.real.client.PetrelClient;
import io.petrel.real.client.PushConsumerHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/bench broker --client petrel}: the same runs as {@link BrokerBench} with Petrel's
 * client (the io-real facade: blocking sends from N threads, one client loop) as load, so the two
 * clients' figures sit side by side in REPORT.md.
 */
final class PetrelLoad {

    private static final int BODY_BYTES = 1024;

    private PetrelLoad() {
    }

    static void run(Path home, long seconds, long backlog) throws Exception {
        System.out.println("# Petrel client as load, 1 KiB bodies, " + seconds + " s per run after 5 s warm-up,"
                + " load and broker share this machine's " + Runtime.getRuntime().availableProcessors() + " cores");
        for (String flush : List.of("ASYNC_FLUSH", "SYNC_FLUSH")) {
            Path dir = Files.createTempDirectory("petrel-bench-" + flush.toLowerCase(Locale.ROOT));
            try (ProcessCluster cluster = BenchBrokers.start(home, dir, flush)) {
                for (int threads : new int[] {16, 64}) {
                    produce(cluster, dir, flush, threads, seconds);
                }
                if (flush.equals("ASYNC_FLUSH")) {
                    drain(cluster, dir, backlog);
                }
            } finally {
                BrokerBench.delete(dir);
            }
        }
    }

    private static PetrelClient client(ProcessCluster cluster, Path dir, String name) {
        return PetrelClient.start(ClientConfig.of(cluster.namesrvAddr(), "127.0.0.1", name + "-" + System.nanoTime()),
                dir.resolve("client-offsets"));
    }

    private static void produce(ProcessCluster cluster, Path dir, String flush, int threads, long seconds) throws Exception {
        try (PetrelClient client = client(cluster, dir, "p" + threads)) {
            BlockingProducer producer = client.producer(ProducerConfig.of("BenchProducer-p" + threads).withSendMsgTimeoutMs(10_000));
            byte[] body = new byte[BODY_BYTES];
            BrokerBench.closedLoopSends(flush, threads, seconds, () -> {
                try {
                    Message m = new Message("BenchTopic", body);
                    m.setTags("TagA");
                    SendStatus status = producer.send(m).sendStatus();
                    return status == SendStatus.SEND_OK ? null : status.name();
                } catch (ClientException e) {
                    return String.valueOf(e.getMessage()).split("\n")[0];
                }
            });
        }
    }

    private static void drain(ProcessCluster cluster, Path dir, long backlog) throws Exception {
        long target;
        try (PetrelClient client = client(cluster, dir, "backlog")) {
            BlockingProducer producer = client.producer(ProducerConfig.of("BenchBacklog").withSendMsgTimeoutMs(10_000));
            int window = 256;
            Semaphore permits = new Semaphore(window);
            AtomicLong acked = new AtomicLong();
            byte[] body = new byte[BODY_BYTES];
            for (long i = 0; i < backlog; i++) {
                permits.acquire();
                Message m = new Message("BacklogTopic", body);
                m.setTags("TagA");
                producer.sendAsync(m, new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        acked.incrementAndGet();
                        permits.release();
                    }

                    @Override
                    public void onException(ClientException error) {
                        permits.release();
                    }
                });
            }
            permits.acquire(window);
            target = acked.get();
        }
        AtomicLong consumed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        try (PetrelClient client = client(cluster, dir, "drain")) {
            long start = System.nanoTime();
            PushConsumerHandle consumer = client.pushConsumer(ConsumerConfig.builder("BenchDrain-" + System.nanoTime())
                    .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).consumeMessageBatchMaxSize(32)
                    .pullBatchSize(32).build(), c -> c.subscribe("BacklogTopic", "*"));
            consumer.registerMessageListener((ConcurrentListener) (msgs, ctx) -> {
                if (consumed.addAndGet(msgs.size()) >= target) {
                    done.countDown();
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            }).start();
            boolean finished = done.await(30, TimeUnit.MINUTES);
            double elapsed = (System.nanoTime() - start) / 1e9;
            BrokerBench.figure("broker.async.backlog_messages", target);
            BrokerBench.figure("broker.async.consumer_drain_tps", consumed.get() / elapsed);
            BrokerBench.figure("broker.async.consumer_drained_all", finished ? 1 : 0);
        }
    }
}
