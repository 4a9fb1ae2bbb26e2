package io.petrel.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;

/**
 * Consumer drain with the official 4.9.8 client: a backlog of 1 KiB messages written with
 * asynchronous sends, then consumed from the first offset by a fresh push-consumer group, timed
 * from the consumer's start to its last message.
 */
final class OfficialBacklog {

    private static final int BODY_BYTES = 1024;
    /** Asynchronous sends outstanding while the backlog is written. */
    private static final int WINDOW = 256;

    private OfficialBacklog() {
    }

    /** How a drain went, and the broker's CPU time while it ran (0 when nobody asked). */
    record Drain(long target, long consumed, double seconds, boolean finished, long brokerCpuNanos) {

        double tps() {
            return consumed / seconds;
        }

        /** The broker's CPU time per consumed message, in µs. */
        double brokerCpuUsPerMessage() {
            return brokerCpuNanos / 1000.0 / consumed;
        }
    }

    /** Sends {@code count} messages to {@code topic}; returns how many were acknowledged. */
    static long write(String namesrvAddr, String topic, long count) throws Exception {
        DefaultMQProducer producer = BrokerBench.producer(namesrvAddr, "backlog");
        byte[] body = new byte[BODY_BYTES];
        AtomicLong acked = new AtomicLong();
        Semaphore permits = new Semaphore(WINDOW);
        try {
            for (long i = 0; i < count; i++) {
                permits.acquire();
                producer.send(new Message(topic, "TagA", body), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult r) {
                        acked.incrementAndGet();
                        permits.release();
                    }

                    @Override
                    public void onException(Throwable e) {
                        permits.release();
                    }
                });
            }
            permits.acquire(WINDOW);
        } finally {
            producer.shutdown();
        }
        return acked.get();
    }

    /**
     * Consumes {@code topic} from its first offset until {@code target} messages arrived or
     * {@code timeout} passed; {@code brokerCpuNanos} is read as the consumer starts and as it ends.
     */
    static Drain drain(String namesrvAddr, String topic, long target, Duration timeout, LongSupplier brokerCpuNanos)
            throws Exception {
        AtomicLong consumed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("BenchDrain-" + System.nanoTime());
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName("drain-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeMessageBatchMaxSize(32);
        consumer.setPullBatchSize(32);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            if (consumed.addAndGet(msgs.size()) >= target) {
                done.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long cpuBefore = brokerCpuNanos.getAsLong();
        long start = System.nanoTime();
        try {
            consumer.start();
            boolean finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpu = brokerCpuNanos.getAsLong() - cpuBefore;
            return new Drain(target, consumed.get(), elapsed, finished, cpu);
        } finally {
            consumer.shutdown();
        }
    }
}
