package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.admin.ConsumeStats;
import org.apache.rocketmq.common.admin.OffsetWrapper;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer progress with the official client and admin API: examineConsumeStats shows diff 0 once
 * a push consumer has drained its topic, and the committed offsets survive a restart of both
 * brokers, so a new consumer of the group gets only what was sent afterwards. Its own cluster,
 * because it restarts brokers.
 */
@Tag("official-client")
class ConsumerProgressCompatibilityTest {

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir).addBroker("broker-a", Map.of()).addBroker("broker-b", Map.of());
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName(FeatureCompatibilityTest.unique("progress-admin"));
        admin.start();
        for (String addr : cluster.brokerAddrs().values()) {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig("Drained", 2, 2, 6));
        }
        producer = new DefaultMQProducer(FeatureCompatibilityTest.unique("PG"));
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName(FeatureCompatibilityTest.unique("progress-producer"));
        producer.start();
    }

    @AfterAll
    static void stop() {
        producer.shutdown();
        admin.shutdown();
        cluster.close();
    }

    private static DefaultMQPushConsumer consume(String group, List<String> into) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(cluster.namesrvAddr());
        c.setInstanceName(FeatureCompatibilityTest.unique("progress-consumer"));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe("Drained", "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                into.add(new String(m.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    private static Map<MessageQueue, Long> consumerOffsets(ConsumeStats stats) {
        Map<MessageQueue, Long> offsets = new TreeMap<>();
        for (Map.Entry<MessageQueue, OffsetWrapper> e : stats.getOffsetTable().entrySet()) {
            if (e.getKey().getTopic().equals("Drained")) {
                offsets.put(e.getKey(), e.getValue().getConsumerOffset());
            }
        }
        return offsets;
    }

    @Test
    @Compat(value = "admin examineConsumeStats: broker and consumer offsets, diff 0 after draining", kind = Compat.Kind.CLIENT)
    @Compat(value = "consumer offsets persisted by the broker across a broker restart", kind = Compat.Kind.CLIENT)
    void drainedOffsetsShowDiffZeroAndSurviveABrokerRestart() throws Exception {
        String group = FeatureCompatibilityTest.unique("CG");
        for (int i = 0; i < 40; i++) {
            producer.send(new Message("Drained", "TagA", ("before-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> first = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = consume(group, first);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.size() >= 40);
        // A queue whose first commit has not reached the broker yet is left out of the stats (and of
        // the diff), so wait for all four as well as for the diff.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            ConsumeStats stats = admin.examineConsumeStats(group);
            return stats.computeTotalDiff() == 0 && consumerOffsets(stats).size() == 4;
        });
        ConsumeStats drained = admin.examineConsumeStats(group);
        Map<MessageQueue, Long> offsets = consumerOffsets(drained);
        assertThat(offsets).hasSize(4);
        assertThat(offsets.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);
        assertThat(drained.getOffsetTable().entrySet().stream().filter(e -> e.getKey().getTopic().equals("Drained"))
                .map(Map.Entry::getValue).toList()).allSatisfy(w -> {
            assertThat(w.getConsumerOffset()).isEqualTo(w.getBrokerOffset());
            assertThat(w.getLastTimestamp()).as("store time of the last consumed message").isPositive();
        });
        consumer.shutdown();

        cluster.restartBroker("broker-a");
        cluster.restartBroker("broker-b");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> consumerOffsets(admin.examineConsumeStats(group))
                .equals(offsets));
        assertThat(admin.examineConsumeStats(group).computeTotalDiff()).isZero();

        List<String> second = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer again = consume(group, second);
        try {
            for (int i = 0; i < 5; i++) {
                producer.send(new Message("Drained", "TagA", ("after-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> second.size() >= 5);
            assertThat(second).allMatch(b -> b.startsWith("after-"));
        } finally {
            again.shutdown();
        }
    }
}
