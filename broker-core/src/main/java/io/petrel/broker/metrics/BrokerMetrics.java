package io.petrel.broker.metrics;

import io.petrel.metrics.Histogram;
import io.petrel.metrics.Labels;
import io.petrel.metrics.PromText;
import io.petrel.remoting.RequestMetrics;
import io.petrel.store.StoreStats;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker's Prometheus metrics. The send path calls {@link #onPut} and the pull path
 * {@link #onGet}: one lookup of the topic's {@link TopicCell} by the topic name the request
 * carries (and of the group's cell in it), then additions; no string is built and nothing is
 * allocated once a topic and group have been counted. Gauges are read from {@link Sources} when a
 * scrape renders them. Every series carries RocketMQ 5.x's node labels: {@code cluster},
 * {@code node_type="broker"}, {@code node_id} (the brokerName, as 5.x). Single-threaded on the
 * broker's loop.
 */
public final class BrokerMetrics {

    /** What the gauges read, at the moment of a scrape. */
    public interface Sources {
        int topicNumber();

        int consumerGroupNumber();

        int brokerPermission();

        /** Tells {@code sink} every (topic, group) with committed offsets and its lag in messages. */
        void forEachLag(LagSink sink);

        StoreStats store();

        Histogram forceLatencyMs();

        /** On a master, how many bytes its slaves are behind; -1 on a slave. */
        long replicationLagBytes();

        /** On a master, the slaves streaming from it. */
        int connectedSlaves();

        /** How long SYNC_MASTER puts waited for a slave's acknowledgement (ms). */
        Histogram replicaAckLatencyMs();
    }

    /** Receives one consumer group's lag on one topic. */
    @FunctionalInterface
    public interface LagSink {
        void lag(String topic, String group, long messages);
    }

    private final Labels node;
    private final Sources sources;
    private final RequestMetrics requests = new RequestMetrics();
    private final Map<String, TopicCell> topics = new HashMap<>();

    public BrokerMetrics(String clusterName, String brokerName, Sources sources) {
        this.node = Labels.NONE.with("cluster", clusterName).with("node_type", "broker").with("node_id", brokerName);
        this.sources = sources;
    }

    /** What the broker's dispatcher tells of every reply. */
    public RequestMetrics requests() {
        return requests;
    }

    /** Messages a send stored (counted once the put succeeded). */
    public void onPut(String topic, MessageType type, int messages, long bytes) {
        TopicCell cell = cell(topic);
        cell.messagesIn[type.ordinal()] += messages;
        cell.bytesIn[type.ordinal()] += bytes;
    }

    /** Messages a pull handed to a consumer group. */
    public void onGet(String group, String topic, int messages, long bytes) {
        TopicCell.GroupCell cell = cell(topic).group(group);
        cell.messages += messages;
        cell.bytes += bytes;
    }

    /** A deleted topic's counters go, so a topic created again starts from zero. */
    public void removeTopic(String topic) {
        topics.remove(topic);
    }

    private TopicCell cell(String topic) {
        TopicCell cell = topics.get(topic);
        if (cell == null) {
            cell = new TopicCell(topic);
            topics.put(topic, cell);
        }
        return cell;
    }

    /** The exposition text of this moment. */
    public String render() {
        PromText out = new PromText();
        TreeMap<String, TopicCell> sorted = new TreeMap<>(topics);
        renderIn(out, sorted);
        renderOut(out, sorted);
        renderLag(out);
        renderBroker(out);
        renderStore(out);
        requests.render(out, node);
        return out.text();
    }

    private void renderIn(PromText out, TreeMap<String, TopicCell> sorted) {
        out.family("rocketmq_messages_in_total", "counter", "Messages stored by sends");
        for (TopicCell cell : sorted.values()) {
            for (MessageType type : MessageType.values()) {
                if (cell.messagesIn[type.ordinal()] > 0) {
                    out.counter("rocketmq_messages_in_total", "", node.and(cell.inLabels[type.ordinal()]),
                            cell.messagesIn[type.ordinal()]);
                }
            }
        }
        out.family("rocketmq_throughput_in_total", "counter", "Body bytes of the messages stored by sends");
        for (TopicCell cell : sorted.values()) {
            for (MessageType type : MessageType.values()) {
                if (cell.messagesIn[type.ordinal()] > 0) {
                    out.counter("rocketmq_throughput_in_total", "", node.and(cell.inLabels[type.ordinal()]),
                            cell.bytesIn[type.ordinal()]);
                }
            }
        }
    }

    private void renderOut(PromText out, TreeMap<String, TopicCell> sorted) {
        out.family("rocketmq_messages_out_total", "counter", "Messages handed to consumers by pulls");
        for (TopicCell cell : sorted.values()) {
            for (TopicCell.GroupCell group : new TreeMap<>(cell.groups).values()) {
                out.counter("rocketmq_messages_out_total", "", node.and(group.labels), group.messages);
            }
        }
        out.family("rocketmq_throughput_out_total", "counter", "Bytes of the messages handed to consumers by pulls");
        for (TopicCell cell : sorted.values()) {
            for (TopicCell.GroupCell group : new TreeMap<>(cell.groups).values()) {
                out.counter("rocketmq_throughput_out_total", "", node.and(group.labels), group.bytes);
            }
        }
    }

    private void renderLag(PromText out) {
        out.family("rocketmq_consumer_lag_messages", "gauge",
                "Messages stored but not yet committed as consumed, per topic and consumer group");
        sources.forEachLag((topic, group, messages) -> out.gauge("rocketmq_consumer_lag_messages", "",
                node.and(TopicCell.groupLabels(topic, group)), messages));
    }

    private void renderBroker(PromText out) {
        out.gauge("rocketmq_topic_number", "Topics this broker holds", node, sources.topicNumber());
        out.gauge("rocketmq_consumer_group_number", "Subscription groups this broker holds", node,
                sources.consumerGroupNumber());
        out.gauge("rocketmq_broker_permission", "The broker's permission bits (6 = read and write)", node,
                sources.brokerPermission());
    }

    private void renderStore(PromText out) {
        StoreStats store = sources.store();
        out.gauge("rocketmq_storage_flush_behind_bytes", "Commit-log bytes written but not yet forced to disk", node,
                Math.max(0, store.commitLogMaxOffset() - store.commitLogDurableOffset()));
        out.gauge("rocketmq_storage_dispatch_behind_bytes",
                "Commit-log bytes not yet dispatched to consume queues and the index", node,
                Math.max(0, store.commitLogMaxOffset() - store.dispatchedOffset()));
        out.gauge("petrel_disk_usage_ratio", "Used fraction (0 to 1) of the disk holding the commit log", node,
                store.diskUsedRatio() / 100.0);
        out.histogram("petrel_flush_latency", "Duration of successful commit-log force rounds, in milliseconds",
                node, sources.forceLatencyMs());
        long replicationLag = sources.replicationLagBytes();
        if (replicationLag >= 0) {
            out.gauge("petrel_replication_slaves", "On a master, the slaves connected to its replication port", node,
                    sources.connectedSlaves());
            out.gauge("petrel_replication_lag_bytes",
                    "On a master, commit-log bytes its most advanced connected slave has not acknowledged", node,
                    replicationLag);
            out.histogram("petrel_replication_latency",
                    "On a SYNC_MASTER, how long puts waited for a slave's acknowledgement, in milliseconds", node,
                    sources.replicaAckLatencyMs());
        }
    }
}
