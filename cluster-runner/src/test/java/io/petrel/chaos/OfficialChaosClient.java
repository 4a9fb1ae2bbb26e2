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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;

/**
 * A chaos run's official RocketMQ 4.9.8 client, as a process of its own (the official client is a
 * test-scope dependency, so it cannot run in {@code bin/chaos}'s JVM): a producer whose sends are a
 * seeded mix of synchronous, asynchronous, oneway, batch and ordered ones (per key, each waiting for
 * the previous one's SEND_OK, to a queue fixed by the key, as the fuzz producer does), or one member
 * of a consumer group: clustering push, broadcasting push, orderly push or lite pull. It prints what
 * it does on stdout as lines {@link OfficialClient} records into the run's history, each starting
 * with {@value OfficialClient#PREFIX} and tab-separated:
 *
 * <ul>
 *   <li>{@code I op topic body key seq}: send {@code op} invoked ({@code -} and {@code -1} when it has
 *       no key);</li>
 *   <li>{@code K op broker queueId queueOffset commitLogOffset}: it was answered SEND_OK;</li>
 *   <li>{@code U op broker why}: any other outcome (another status, a oneway send, or an exception
 *       after the client's own retries, which may have stored it on an earlier attempt: so never
 *       "failed");</li>
 *   <li>{@code D topic broker queueId queueOffset reconsumeTimes storeTimestamp commitLogOffset body}:
 *       the listener consumed a message (it returns success right after); the body in Base64, as it
 *       may not be the text that was sent;</li>
 *   <li>{@code S}: started.</li>
 * </ul>
 * A line {@code stop} on stdin stops a producer's sending; SIGTERM shuts the client down.
 *
 * <p>Arguments: {@code producer NAME NAMESRV SEED BROKERS} (broker names, comma-separated) or
 * {@code clustering|broadcasting|orderly|lite NAME NAMESRV GROUP}.
 */
public final class OfficialChaosClient {

    private static final int ASYNC_IN_FLIGHT = 16;
    /** Queues per topic and broker, as the chaos run creates them ({@code ChaosWorkload.QUEUES}). */
    private static final int QUEUES = 4;
    private static final long SEND_INTERVAL_MS = 50;

    private final PrintStream out;

    private OfficialChaosClient(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the client; a client that fails (a lite pull consumer's start throws while no NameServer
     * answers, chaos seed 3403) ends the process, so the run sees it down and starts it again at the
     * heal, instead of a process whose client threads live on with nothing consuming.
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        OfficialChaosClient client = new OfficialChaosClient(out);
        try {
            switch (args[0]) {
                case "producer" -> client.produce(args[1], args[2], Long.parseLong(args[3]), List.of(args[4].split(",")));
                case "clustering", "broadcasting", "orderly" -> client.push(args[0], args[1], args[2], args[3]);
                case "lite" -> client.litePull(args[1], args[2], args[3]);
                default -> throw new IllegalArgumentException("producer, clustering, broadcasting, orderly or lite, not " + args[0]);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            Runtime.getRuntime().halt(3);
        }
    }

    private synchronized void emit(String... fields) {
        out.print(OfficialClient.PREFIX + String.join("\t", fields) + "\n");
        out.flush();
    }

    private void produce(String name, String namesrv, long seed, List<String> brokers) throws Exception {
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
        Sends sends = new Sends(producer, name + "." + seed, new Random(seed), brokers);
        while (!stopped.await(SEND_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
            sends.next();
        }
        // Stopped by stdin: the outcomes still in flight arrive; the process lives until SIGTERM.
        Thread.currentThread().join();
    }

    /** The producer's sends, one at a time from its loop; asynchronous outcomes come on the client's threads. */
    private final class Sends {
        private static final int KEYS = 4;
        private final DefaultMQProducer producer;
        private final String session;
        private final Random random;
        private final List<MessageQueue> orderQueues = new ArrayList<>();
        private final Semaphore inFlight = new Semaphore(ASYNC_IN_FLIGHT);
        private final int[] nextSeq = new int[KEYS];
        private long ops;
        private long counter;

        Sends(DefaultMQProducer producer, String session, Random random, List<String> brokers) {
            this.producer = producer;
            this.session = session;
            this.random = random;
            for (String broker : brokers) {
                for (int q = 0; q < QUEUES; q++) {
                    orderQueues.add(new MessageQueue(FuzzPlan.ORDER_TOPIC, broker, q));
                }
            }
        }

        void next() {
            int pick = random.nextInt(10);
            if (pick < 3) {
                sync();
            } else if (pick < 5) {
                async();
            } else if (pick < 6) {
                oneway();
            } else if (pick < 8) {
                batch();
            } else {
                ordered(random.nextInt(KEYS));
            }
        }

        private Message message(String topic, String body) {
            Message m = new Message(topic, random.nextBoolean() ? "TagA" : "TagB", body.getBytes(StandardCharsets.UTF_8));
            m.setKeys(Bodies.id(body));
            return m;
        }

        private String invoke(String topic, String body, String key, int seq) {
            String op = Long.toString(ops++);
            emit("I", op, topic, body, key == null ? "-" : key, Integer.toString(seq));
            return op;
        }

        private String newBody() {
            return Bodies.make(session + "." + counter++, 16 + random.nextInt(200), random.nextLong());
        }

        private void sync() {
            String body = newBody();
            String op = invoke(FuzzPlan.TOPIC, body, null, -1);
            try {
                recordResult(List.of(op), producer.send(message(FuzzPlan.TOPIC, body)));
            } catch (Exception e) {
                emit("U", op, "-", why(e));
            }
        }

        private void async() {
            String body = newBody();
            String op = invoke(FuzzPlan.TOPIC, body, null, -1);
            if (!inFlight.tryAcquire()) {
                emit("U", op, "-", "not sent: " + ASYNC_IN_FLIGHT + " asynchronous sends in flight");
                return;
            }
            try {
                producer.send(message(FuzzPlan.TOPIC, body), new SendCallback() {
                    @Override
                    public void onSuccess(SendResult result) {
                        inFlight.release();
                        recordResult(List.of(op), result);
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
        }

        private void oneway() {
            String body = newBody();
            String op = invoke(FuzzPlan.TOPIC, body, null, -1);
            try {
                producer.sendOneway(message(FuzzPlan.TOPIC, body));
                emit("U", op, "-", "oneway");
            } catch (Exception e) {
                emit("U", op, "-", why(e));
            }
        }

        private void batch() {
            List<Message> batch = new ArrayList<>();
            List<String> batchOps = new ArrayList<>();
            int size = 2 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                String body = newBody();
                batch.add(message(FuzzPlan.TOPIC, body));
                batchOps.add(invoke(FuzzPlan.TOPIC, body, null, -1));
            }
            try {
                recordResult(batchOps, producer.send(batch));
            } catch (Exception e) {
                batchOps.forEach(op -> emit("U", op, "-", why(e)));
            }
        }

        /** The next message of key {@code k}, to the queue its key names; the key moves on only after SEND_OK. */
        private void ordered(int k) {
            String key = session + ".k" + k;
            String body = newBody();
            String op = invoke(FuzzPlan.ORDER_TOPIC, body, key, nextSeq[k]);
            MessageQueue target = orderQueues.get(Math.floorMod(key.hashCode(), orderQueues.size()));
            try {
                SendResult r = producer.send(message(FuzzPlan.ORDER_TOPIC, body), (queues, m, arg) -> target, null);
                recordResult(List.of(op), r);
                if (r.getSendStatus() == SendStatus.SEND_OK) {
                    nextSeq[k]++;
                }
            } catch (Exception e) {
                emit("U", op, "-", why(e));
            }
        }
    }

    /** The outcome of one send of {@code ops} (a batch's messages take consecutive queue offsets). */
    private void recordResult(List<String> ops, SendResult r) {
        String broker = r.getMessageQueue().getBrokerName();
        String[] offsetIds = r.getOffsetMsgId() == null ? new String[0] : r.getOffsetMsgId().split(",");
        for (int i = 0; i < ops.size(); i++) {
            if (r.getSendStatus() == SendStatus.SEND_OK) {
                long commitLogOffset = i < offsetIds.length ? MessageId.decodeMessageId(offsetIds[i].trim()).commitLogOffset() : -1;
                emit("K", ops.get(i), broker, Integer.toString(r.getMessageQueue().getQueueId()),
                        Long.toString(r.getQueueOffset() + i), Long.toString(commitLogOffset));
            } else {
                emit("U", ops.get(i), broker, r.getSendStatus().name());
            }
        }
    }

    private static String why(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.split("\n")[0].replace('\t', ' ');
    }

    /** One member of a push group: clustering, broadcasting or orderly. */
    private void push(String kind, String name, String namesrv, String group) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName(name);
        consumer.setMessageModel(kind.equals("broadcasting") ? MessageModel.BROADCASTING : MessageModel.CLUSTERING);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        // One consume thread: the listener then sees each queue's messages in the order they were
        // pulled, which the checker holds every group to (with 20 threads, the default, two messages
        // of one queue may reach a concurrent listener the other way round).
        consumer.setConsumeThreadMin(1);
        consumer.setConsumeThreadMax(1);
        consumer.setConsumeMessageBatchMaxSize(1);
        if (kind.equals("orderly")) {
            consumer.subscribe(FuzzPlan.ORDER_TOPIC, "*");
            consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
                messages.forEach(this::delivered);
                return ConsumeOrderlyStatus.SUCCESS;
            });
        } else {
            consumer.subscribe(FuzzPlan.TOPIC, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(this::delivered);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
        }
        consumer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(consumer::shutdown));
        emit("S");
        Thread.currentThread().join();
    }

    /** One member of a lite pull group (clustering, offsets committed automatically). */
    private void litePull(String name, String namesrv, String group) throws Exception {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName(name);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(FuzzPlan.TOPIC, "*");
        consumer.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            consumer.shutdown();
        }));
        emit("S");
        while (stopped.getCount() > 0) {
            consumer.poll(1_000).forEach(this::delivered);
        }
    }

    private void delivered(MessageExt m) {
        emit("D", m.getTopic(), m.getBrokerName(), Integer.toString(m.getQueueId()), Long.toString(m.getQueueOffset()),
                Integer.toString(m.getReconsumeTimes()), Long.toString(m.getStoreTimestamp()),
                Long.toString(m.getCommitLogOffset()), Base64.getEncoder().encodeToString(m.getBody()));
    }
}
