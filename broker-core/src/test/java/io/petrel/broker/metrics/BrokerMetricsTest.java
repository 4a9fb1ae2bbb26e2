package io.petrel.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.metrics.Histogram;
import io.petrel.store.StoreStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerMetricsTest {

    private static final String NODE = "cluster=\"c1\",node_type=\"broker\",node_id=\"broker-a\"";

    private static final class FixedSources implements BrokerMetrics.Sources {
        final Histogram forces = new Histogram(new long[] {1, 10});
        long replicationLag = -1;

        @Override
        public int topicNumber() {
            return 7;
        }

        @Override
        public int consumerGroupNumber() {
            return 3;
        }

        @Override
        public int brokerPermission() {
            return 6;
        }

        @Override
        public void forEachLag(BrokerMetrics.LagSink sink) {
            sink.lag("Orders", "OrderReaders", 5);
            sink.lag("%RETRY%OrderReaders", "OrderReaders", 0);
        }

        @Override
        public StoreStats store() {
            return new StoreStats(0, 1_000, 900, 800, 50.0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public Histogram forceLatencyMs() {
            return forces;
        }

        @Override
        public long replicationLagBytes() {
            return replicationLag;
        }

        @Override
        public int connectedSlaves() {
            return 1;
        }

        @Override
        public Histogram replicaAckLatencyMs() {
            return forces;
        }
    }

    private static List<String> lines(BrokerMetrics metrics) {
        return List.of(metrics.render().split("\n"));
    }

    @Test
    void countsMessagesAndBytesInByTopicAndType() {
        BrokerMetrics metrics = new BrokerMetrics("c1", "broker-a", new FixedSources());
        metrics.onPut("Orders", MessageType.NORMAL, 1, 100);
        metrics.onPut("Orders", MessageType.NORMAL, 3, 30);
        metrics.onPut("Orders", MessageType.DELAY, 1, 7);
        String normal = NODE + ",topic=\"Orders\",message_type=\"normal\",is_system=\"false\"";
        assertThat(lines(metrics)).contains(
                "rocketmq_messages_in_total{" + normal + "} 4",
                "rocketmq_throughput_in_total{" + normal + "} 130",
                "rocketmq_messages_in_total{" + NODE + ",topic=\"Orders\",message_type=\"delay\",is_system=\"false\"} 1")
                .noneMatch(l -> l.contains("message_type=\"transaction\""));
    }

    @Test
    void countsMessagesOutByTopicAndGroupWithRocketMq5Labels() {
        BrokerMetrics metrics = new BrokerMetrics("c1", "broker-a", new FixedSources());
        metrics.onGet("OrderReaders", "Orders", 2, 20);
        metrics.onGet("OrderReaders", "Orders", 1, 10);
        metrics.onGet("CID_RMQ_SYS_TRANS", "%RETRY%OrderReaders", 1, 1);
        assertThat(lines(metrics)).contains(
                "rocketmq_messages_out_total{" + NODE + ",topic=\"Orders\",consumer_group=\"OrderReaders\","
                        + "is_retry=\"false\",is_system=\"false\"} 3",
                "rocketmq_throughput_out_total{" + NODE + ",topic=\"Orders\",consumer_group=\"OrderReaders\","
                        + "is_retry=\"false\",is_system=\"false\"} 30",
                "rocketmq_messages_out_total{" + NODE + ",topic=\"%RETRY%OrderReaders\",consumer_group=\"CID_RMQ_SYS_TRANS\","
                        + "is_retry=\"true\",is_system=\"true\"} 1");
    }

    @Test
    void rendersGaugesFromTheBrokersParts() {
        FixedSources sources = new FixedSources();
        sources.forces.record(4);
        BrokerMetrics metrics = new BrokerMetrics("c1", "broker-a", sources);
        assertThat(lines(metrics)).contains(
                "rocketmq_consumer_lag_messages{" + NODE + ",topic=\"Orders\",consumer_group=\"OrderReaders\","
                        + "is_retry=\"false\",is_system=\"false\"} 5",
                "rocketmq_topic_number{" + NODE + "} 7",
                "rocketmq_consumer_group_number{" + NODE + "} 3",
                "rocketmq_broker_permission{" + NODE + "} 6",
                "rocketmq_storage_flush_behind_bytes{" + NODE + "} 100",
                "rocketmq_storage_dispatch_behind_bytes{" + NODE + "} 200",
                "petrel_disk_usage_ratio{" + NODE + "} 0.5",
                "petrel_flush_latency_bucket{" + NODE + ",le=\"10\"} 1",
                "petrel_flush_latency_count{" + NODE + "} 1")
                .noneMatch(l -> l.startsWith("petrel_replication_"));
        sources.replicationLag = 42;
        assertThat(lines(metrics)).contains("petrel_replication_lag_bytes{" + NODE + "} 42",
                "petrel_replication_latency_count{" + NODE + "} 1",
                "petrel_replication_slaves{" + NODE + "} 1");
    }

    @Test
    void aDeletedTopicStartsAgainFromZero() {
        BrokerMetrics metrics = new BrokerMetrics("c1", "broker-a", new FixedSources());
        metrics.onPut("Orders", MessageType.NORMAL, 5, 5);
        metrics.removeTopic("Orders");
        metrics.onPut("Orders", MessageType.NORMAL, 1, 1);
        assertThat(lines(metrics)).contains("rocketmq_messages_in_total{" + NODE
                + ",topic=\"Orders\",message_type=\"normal\",is_system=\"false\"} 1");
    }
}
