package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.petrel.client.AllocateMessageQueueAveragely;
import io.petrel.client.ClientConfig;
import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.LitePullConfig;
import io.petrel.client.ProducerConfig;
import io.petrel.client.SendStatus;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.MessageQueue;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.ConcurrentListener;
import io.petrel.real.client.LitePullHandle;
import io.petrel.real.client.PetrelClient;
import io.petrel.real.client.PushConsumerHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Petrel's clients and the official RocketMQ 4.9.8 client on the same topics and groups against
 * two Petrel masters on 127.0.0.1: messages cross in both directions with tags, keys, properties
 * and compressed bodies intact, and a group with members of both kinds divides its queues by the
 * same allocation rule.
 */
@Tag("official-client")
class ClientInteropTest {

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static final List<AutoCloseable> CLOSE = new CopyOnWriteArrayList<>();
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir).addBroker("broker-a", Map.of()).addBroker("broker-b", Map.of());
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("interop-admin");
        admin.start();
        try {
            for (String topic : List.of("ToOfficial", "FromOfficial", "Mixed", "LiteFromOfficial")) {
                for (String addr : cluster.brokerAddrs().values()) {
                    admin.createAndUpdateTopicConfig(addr, new TopicConfig(topic, 4, 4, 6));
                }
            }
        } finally {
            admin.shutdown();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : CLOSE) {
            c.close();
        }
        cluster.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + UNIQUE.incrementAndGet();
    }

    private static PetrelClient petrel() {
        PetrelClient client = PetrelClient.start(ClientConfig.of(cluster.namesrvAddr(), "127.0.0.1", unique("petrel")),
                dir.resolve("offsets"));
        CLOSE.add(client);
        return client;
    }

    private static DefaultMQProducer officialProducer() throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(unique("PG"));
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName(unique("official"));
        p.start();
        CLOSE.add(p::shutdown);
        return p;
    }

    private static DefaultMQPushConsumer officialConsumer(String group, String topic, List<MessageExt> into) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName(unique("official"));
        c.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            into.addAll(msgs);
            return org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        CLOSE.add(c::shutdown);
        return c;
    }

    private static PushConsumerHandle petrelConsumer(PetrelClient client, String group, String topic,
            List<io.petrel.client.MessageExt> into) {
        return client.pushConsumer(ConsumerConfig.builder(group).consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                .build(), c -> c.subscribe(topic, "*")).registerMessageListener((ConcurrentListener) (msgs, ctx) -> {
                    into.addAll(msgs);
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                }).start();
    }

    private static String body(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void petrelProducerToOfficialConsumer() throws Exception {
        List<MessageExt> got = new CopyOnWriteArrayList<>();
        officialConsumer(unique("CG"), "ToOfficial", got);
        BlockingProducer producer = petrel().producer(ProducerConfig.of(unique("PG")));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            io.petrel.client.Message m = new io.petrel.client.Message("ToOfficial", ("p-" + i).getBytes(StandardCharsets.UTF_8));
            m.setTags("TagP");
            m.setKeys("key-" + i);
            m.putUserProperty("color", "green");
            assertThat(producer.send(m).sendStatus()).isEqualTo(SendStatus.SEND_OK);
            expected.add("p-" + i);
        }
        String big = "z".repeat(10_000);
        producer.send(new io.petrel.client.Message("ToOfficial", big.getBytes(StandardCharsets.UTF_8)));
        expected.add(big);
        await().atMost(Duration.ofSeconds(60)).until(() -> got.stream().map(m -> body(m.getBody())).toList()
                .containsAll(expected));
        MessageExt first = got.stream().filter(m -> body(m.getBody()).equals("p-7")).findFirst().orElseThrow();
        assertThat(first.getTags()).isEqualTo("TagP");
        assertThat(first.getKeys()).isEqualTo("key-7");
        assertThat(first.getUserProperty("color")).isEqualTo("green");
        assertThat(first.getMsgId()).hasSize(32);
    }

    @Test
    void officialProducerToPetrelConsumer() throws Exception {
        List<io.petrel.client.MessageExt> got = new CopyOnWriteArrayList<>();
        petrelConsumer(petrel(), unique("CG"), "FromOfficial", got);
        DefaultMQProducer producer = officialProducer();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Message m = new Message("FromOfficial", "TagO", "key-" + i, ("o-" + i).getBytes(StandardCharsets.UTF_8));
            m.putUserProperty("color", "red");
            producer.send(m);
            expected.add("o-" + i);
        }
        String big = "y".repeat(10_000);
        producer.send(new Message("FromOfficial", big.getBytes(StandardCharsets.UTF_8)));
        expected.add(big);
        await().atMost(Duration.ofSeconds(60)).until(() -> got.stream().map(m -> body(m.getBody())).toList()
                .containsAll(expected));
        io.petrel.client.MessageExt first = got.stream().filter(m -> body(m.getBody()).equals("o-3")).findFirst().orElseThrow();
        assertThat(first.getTags()).isEqualTo("TagO");
        assertThat(first.getKeys()).isEqualTo("key-3");
        assertThat(first.getUserProperty("color")).isEqualTo("red");
    }

    @Test
    void mixedMembersOfOneGroupDivideTheQueuesByTheSameRule() throws Exception {
        String group = unique("MG");
        List<MessageExt> officialGot = new CopyOnWriteArrayList<>();
        List<io.petrel.client.MessageExt> petrelGot = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer official = officialConsumer(group, "Mixed", officialGot);
        PetrelClient client = petrel();
        PushConsumerHandle mine = petrelConsumer(client, group, "Mixed", petrelGot);
        List<MessageQueue> all = new ArrayList<>();
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int q = 0; q < 4; q++) {
                all.add(new MessageQueue("Mixed", broker, q));
            }
        }
        String officialId = official.getDefaultMQPushConsumerImpl().getmQClientFactory().getClientId();
        List<String> cids = new ArrayList<>(new TreeSet<>(List.of(officialId, client.clientId())));
        Set<MessageQueue> expectOfficial = new TreeSet<>(AllocateMessageQueueAveragely.allocate(officialId, all, cids));
        Set<MessageQueue> expectPetrel = new TreeSet<>(AllocateMessageQueueAveragely.allocate(client.clientId(), all, cids));
        await().atMost(Duration.ofSeconds(90)).until(() -> officialOwned(official).equals(expectOfficial)
                && mine.ownedQueues().stream().filter(q -> q.topic().equals("Mixed")).toList().equals(new ArrayList<>(expectPetrel)));
        DefaultMQProducer producer = officialProducer();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            producer.send(new Message("Mixed", ("x-" + i).getBytes(StandardCharsets.UTF_8)));
            expected.add("x-" + i);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> bodies = new ArrayList<>(officialGot.stream().map(m -> body(m.getBody())).toList());
            petrelGot.forEach(m -> bodies.add(body(m.getBody())));
            return bodies.containsAll(expected);
        });
        officialGot.forEach(m -> assertThat(expectOfficial).contains(new MessageQueue("Mixed", m.getBrokerName(), m.getQueueId())));
        petrelGot.forEach(m -> assertThat(expectPetrel).contains(new MessageQueue("Mixed", m.getBrokerName(), m.getQueueId())));
        assertThat(officialGot).isNotEmpty();
        assertThat(petrelGot).isNotEmpty();
    }

    private static Set<MessageQueue> officialOwned(DefaultMQPushConsumer consumer) {
        Set<MessageQueue> owned = new TreeSet<>();
        consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().forEach((mq, pq) -> {
            if (!pq.isDropped() && mq.getTopic().equals("Mixed")) {
                owned.add(new MessageQueue(mq.getTopic(), mq.getBrokerName(), mq.getQueueId()));
            }
        });
        return owned;
    }

    @Test
    void petrelLitePullReadsWhatTheOfficialProducerSentAndCommits() throws Exception {
        DefaultMQProducer producer = officialProducer();
        for (int i = 0; i < 40; i++) {
            producer.send(new Message("LiteFromOfficial", ("l-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        LitePullHandle lite = petrel().litePullConsumer(LitePullConfig.of(unique("LG")).withAutoCommit(false)
                .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET), c -> c.subscribe("LiteFromOfficial", "*"))
                .start();
        Set<String> got = ConcurrentHashMap.newKeySet();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            lite.poll(500).forEach(m -> got.add(body(m.getBody())));
            return got.size() == 40;
        });
        lite.commitSync();
        long committed = 0;
        for (MessageQueue mq : lite.assignment()) {
            committed += lite.committed(mq);
        }
        assertThat(committed).isEqualTo(40);
        assertThatThrownBy(() -> lite.seek(new MessageQueue("LiteFromOfficial", "broker-a", 0), 10_000))
                .hasMessageContaining("Seek offset illegal");
    }

    @Test
    void closingTheFacadeStopsEveryThreadItStarted() throws Exception {
        Set<String> before = threadNames();
        PetrelClient client = PetrelClient.start(ClientConfig.of(cluster.namesrvAddr(), "127.0.0.1", unique("leak")),
                dir.resolve("offsets"));
        BlockingProducer producer = client.producer(ProducerConfig.of(unique("PG")));
        List<io.petrel.client.MessageExt> got = new CopyOnWriteArrayList<>();
        petrelConsumer(client, unique("CG"), "FromOfficial", got);
        producer.send(new io.petrel.client.Message("FromOfficial", "leak".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(60)).until(() -> got.stream().anyMatch(m -> body(m.getBody()).equals("leak")));
        client.close();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(threadNames()).as("threads left behind")
                .allMatch(before::contains));
        assertThatThrownBy(() -> client.producer(ProducerConfig.of(unique("PG")))).hasMessageContaining("is closed");
    }

    private static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("petrel-client") || t.getName().startsWith("ConsumeMessageThread_")
                        || t.getName().startsWith("PetrelCallback_") || t.getName().startsWith("petrel-io"))
                .forEach(t -> names.add(t.getName()));
        return names;
    }
}
