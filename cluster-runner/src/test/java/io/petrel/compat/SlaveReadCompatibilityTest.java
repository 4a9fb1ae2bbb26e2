package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.common.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which broker the official 4.9.8 push consumer reads from, as the runbook's {@code updateSubGroup}
 * options decide it with {@code slaveReadEnable=true}: {@code -i 1} (the group's brokerId) makes a
 * group read from the slave; {@code -w 1} (whichBrokerWhenConsumeSlowly) sends a group whose backlog
 * is beyond {@code accessMessageInMemoryMaxRatio}% of memory to the slave. Either way every message is
 * consumed once, and the group's offsets are committed to the master.
 */
@Tag("official-client")
class SlaveReadCompatibilityTest {

    private static final String TOPIC = "ReadFromSlave";
    private static final int QUEUES = 2;
    private static final int MESSAGES = 40;

    @TempDir
    Path dir;

    private RealCluster cluster;
    private DefaultMQProducer producer;
    private DefaultMQPushConsumer consumer;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final AtomicInteger slavePulls = new AtomicInteger();

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
    @Compat(value = "updateSubGroup -i 1: a group reads from the slave (slaveReadEnable=true)", kind = Compat.Kind.CLIENT)
    void aGroupWhoseBrokerIdIsTheSlaveReadsFromTheSlave() throws Exception {
        String group = "ReadsFromSlave";
        start(Map.of(), group, 1, 1);
        consumer = pushConsumer(group);
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() == MESSAGES);
        // The first pull of each queue goes to the master, whose answer sends the consumer to the slave.
        send("n-");
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() == 2 * MESSAGES);
        assertThat(servedBySlave()).as("messages the slave served (of %d pulls)", slavePulls.get()).isPositive();
        assertEveryMessageOnceAndOffsetsOnTheMaster(group, 2 * MESSAGES);
    }

    @Test
    @Compat(value = "updateSubGroup -w 1: a group with a backlog beyond accessMessageInMemoryMaxRatio reads from the slave",
            kind = Compat.Kind.CLIENT)
    void aGroupBehindBeyondTheMemoryRatioIsSentToTheSlave() throws Exception {
        String group = "BehindGoesToSlave";
        // With a ratio of 0 % any backlog counts as "on disk", so the first pulls are redirected.
        start(Map.of("accessMessageInMemoryMaxRatio", "0"), group, 0, 1);
        consumer = pushConsumer(group);
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() == MESSAGES);
        assertThat(slavePulls.get()).as("pulls the consumer sent to the slave").isPositive();
        assertThat(servedBySlave()).as("messages the slave served").isPositive();
        assertEveryMessageOnceAndOffsetsOnTheMaster(group, MESSAGES);
    }

    /** A master and its slave (both slaveReadEnable=true), the topic and group on both, MESSAGES sent. */
    private void start(Map<String, String> masterOverrides, String group, long brokerId, long whenSlowly)
            throws Exception {
        Map<String, String> master = new TreeMap<>(masterOverrides);
        master.put("slaveReadEnable", "true");
        cluster = new RealCluster(dir).addBroker("broker-a", master);
        cluster.addBroker("broker-a-s", Map.of("brokerName", "broker-a", "brokerId", "1", "brokerRole", "SLAVE",
                "slaveReadEnable", "true"));
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("slave-read-admin-" + group);
        admin.start();
        try {
            admin.createAndUpdateTopicConfig(cluster.brokerAddr("broker-a"), new TopicConfig(TOPIC, QUEUES, QUEUES, 6));
            SubscriptionGroupConfig config = new SubscriptionGroupConfig();
            config.setGroupName(group);
            config.setBrokerId(brokerId);
            config.setWhichBrokerWhenConsumeSlowly(whenSlowly);
            admin.createAndUpdateSubscriptionGroupConfig(cluster.brokerAddr("broker-a"), config);
        } finally {
            admin.shutdown();
        }
        producer = new DefaultMQProducer("SlaveReadProducers");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("slave-read-producer-" + group);
        producer.start();
        send("m-");
        // The slave copies topics and groups every 10 s, and the log as it is written.
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.onBroker("broker-a-s", b -> b.topics().get(TOPIC) != null
                && b.groups().get(group) != null && b.groups().get(group).brokerId() == brokerId
                && b.store().getMaxPhyOffset() == cluster.onBroker("broker-a", m -> m.store().getMaxPhyOffset())));
    }

    /** Messages the slave returned to pulls (its brokerStatus msgGetTotalTodayNow). */
    private long servedBySlave() {
        return cluster.onBroker("broker-a-s", b -> b.stats().totals().getMessages());
    }

    private void send(String prefix) throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            Message m = new Message(TOPIC, "T", (prefix + i).getBytes(StandardCharsets.UTF_8));
            assertThat(producer.send(m).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    private void assertEveryMessageOnceAndOffsetsOnTheMaster(String group, long total) {
        assertThat(deliveries.values()).as("deliveries per message").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.onBroker("broker-a", b -> {
            long committed = 0;
            for (int q = 0; q < QUEUES; q++) {
                committed += Math.max(0, b.offsets().query(group, TOPIC, q));
            }
            return committed == total;
        }));
    }

    private DefaultMQPushConsumer pushConsumer(String group) throws Exception {
        String slave = cluster.brokerAddr("broker-a-s");
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group, new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                if (request.getCode() == RequestCode.PULL_MESSAGE && remoteAddr.equals(slave)
                        && request.readCustomHeader() instanceof PullMessageRequestHeader h && TOPIC.equals(h.getTopic())) {
                    slavePulls.incrementAndGet();
                }
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            }
        }, new AllocateMessageQueueAveragely());
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName("slave-read-consumer-" + group);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
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
}
