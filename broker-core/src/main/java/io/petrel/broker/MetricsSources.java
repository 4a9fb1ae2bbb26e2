package io.petrel.broker;

import io.petrel.broker.metrics.BrokerMetrics;
import io.petrel.metrics.Histogram;
import io.petrel.store.StoreStats;
import java.util.Map;

/**
 * What a broker's Prometheus gauges read from its parts when a scrape renders them. Consumer lag
 * is RocketMQ's: per topic and group with committed offsets, the sum over the queues of the queue's
 * end minus the committed offset (never below zero). Runs on the broker's loop.
 */
final class MetricsSources implements BrokerMetrics.Sources {

    private final Broker broker;

    MetricsSources(Broker broker) {
        this.broker = broker;
    }

    @Override
    public int topicNumber() {
        return broker.topics().topics().size();
    }

    @Override
    public int consumerGroupNumber() {
        return broker.groups().groups().size();
    }

    @Override
    public int brokerPermission() {
        return broker.settings().brokerPermission();
    }

    @Override
    public void forEachLag(BrokerMetrics.LagSink sink) {
        for (Map.Entry<String, ? extends Map<Integer, Long>> e : broker.offsets().tables().entrySet()) {
            int at = e.getKey().lastIndexOf('@');
            if (at <= 0) {
                continue;
            }
            String topic = e.getKey().substring(0, at);
            long lag = 0;
            for (Map.Entry<Integer, Long> queue : e.getValue().entrySet()) {
                long end = broker.store().getMaxOffsetInQueue(topic, queue.getKey());
                lag += Math.max(0, end - queue.getValue());
            }
            sink.lag(topic, e.getKey().substring(at + 1), lag);
        }
    }

    @Override
    public StoreStats store() {
        return broker.store().stats();
    }

    @Override
    public Histogram forceLatencyMs() {
        return broker.store().commitLogForceLatencyMs();
    }

    @Override
    public int connectedSlaves() {
        return broker.haStreamingSlaves();
    }

    @Override
    public Histogram replicaAckLatencyMs() {
        return broker.store().replicaAckLatencyMs();
    }

    @Override
    public long replicationLagBytes() {
        return broker.replicationLagBytes();
    }
}
