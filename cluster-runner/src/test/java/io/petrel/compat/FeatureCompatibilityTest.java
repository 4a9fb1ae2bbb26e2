package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 client against two Petrel masters for the features built on the broker's
 * retry, schedule, index and lock services: retry then dead-letter with a push consumer, orderly
 * consumption with a queue selector, a delayed message not delivered early, and messages found by
 * offsetMsgId, key and unique key through the official admin API. The brokers use short delay
 * levels ({@code messageDelayLevel}) so retries come back within seconds. The retry test creates
 * its group's %RETRY% topic first: a brand-new group's first route lookup for it can otherwise
 * race the heartbeat that creates it, and the client then waits for its next 30 s route poll (as
 * it would against RocketMQ).
 */
@Tag("official-client")
class FeatureCompatibilityTest {

    /** Level 2 is 3 s (the delayed-message test); every other level 1 s (retries use 3, 4, ...). */
    static final String SHORT_LEVELS = "1s 3s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static DefaultMQAdminExt admin;
    private static final List<Object> CLIENTS = new CopyOnWriteArrayList<>();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> overrides = Map.of("messageDelayLevel", SHORT_LEVELS);
        cluster = new RealCluster(dir).addBroker("broker-a", overrides).addBroker("broker-b", overrides);
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName(unique("admin"));
        admin.start();
        for (String topic : List.of("Retried", "Ordered", "Delayed", "Queried")) {
            for (String addr : cluster.brokerAddrs().values()) {
                admin.createAndUpdateTopicConfig(addr, new TopicConfig(topic, 4, 4, 6));
            }
        }
    }

    @AfterAll
    static void stop() {
        for (Object c : CLIENTS) {
            if (c instanceof DefaultMQPushConsumer p) {
                p.shutdown();
            } else if (c instanceof DefaultMQProducer p) {
                p.shutdown();
            }
        }
        admin.shutdown();
        cluster.close();
    }

    static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + UNIQUE.incrementAndGet();
    }

    private static DefaultMQProducer producer() throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(unique("PG"));
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName(unique("producer"));
        p.start();
        CLIENTS.add(p);
        return p;
    }

    private static DefaultMQPushConsumer consumer(String group, String topic) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName(unique("consumer"));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        CLIENTS.add(c);
        return c;
    }

    private static String body(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    @Compat(value = "push consumer: RECONSUME_LATER retries via %RETRY%, then %DLQ% after maxReconsumeTimes",
            kind = Compat.Kind.CLIENT)
    void aMessageTheConsumerKeepsFailingIsRetriedThenDeadLettered() throws Exception {
        String group = unique("CG");
        String key = unique("retry-key");
        for (String addr : cluster.brokerAddrs().values()) {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig("%RETRY%" + group, 1, 1, 6));
        }
        List<MessageExt> deliveries = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = consumer(group, "Retried");
        consumer.setMaxReconsumeTimes(2);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            deliveries.addAll(msgs);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.start();
        Message m = new Message("Retried", "TagR", key, "fail me".getBytes(StandardCharsets.UTF_8));
        SendResult sent = producer().send(m);
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() >= 3);
        assertThat(deliveries).extracting(MessageExt::getReconsumeTimes).startsWith(0, 1, 2);
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.getMsgId()).as("the unique key survives the retries").isEqualTo(sent.getMsgId());
            assertThat(d.getTopic()).as("the client restores the topic from RETRY_TOPIC").isEqualTo("Retried");
            assertThat(d.getKeys()).isEqualTo(key);
        });
        String dlq = "%DLQ%" + group;
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                !admin.queryMessage(dlq, key, 32, 0, Long.MAX_VALUE).getMessageList().isEmpty());
        MessageExt dead = admin.queryMessage(dlq, key, 32, 0, Long.MAX_VALUE).getMessageList().get(0);
        assertThat(body(dead)).isEqualTo("fail me");
        assertThat(dead.getReconsumeTimes()).isEqualTo(3);
        assertThat(dead.getProperty("RETRY_TOPIC")).isEqualTo("Retried");
        assertThat(deliveries).as("nothing after the DLQ").hasSize(3);
    }

    @Test
    @Compat(value = "orderly consumption: MessageQueueSelector + MessageListenerOrderly, per-key order, queue locks",
            kind = Compat.Kind.CLIENT)
    void orderlyConsumersKeepPerKeyOrderAndLockTheirQueues() throws Exception {
        String group = unique("CG");
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        for (int i = 0; i < 2; i++) {
            DefaultMQPushConsumer c = consumer(group, "Ordered");
            c.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
                for (MessageExt m : msgs) {
                    seen.computeIfAbsent(m.getKeys(), k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(body(m)));
                }
                return ConsumeOrderlyStatus.SUCCESS;
            });
            c.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> lockedQueues(group) == 8);
        DefaultMQProducer producer = producer();
        List<String> keys = List.of("alice", "bob", "carol", "dave", "erin");
        for (int seq = 0; seq < 20; seq++) {
            for (String k : keys) {
                Message m = new Message("Ordered", "TagO", k, Integer.toString(seq).getBytes(StandardCharsets.UTF_8));
                producer.send(m, (mqs, msg, arg) -> mqs.get(Math.floorMod(arg.hashCode(), mqs.size())), k);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int seq = 0; seq < 20; seq++) {
            expected.add(seq);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> keys.stream().allMatch(k -> seen.getOrDefault(k, List.of()).size() >= 20));
        for (String k : keys) {
            assertThat(seen.get(k)).as("order of key %s", k).containsExactlyElementsOf(expected);
        }
    }

    /** Queues of topic Ordered locked on the brokers, or -1 unless both consumers hold some. */
    private static int lockedQueues(String group) {
        int locked = 0;
        Set<String> holders = ConcurrentHashMap.newKeySet();
        for (String broker : cluster.brokerAddrs().keySet()) {
            Map<MessageQueue, String> locks = cluster.onBroker(broker, b -> b.locks().locksOf(group));
            for (Map.Entry<MessageQueue, String> e : locks.entrySet()) {
                if (e.getKey().topic().equals("Ordered")) {
                    locked++;
                    holders.add(e.getValue());
                }
            }
        }
        return holders.size() == 2 ? locked : -1;
    }

    @Test
    @Compat(value = "delayed message (setDelayTimeLevel) not delivered before its delay", kind = Compat.Kind.CLIENT)
    void aDelayedMessageIsNotDeliveredEarly() throws Exception {
        List<MessageExt> received = new CopyOnWriteArrayList<>();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = consumer(unique("CG"), "Delayed");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> receivedAt.put(body(m), System.currentTimeMillis()));
            received.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Message m = new Message("Delayed", "TagD", "later".getBytes(StandardCharsets.UTF_8));
        m.setDelayTimeLevel(2);
        long sentAt = System.currentTimeMillis();
        producer().send(m);
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        MessageExt delivered = received.get(0);
        assertThat(receivedAt.get("later") - sentAt).as("received no earlier than level 2 = 3 s").isGreaterThanOrEqualTo(3_000);
        assertThat(delivered.getStoreTimestamp() - delivered.getBornTimestamp()).isGreaterThanOrEqualTo(3_000);
        assertThat(delivered.getProperty("REAL_TOPIC")).isEqualTo("Delayed");
    }

    @Test
    @Compat(value = "admin viewMessage by offsetMsgId", kind = Compat.Kind.CLIENT)
    void aMessageIsFoundByItsOffsetMsgId() throws Exception {
        SendResult sent = producer().send(new Message("Queried", "TagQ", unique("view"), "by id".getBytes(StandardCharsets.UTF_8)));
        MessageExt viewed = admin.viewMessage(sent.getOffsetMsgId());
        assertThat(body(viewed)).isEqualTo("by id");
        assertThat(viewed.getTopic()).isEqualTo("Queried");
        assertThat(viewed.getQueueOffset()).isEqualTo(sent.getQueueOffset());
    }

    @Test
    @Compat(value = "admin queryMessage by key and viewMessage by unique key (_UNIQUE_KEY_QUERY)", kind = Compat.Kind.CLIENT)
    void messagesAreFoundByKeyAndByUniqueKey() throws Exception {
        String key = unique("order");
        DefaultMQProducer producer = producer();
        SendResult first = producer.send(new Message("Queried", "TagQ", key, "one".getBytes(StandardCharsets.UTF_8)));
        producer.send(new Message("Queried", "TagQ", key, "two".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                admin.queryMessage("Queried", key, 32, 0, Long.MAX_VALUE).getMessageList().size() == 2);
        assertThat(admin.queryMessage("Queried", key, 32, 0, Long.MAX_VALUE).getMessageList())
                .extracting(FeatureCompatibilityTest::body).containsExactlyInAnyOrder("one", "two");
        MessageExt byUniqueKey = admin.viewMessage("Queried", first.getMsgId());
        assertThat(body(byUniqueKey)).isEqualTo("one");
    }
}
