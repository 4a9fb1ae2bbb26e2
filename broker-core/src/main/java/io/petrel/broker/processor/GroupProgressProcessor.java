package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumeStatsList;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.QueryConsumeTimeSpanBody;
import io.petrel.common.QueryCorrectionOffsetBody;
import io.petrel.common.QueueTimeSpan;
import io.petrel.common.TopicConfig;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Clock;
import io.petrel.env.NodeLog;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ProgressHeaders.CloneGroupOffsetRequestHeader;
import io.petrel.remoting.header.ProgressHeaders.GetConsumeStatsInBrokerHeader;
import io.petrel.remoting.header.ProgressHeaders.QueryConsumeTimeSpanRequestHeader;
import io.petrel.remoting.header.ProgressHeaders.QueryCorrectionOffsetHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.format.ConsumeQueueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The admin requests about consumer groups' progress that RocketMQ 4.9.8's admin processor answers
 * from the offset table and the consume queues: QUERY_CONSUME_TIME_SPAN (303), QUERY_CORRECTION_OFFSET
 * (308), CLONE_GROUP_OFFSET (314, the only one that changes anything: the offset table) and
 * GET_BROKER_CONSUME_STATS (317).
 */
public final class GroupProgressProcessor {

    /** What this processor reads and changes; the broker wires it. */
    public record Parts(Supplier<String> brokerName, Supplier<String> brokerAddr, Clock clock, NodeLog log,
            TopicConfigManager topics, SubscriptionGroupManager groups, ConsumerOffsetManager offsets,
            ConsumerManager consumers, MessageStore store, TopicStatsProcessor.ConsumeTps consumeTps) {
    }

    private final Parts p;

    public GroupProgressProcessor(Parts parts) {
        this.p = parts;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.QUERY_CONSUME_TIME_SPAN, this::consumeTimeSpan)
                .register(RequestCode.QUERY_CORRECTION_OFFSET, this::correctionOffset)
                .register(RequestCode.CLONE_GROUP_OFFSET, this::cloneGroupOffset)
                .register(RequestCode.GET_BROKER_CONSUME_STATS, this::brokerConsumeStats);
    }

    /**
     * Per write queue of the topic: oldest and newest store time, the store time of the group's last
     * consumed message (the oldest when it consumed none), and how long ago the next unconsumed
     * message was stored. As in 4.9.8, a group without an offset counts from offset -1, so its
     * delay is measured against a message that does not exist (now + 1).
     */
    private void consumeTimeSpan(RemotingChannel channel, RemotingCommand request) {
        QueryConsumeTimeSpanRequestHeader h = request.decodeHeader(QueryConsumeTimeSpanRequestHeader.class);
        TopicConfig config = p.topics().get(h.topic());
        if (config == null) {
            error(channel, request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + h.topic() + "] not exist");
            return;
        }
        List<QueueTimeSpan> spans = new ArrayList<>();
        for (int q = 0; q < config.writeQueueNums(); q++) {
            long minTime = p.store().getEarliestMessageTime(h.topic(), q);
            long max = p.store().getMaxOffsetInQueue(h.topic(), q);
            long maxTime = storeTime(h.topic(), q, max - 1);
            long consumerOffset = p.offsets().query(h.group(), h.topic(), q);
            long consumeTime = consumerOffset > 0 ? storeTime(h.topic(), q, consumerOffset - 1) : minTime;
            long delay = consumerOffset < max ? p.clock().nowMs() - storeTime(h.topic(), q, consumerOffset) : 0;
            spans.add(new QueueTimeSpan(new MessageQueue(h.topic(), p.brokerName().get(), q), minTime, maxTime,
                    consumeTime, delay));
        }
        Replies.ok(channel, request, new QueryConsumeTimeSpanBody(spans));
    }

    /**
     * Per queue of the topic, the lowest committed offset among the groups not listed in
     * {@code filterGroups} that the queue still holds (offsets below its min offset are left out).
     * 4.9.8 removes the filtered groups' offsets from its offset table while doing this (on every
     * topic); Petrel only leaves them out of the minimum. 4.9.8 looks the compare group up with topic
     * and group swapped ({@code compareGroup@topic}); Petrel does the same, so the answer is the same:
     * where that entry exists and its offset is below the minimum, the queue answers
     * {@code Long.MAX_VALUE}, and a queue it names that no group holds is answered SYSTEM_ERROR (4.9.8
     * fails there on a missing value).
     */
    private void correctionOffset(RemotingChannel channel, RemotingCommand request) {
        QueryCorrectionOffsetHeader h = request.decodeHeader(QueryCorrectionOffsetHeader.class);
        Set<String> filtered = new TreeSet<>();
        if (h.filterGroups() != null && !h.filterGroups().isBlank()) {
            filtered.addAll(List.of(h.filterGroups().split(",")));
        }
        TreeMap<Integer, Long> correction = new TreeMap<>();
        for (String group : p.offsets().groupsOf(h.topic())) {
            if (filtered.contains(group)) {
                continue;
            }
            p.offsets().offsets(group, h.topic()).forEach((queueId, offset) -> {
                if (offset >= p.store().getMinOffsetInQueue(h.topic(), queueId)) {
                    correction.merge(queueId, offset, Math::min);
                }
            });
        }
        for (Map.Entry<Integer, Long> compare : p.offsets().offsets(h.topic(), h.compareGroup()).entrySet()) {
            Long min = correction.get(compare.getKey());
            if (min == null) {
                error(channel, request, ResponseCode.SYSTEM_ERROR, "QUERY_CORRECTION_OFFSET: compare entry "
                        + h.compareGroup() + "@" + h.topic() + " names queue " + compare.getKey() + ", which no group holds");
                return;
            }
            correction.put(compare.getKey(), min > compare.getValue() ? Long.MAX_VALUE : min);
        }
        Replies.ok(channel, request, new QueryCorrectionOffsetBody(correction));
    }

    /**
     * Copies the source group's offsets on the topic to the destination group, unless the topic is
     * unknown here or (when not {@code offline}) the source group's online members do not subscribe
     * to it; both are logged and answered SUCCESS, as in 4.9.8. A request without a topic is refused:
     * 4.9.8 answers it SUCCESS having copied nothing (it looks the source up under the missing topic).
     */
    private void cloneGroupOffset(RemotingChannel channel, RemotingCommand request) {
        CloneGroupOffsetRequestHeader h = request.decodeHeader(CloneGroupOffsetRequestHeader.class);
        String topic = h.topic();
        if (topic == null || topic.isBlank()) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "CLONE_GROUP_OFFSET from " + h.srcGroup() + " to "
                    + h.destGroup() + " names no topic; RocketMQ 4.9.8 copies nothing without one, so give the topic");
            return;
        }
        if (p.topics().get(topic) == null) {
            p.log().warn("[cloneGroupOffset], topic config not exist, {}", topic);
        } else if (!h.offline() && !subscribedOrOffline(h.srcGroup(), topic)) {
            p.log().warn("[cloneGroupOffset], the consumer group[{}], topic[{}] not exist", h.srcGroup(), topic);
        } else if (p.offsets().cloneOffsets(h.srcGroup(), h.destGroup(), topic)) {
            p.log().info("offsets of group {} on topic {} cloned to group {}", h.srcGroup(), topic, h.destGroup());
        }
        Replies.ok(channel, request);
    }

    /**
     * Every subscription group's progress on every topic it has offsets for (only ordered topics
     * when {@code isOrder}), over the topic's write queues, skipping topics the group's online
     * members do not subscribe to, as 4.9.8's mqadmin brokerConsumeStats shows them.
     */
    private void brokerConsumeStats(RemotingChannel channel, RemotingCommand request) {
        boolean orderOnly = request.decodeHeader(GetConsumeStatsInBrokerHeader.class).isOrder();
        List<Map<String, List<ConsumeStats>>> list = new ArrayList<>();
        long totalDiff = 0;
        for (String group : p.groups().groups().keySet()) {
            List<ConsumeStats> perTopic = new ArrayList<>();
            for (String topic : p.offsets().topicsOf(group)) {
                TopicConfig config = p.topics().get(topic);
                if (config == null || (orderOnly && !config.order()) || !subscribedOrOffline(group, topic)) {
                    continue;
                }
                ConsumeStats stats = groupStats(group, topic, config.writeQueueNums());
                totalDiff += stats.totalDiff();
                perTopic.add(stats);
            }
            Map<String, List<ConsumeStats>> entry = new TreeMap<>();
            entry.put(group, perTopic);
            list.add(entry);
        }
        Replies.ok(channel, request, new ConsumeStatsList(list, p.brokerAddr().get(), totalDiff));
    }

    /** False when the group has online members whose subscriptions leave {@code topic} out. */
    private boolean subscribedOrOffline(String group, String topic) {
        ConsumerGroupInfo online = p.consumers().group(group);
        return online == null || online.subscriptions().isEmpty() || online.subscription(topic) != null;
    }

    private ConsumeStats groupStats(String group, String topic, int queues) {
        TreeMap<MessageQueue, OffsetWrapper> table = new TreeMap<>();
        for (int q = 0; q < queues; q++) {
            long brokerOffset = Math.max(0, p.store().getMaxOffsetInQueue(topic, q));
            long consumerOffset = Math.max(0, p.offsets().query(group, topic, q));
            long last = Math.max(0, storeTime(topic, q, consumerOffset - 1));
            table.put(new MessageQueue(topic, p.brokerName().get(), q),
                    new OffsetWrapper(brokerOffset, consumerOffset, last));
        }
        return new ConsumeStats(table, p.consumeTps().of(group, topic));
    }

    /** RocketMQ's getMessageStoreTimeStamp: the store time of the message at a queue offset, or -1. */
    long storeTime(String topic, int queueId, long queueOffset) {
        if (queueOffset < 0) {
            return -1;
        }
        ConsumeQueueFormat.Entry e = p.store().consumeQueueEntry(topic, queueId, queueOffset);
        if (e == null || !e.isWritten() || e.isFiller()) {
            return -1;
        }
        StoredMessage m = p.store().lookMessageByOffset(e.commitLogOffset());
        return m == null ? -1 : m.storeTimestamp();
    }
}
