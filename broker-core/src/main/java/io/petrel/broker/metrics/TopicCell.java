package io.petrel.broker.metrics;

import io.petrel.common.MixAll;
import io.petrel.common.TopicValidator;
import io.petrel.metrics.Labels;
import java.util.HashMap;
import java.util.Map;

/**
 * One topic's counters: messages and bytes stored, per message type, and per consumer group the
 * messages and bytes handed out. Made once, when the topic is first counted, with its labels
 * already rendered, so counting is a lookup and two additions. Single-threaded.
 */
final class TopicCell {

    /** One group's reads of this topic. */
    static final class GroupCell {
        final Labels labels;
        long messages;
        long bytes;

        GroupCell(Labels labels) {
            this.labels = labels;
        }
    }

    final String topic;
    final Labels[] inLabels = new Labels[MessageType.values().length];
    final long[] messagesIn = new long[MessageType.values().length];
    final long[] bytesIn = new long[MessageType.values().length];
    /** By group name; looked up by the name the pull carries, rendered in name order. */
    final Map<String, GroupCell> groups = new HashMap<>();

    TopicCell(String topic) {
        this.topic = topic;
        for (MessageType type : MessageType.values()) {
            inLabels[type.ordinal()] = Labels.NONE.with("topic", topic).with("message_type", type.label())
                    .with("is_system", Boolean.toString(TopicValidator.isSystemTopic(topic)));
        }
    }

    GroupCell group(String group) {
        GroupCell cell = groups.get(group);
        if (cell == null) {
            cell = new GroupCell(groupLabels(topic, group));
            groups.put(group, cell);
        }
        return cell;
    }

    /** RocketMQ 5.x's labels of a (topic, group) series: topic, consumer_group, is_retry, is_system. */
    static Labels groupLabels(String topic, String group) {
        return Labels.NONE.with("topic", topic).with("consumer_group", group)
                .with("is_retry", Boolean.toString(MixAll.isRetryTopic(topic)))
                .with("is_system", Boolean.toString(TopicValidator.isSystemTopic(topic)
                        || group.regionMatches(true, 0, MixAll.CID_RMQ_SYS_PREFIX, 0, MixAll.CID_RMQ_SYS_PREFIX.length())));
    }
}
