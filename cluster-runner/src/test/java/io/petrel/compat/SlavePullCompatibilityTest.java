package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 push consumer while its master is down and only the slave is in the route: the
 * consumer pulls from the slave, which holds nothing yet (replication is issue 16). The slave must
 * answer as RocketMQ's slave does (PULL_RETRY_IMMEDIATELY pointing at the master, never
 * PULL_OFFSET_MOVED, offsets uncorrected), so that when the master returns the group goes on from
 * where it was: no message it had consumed is delivered again, no committed offset goes back.
 *
 * <p>The slave starts with its master's topics.json, as RocketMQ's slave has its master's topics
 * (it copies them every few seconds); Petrel's replication will copy them the same way.
 */
@Tag("official-client")
class SlavePullCompatibilityTest {

    private static final String TOPIC = "SlaveRead";
    private static final String GROUP = "SlaveReadGroup";
    private static final int QUEUES = 4;
    private static final int BEFORE = 40;
    private static final int AFTER = 10;

    @TempDir
    Path dir;

    private RealCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    /** Pull requests of the topic the consumer sent to the slave, by queue id. */
    private final Map<Integer, AtomicInteger> slavePulls = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Compat(value = "push consumer: a master outage with only its slave in the route loses no offset", kind = Compat.Kind.CLIENT)
    void aConsumerPullingFromTheSlaveWhileTheMasterIsDownNeitherRereadsNorLosesItsOffsets() throws Exception {
        startMasterAndSlave();
        producer = new DefaultMQProducer("SlaveReadProducers");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("slave-read-producer");
        producer.start();
        send("before-", BEFORE);
        consumer = pushConsumer();
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered("before-") == BEFORE);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOnMaster().equals(maxOffsetsOnMaster()));
        Map<Integer, Long> committed = committedOnMaster();

        cluster.stopBroker("broker-a");
        Map<Integer, Long> inMemory = consumerOffsets();
        // Every queue has had the slave's answer: it pulled the slave again, or the answer made it drop the queue.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (int q = 0; q < QUEUES; q++) {
                int pulls = slavePulls.getOrDefault(q, new AtomicInteger()).get();
                if (pulls == 0 || pulls == 1 && !dropped(q)) {
                    return false;
                }
            }
            return true;
        });
        Map<Integer, Long> duringOutage = consumerOffsets();

        cluster.startBroker("broker-a");
        send("after-", AFTER);
        await().atMost(Duration.ofSeconds(90)).until(() -> delivered("after-") == AFTER);
        assertThat(redelivered()).as("messages consumed before the outage and delivered again").isEmpty();
        assertThat(duringOutage).as("the consumer's offsets while only the slave served").isEqualTo(inMemory);
        Map<Integer, Long> committedAfter = committedOnMaster();
        for (int q = 0; q < QUEUES; q++) {
            assertThat(committedAfter.getOrDefault(q, -1L)).as("queue %d's committed offset", q)
                    .isGreaterThanOrEqualTo(committed.get(q));
        }
    }

    private void startMasterAndSlave() throws Exception {
        cluster = new RealCluster(dir).addBroker("broker-a", Map.of());
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("slave-read-admin");
        admin.start();
        try {
            admin.createAndUpdateTopicConfig(cluster.brokerAddr("broker-a"), new TopicConfig(TOPIC, QUEUES, QUEUES, 6));
        } finally {
            admin.shutdown();
        }
        Path topics = cluster.storeDir("broker-a").resolve("config/topics.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(topics)
                && Files.readString(topics, StandardCharsets.UTF_8).contains(TOPIC));
        Path slaveConfig = Files.createDirectories(cluster.storeDir("broker-a-s").resolve("config"));
        Files.copy(topics, slaveConfig.resolve("topics.json"));
        cluster.addBroker("broker-a-s", Map.of("brokerName", "broker-a", "brokerId", "1", "brokerRole", "SLAVE"));
    }

    private DefaultMQPushConsumer pushConsumer() throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(GROUP, new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                if (request.getCode() == RequestCode.PULL_MESSAGE && remoteAddr.equals(cluster.brokerAddr("broker-a-s"))
                        && request.readCustomHeader() instanceof PullMessageRequestHeader h && TOPIC.equals(h.getTopic())) {
                    slavePulls.computeIfAbsent(h.getQueueId(), q -> new AtomicInteger()).incrementAndGet();
                }
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            }
        }, new AllocateMessageQueueAveragely());
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName("slave-read-consumer");
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        // Sees the master leave and return within a second, and tells the returned master its subscription soon.
        c.setPollNameServerInterval(1_000);
        c.setHeartbeatBrokerInterval(1_000);
        c.setPersistConsumerOffsetInterval(1_000);
        c.subscribe(TOPIC, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                    k -> new AtomicInteger()).incrementAndGet());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    private void send(String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Message m = new Message(TOPIC, "T", (prefix + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    private long delivered(String prefix) {
        return deliveries.keySet().stream().filter(b -> b.startsWith(prefix)).count();
    }

    private Map<String, Integer> redelivered() {
        Map<String, Integer> again = new TreeMap<>();
        deliveries.forEach((body, n) -> {
            if (n.get() > 1) {
                again.put(body, n.get());
            }
        });
        return again;
    }

    private Map<Integer, Long> committedOnMaster() {
        return cluster.onBroker("broker-a", b -> new TreeMap<>(b.offsets().offsets(GROUP, TOPIC)));
    }

    private Map<Integer, Long> maxOffsetsOnMaster() {
        return cluster.onBroker("broker-a", b -> {
            Map<Integer, Long> max = new TreeMap<>();
            for (int q = 0; q < QUEUES; q++) {
                max.put(q, b.store().getMaxOffsetInQueue(TOPIC, q));
            }
            return max;
        });
    }

    /** Whether the consumer dropped its process queue of {@code queueId} (as PULL_OFFSET_MOVED makes it do). */
    private boolean dropped(int queueId) {
        return consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().entrySet().stream()
                .filter(e -> e.getKey().getTopic().equals(TOPIC) && e.getKey().getQueueId() == queueId)
                .allMatch(e -> e.getValue().isDropped());
    }

    /** The offsets the official consumer holds in memory for the topic's queues. */
    private Map<Integer, Long> consumerOffsets() {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (int q = 0; q < QUEUES; q++) {
            offsets.put(q, consumer.getDefaultMQPushConsumerImpl().getOffsetStore()
                    .readOffset(new MessageQueue(TOPIC, "broker-a", q), ReadOffsetType.READ_FROM_MEMORY));
        }
        return offsets;
    }
}
