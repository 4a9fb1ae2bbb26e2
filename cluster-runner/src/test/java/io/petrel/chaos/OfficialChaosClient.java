package io.petrel.chaos;

import io.petrel.common.message.MessageId;
import io.petrel.scenarios.fuzz.FuzzPlan;
import io.petrel.scenarios.history.Bodies;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;

/**
 * A chaos run's official RocketMQ 4.9.8 client, as a process of its own (the official client is a
 * test-scope dependency, so it cannot run in {@code bin/chaos}'s JVM): a producer that sends
 * synchronously and asynchronously to the workload's topic, or one member of a clustering push
 * group on it. It prints what it does on stdout as lines {@link OfficialClient} records into the
 * run's history, each starting with {@value OfficialClient#PREFIX} and tab-separated:
 *
 * <ul>
 *   <li>{@code I op topic body}: send {@code op} invoked;</li>
 *   <li>{@code K op broker queueId queueOffset commitLogOffset}: it was answered SEND_OK;</li>
 *   <li>{@code U op broker why}: any other outcome (another status, or an exception after the client's
 *       own retries, which may have stored it on an earlier attempt: so never "failed");</li>
 *   <li>{@code D topic broker queueId queueOffset reconsumeTimes storeTimestamp commitLogOffset body}:
 *       the listener consumed a message (it returns CONSUME_SUCCESS right after); the body in
 *       Base64, as it may not be the text that was sent;</li>
 *   <li>{@code S}: started.</li>
 * </ul>
 * A line {@code stop} on stdin stops a producer's sending; SIGTERM shuts the client down.
 *
 * <p>Arguments: {@code producer NAME NAMESRV SEED} or {@code consumer NAME NAMESRV GROUP}.
 */
public final class OfficialChaosClient {

    private static final int ASYNC_IN_FLIGHT = 16;
    private static final long SEND_INTERVAL_MS = 50;

    private final PrintStream out;

    private OfficialChaosClient(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        OfficialChaosClient client = new OfficialChaosClient(out);
        switch (args[0]) {
            case "producer" -> client.produce(args[1], args[2], Long.parseLong(args[3]));
            case "consumer" -> client.consume(args[1], args[2], args[3]);
            default -> throw new IllegalArgumentException("producer or consumer, not " + args[0]);
        }
    }

    private synchronized void emit(String... fields) {
        out.print(OfficialClient.PREFIX + String.join("\t", fields) + "\n");
        out.flush();
    }

    private void produce(String name, String namesrv, long seed) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("chaos-official-producer");
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName(name);
        producer.setSendMsgTimeout(3_000);
        producer.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            producer.shutdown();
        }));
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("stop")) {
                        stopped.countDown();
                    }
                }
            } catch (Exception e) {
                // stdin closed with the parent: nothing more to read.
            }
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();
        emit("S");
        Random random = new Random(seed);
        Semaphore inFlight = new Semaphore(ASYNC_IN_FLIGHT);
        AtomicLong ops = new AtomicLong();
        long counter = 0;
        while (!stopped.await(SEND_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
            String body = Bodies.make(name + "." + seed + "." + counter++, 16 + random.nextInt(200), random.nextLong());
            Message m = new Message(FuzzPlan.TOPIC, random.nextBoolean() ? "TagA" : "TagB",
                    body.getBytes(StandardCharsets.UTF_8));
            m.setKeys(Bodies.id(body));
            String op = Long.toString(ops.getAndIncrement());
            emit("I", op, FuzzPlan.TOPIC, body);
            if (random.nextBoolean()) {
                try {
                    recordResult(op, producer.send(m));
                } catch (Exception e) {
                    emit("U", op, "-", why(e));
                }
            } else if (inFlight.tryAcquire()) {
                try {
                    producer.send(m, new SendCallback() {
                        @Override
                        public void onSuccess(SendResult result) {
                            inFlight.release();
                            recordResult(op, result);
                        }

                        @Override
                        public void onException(Throwable e) {
                            inFlight.release();
                            emit("U", op, "-", why(e));
                        }
                    });
                } catch (Exception e) {
                    inFlight.release();
                    emit("U", op, "-", why(e));
                }
            } else {
                emit("U", op, "-", "not sent: " + ASYNC_IN_FLIGHT + " asynchronous sends in flight");
            }
        }
        // Stopped by stdin: the outcomes still in flight arrive; the process lives until SIGTERM.
        Thread.currentThread().join();
    }

    private void recordResult(String op, SendResult r) {
        String broker = r.getMessageQueue().getBrokerName();
        if (r.getSendStatus() == SendStatus.SEND_OK) {
            long commitLogOffset = r.getOffsetMsgId() == null ? -1
                    : MessageId.decodeMessageId(r.getOffsetMsgId()).commitLogOffset();
            emit("K", op, broker, Integer.toString(r.getMessageQueue().getQueueId()), Long.toString(r.getQueueOffset()),
                    Long.toString(commitLogOffset));
        } else {
            emit("U", op, broker, r.getSendStatus().name());
        }
    }

    private static String why(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.split("\n")[0].replace('\t', ' ');
    }

    private void consume(String name, String namesrv, String group) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName(name);
        consumer.setMessageModel(MessageModel.CLUSTERING);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        // One consume thread: the listener then sees each queue's messages in the order they were
        // pulled, which the checker holds every clustering group to (with 20 threads, the default,
        // two messages of one queue may reach the listener the other way round).
        consumer.setConsumeThreadMin(1);
        consumer.setConsumeThreadMax(1);
        consumer.setConsumeMessageBatchMaxSize(1);
        consumer.subscribe(FuzzPlan.TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                long commitLogOffset = m.getCommitLogOffset();
                emit("D", m.getTopic(), m.getBrokerName(), Integer.toString(m.getQueueId()), Long.toString(m.getQueueOffset()),
                        Integer.toString(m.getReconsumeTimes()), Long.toString(m.getStoreTimestamp()),
                        Long.toString(commitLogOffset), Base64.getEncoder().encodeToString(m.getBody()));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(consumer::shutdown));
        emit("S");
        Thread.currentThread().join();
    }
}
