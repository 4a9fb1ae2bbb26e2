package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official RocketMQ 4.9.8 client against a Petrel NameServer and two Petrel brokers on the
 * real runtime: producers (sync, async, oneway, batch), push consumers (clustering, broadcasting,
 * tag filter), the lite pull consumer, and offsets across a consumer restart.
 */
@Tag("official-client")
class BrokerCompatibilityTest {

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static final List<Object> CLIENTS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir).addBroker("broker-a", Map.of()).addBroker("broker-b", Map.of());
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("compat-admin");
        admin.start();
        try {
            for (String topic : List.of("Compat", "Clustered", "Broadcast", "Tagged", "LitePull", "Resume")) {
                for (String addr : cluster.brokerAddrs().values()) {
                    admin.createAndUpdateTopicConfig(addr, new TopicConfig(topic, 4, 4, 6));
                }
            }
        } finally {
            admin.shutdown();
        }
    }

    @AfterAll
    static void stop() {
        for (Object c : CLIENTS) {
            if (c instanceof DefaultMQPushConsumer p) {
                p.shutdown();
            } else if (c instanceof DefaultMQProducer p) {
                p.shutdown();
            } else if (c instanceof DefaultLitePullConsumer p) {
                p.shutdown();
            }
        }
        cluster.close();
    }

    /** Differs per run: the official client keeps broadcasting offsets in local files keyed by these names. */
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    private static String unique(String prefix) {
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

    private static DefaultMQPushConsumer pushConsumer(String group, String topic, String tags, MessageModel model,
            List<MessageExt> into) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName(unique("consumer"));
        c.setMessageModel(model);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, tags);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            into.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        CLIENTS.add(c);
        return c;
    }

    private static Message message(String topic, String tags, String body) {
        Message m = new Message(topic, tags, body.getBytes(StandardCharsets.UTF_8));
        m.setKeys("key-" + body);
        m.putUserProperty("color", "blue");
        return m;
    }

    private static Set<String> bodies(List<MessageExt> messages) {
        Set<String> set = ConcurrentHashMap.newKeySet();
        messages.forEach(m -> set.add(new String(m.getBody(), StandardCharsets.UTF_8)));
        return set;
    }

    @Test
    @Compat(value = "producer: sync, async, oneway and batch sends; properties, keys and tags consumed intact", kind = Compat.Kind.CLIENT)
    void syncAsyncOnewayAndBatchSendsAreAllConsumedWithTheirPropertiesKeysAndTags() throws Exception {
        DefaultMQProducer producer = producer();
        List<String> expected = new ArrayList<>();
        Map<String, SendResult> syncResults = new ConcurrentHashMap<>();
        for (int i = 0; i < 10; i++) {
            SendResult r = producer.send(message("Compat", "TagA", "sync-" + i));
            assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            assertThat(r.getOffsetMsgId()).as("offsetMsgId: IPv4 store host + port + commit log offset").hasSize(32);
            syncResults.put("sync-" + i, r);
            expected.add("sync-" + i);
        }
        List<SendResult> asyncResults = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            producer.send(message("Compat", "TagA", "async-" + i), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    asyncResults.add(sendResult);
                }

                @Override
                public void onException(Throwable e) {
                    throw new AssertionError(e);
                }
            });
            expected.add("async-" + i);
        }
        for (int i = 0; i < 10; i++) {
            producer.sendOneway(message("Compat", "TagA", "oneway-" + i));
            expected.add("oneway-" + i);
        }
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(message("Compat", "TagA", "batch-" + i));
            expected.add("batch-" + i);
        }
        assertThat(producer.send(batch).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> asyncResults.size() == 10);

        List<MessageExt> received = new CopyOnWriteArrayList<>();
        pushConsumer(unique("CG"), "Compat", "*", MessageModel.CLUSTERING, received);
        await().atMost(Duration.ofSeconds(60)).until(() -> bodies(received).containsAll(expected));
        MessageExt any = received.stream().filter(m -> "sync-3".equals(new String(m.getBody(), StandardCharsets.UTF_8)))
                .findFirst().orElseThrow();
        assertThat(any.getTags()).isEqualTo("TagA");
        assertThat(any.getKeys()).isEqualTo("key-sync-3");
        assertThat(any.getUserProperty("color")).isEqualTo("blue");
        assertThat(any.getMsgId()).isEqualTo(syncResults.get("sync-3").getMsgId());
        assertThat(any.getQueueOffset()).isEqualTo(syncResults.get("sync-3").getQueueOffset());
        assertThat(any.getBornHostString()).isEqualTo("127.0.0.1");
    }

    @Test
    @Compat(value = "producer: VIP channel (listenPort - 2)", kind = Compat.Kind.CLIENT)
    void aProducerUsingTheVipChannelSends() throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(unique("PG"));
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(unique("vip"));
        producer.setVipChannelEnabled(true);
        producer.start();
        CLIENTS.add(producer);
        SendResult r = producer.send(message("Compat", "TagA", "vip-1"));
        assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
    }

    /** The queues of {@code topic} a push consumer's rebalance currently assigns it. */
    private static Set<String> owned(DefaultMQPushConsumer consumer, String topic) {
        Set<String> queues = ConcurrentHashMap.newKeySet();
        consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().forEach((mq, pq) -> {
            if (!pq.isDropped() && mq.getTopic().equals(topic)) {
                queues.add(mq.getBrokerName() + "/" + mq.getQueueId());
            }
        });
        return queues;
    }

    @Test
    @Compat(value = "push consumer: clustering, two members share the queues", kind = Compat.Kind.CLIENT)
    void twoClusteringConsumersShareTheQueuesAndTogetherGetEverything() throws Exception {
        String group = unique("CG");
        List<MessageExt> first = new CopyOnWriteArrayList<>();
        List<MessageExt> second = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer one = pushConsumer(group, "Clustered", "*", MessageModel.CLUSTERING, first);
        DefaultMQPushConsumer two = pushConsumer(group, "Clustered", "*", MessageModel.CLUSTERING, second);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Set<String> a = owned(one, "Clustered");
            Set<String> b = owned(two, "Clustered");
            Set<String> all = ConcurrentHashMap.newKeySet();
            all.addAll(a);
            all.addAll(b);
            return a.size() == 4 && b.size() == 4 && all.size() == 8;
        });
        DefaultMQProducer producer = producer();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            producer.send(message("Clustered", "TagA", "c-" + i));
            expected.add("c-" + i);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Set<String> all = bodies(first);
            all.addAll(bodies(second));
            return all.containsAll(expected);
        });
        Set<String> firstQueues = ConcurrentHashMap.newKeySet();
        first.forEach(m -> firstQueues.add(m.getBrokerName() + "/" + m.getQueueId()));
        Set<String> secondQueues = ConcurrentHashMap.newKeySet();
        second.forEach(m -> secondQueues.add(m.getBrokerName() + "/" + m.getQueueId()));
        assertThat(firstQueues).as("first consumer's queues").hasSize(4);
        assertThat(Collections.disjoint(firstQueues, secondQueues)).as("no queue consumed by both: %s %s",
                firstQueues, secondQueues).isTrue();
    }

    @Test
    @Compat(value = "push consumer: broadcasting", kind = Compat.Kind.CLIENT)
    void broadcastingDeliversEveryMessageToEveryMember() throws Exception {
        String group = unique("CG");
        List<MessageExt> first = new CopyOnWriteArrayList<>();
        List<MessageExt> second = new CopyOnWriteArrayList<>();
        pushConsumer(group, "Broadcast", "*", MessageModel.BROADCASTING, first);
        pushConsumer(group, "Broadcast", "*", MessageModel.BROADCASTING, second);
        DefaultMQProducer producer = producer();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            producer.send(message("Broadcast", "TagA", "b-" + i));
            expected.add("b-" + i);
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> bodies(first).containsAll(expected)
                    && bodies(second).containsAll(expected));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("first got " + new TreeSet<>(bodies(first)) + ", second got "
                    + new TreeSet<>(bodies(second)), e);
        }
    }

    @Test
    @Compat(value = "push consumer: tag filter", kind = Compat.Kind.CLIENT)
    void aTagFilterDeliversOnlyMatchingTags() throws Exception {
        DefaultMQProducer producer = producer();
        for (int i = 0; i < 10; i++) {
            producer.send(message("Tagged", i % 2 == 0 ? "TagA" : "TagB", "t-" + i));
        }
        List<MessageExt> received = new CopyOnWriteArrayList<>();
        pushConsumer(unique("CG"), "Tagged", "TagB", MessageModel.CLUSTERING, received);
        await().atMost(Duration.ofSeconds(60)).until(() -> bodies(received).size() == 5);
        assertThat(received).allSatisfy(m -> assertThat(m.getTags()).isEqualTo("TagB"));
    }

    @Test
    @Compat(value = "lite pull consumer", kind = Compat.Kind.CLIENT)
    void theLitePullConsumerPollsEverything() throws Exception {
        DefaultMQProducer producer = producer();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            producer.send(message("LitePull", "TagA", "l-" + i));
            expected.add("l-" + i);
        }
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(unique("CG"));
        consumer.setNamesrvAddr(cluster.namesrvAddr());
        consumer.setInstanceName(unique("lite"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe("LitePull", "*");
        consumer.start();
        CLIENTS.add(consumer);
        List<MessageExt> received = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            received.addAll(consumer.poll(1_000));
            return bodies(received).containsAll(expected);
        });
    }

    @Test
    @Compat(value = "push consumer: resumes from committed offsets after a consumer restart", kind = Compat.Kind.CLIENT)
    void aRestartedConsumerResumesFromItsCommittedOffsets() throws Exception {
        String group = unique("CG");
        DefaultMQProducer producer = producer();
        for (int i = 0; i < 20; i++) {
            producer.send(message("Resume", "TagA", "before-" + i));
        }
        List<MessageExt> firstRun = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = pushConsumer(group, "Resume", "*", MessageModel.CLUSTERING, firstRun);
        await().atMost(Duration.ofSeconds(60)).until(() -> bodies(firstRun).size() == 20);
        consumer.shutdown();
        CLIENTS.remove(consumer);
        for (int i = 0; i < 20; i++) {
            producer.send(message("Resume", "TagA", "after-" + i));
        }
        List<MessageExt> secondRun = new CopyOnWriteArrayList<>();
        pushConsumer(group, "Resume", "*", MessageModel.CLUSTERING, secondRun);
        await().atMost(Duration.ofSeconds(60)).until(() -> bodies(secondRun).size() >= 20);
        assertThat(bodies(secondRun)).allMatch(b -> b.startsWith("after-"));
    }
}
