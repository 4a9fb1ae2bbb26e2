package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.ConsumeStats;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicStatsTable;
import io.petrel.common.message.StoredMessage;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetConsumeStatsRequestHeader;
import io.petrel.remoting.header.AdminHeaders.GetTopicStatsInfoRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.format.ConsumeQueueFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * GET_TOPIC_STATS_INFO (mqadmin topicStatus: every write queue's min and max offset and the store
 * time of its last message) and GET_CONSUME_STATS (mqadmin consumerProgress: for every read queue
 * of the topic, or of every topic the group has offsets for, the queue's max offset, the group's
 * committed offset and the store time of the last consumed message, plus the group's pull rate).
 * Read-only; answered from the store's consume queues and the offset table.
 */
public final class TopicStatsProcessor {

    /** Where the group's pull rate comes from. */
    @FunctionalInterface
    public interface ConsumeTps {
        double of(String group, String topic);
    }

    private final Supplier<String> brokerName;
    private final TopicConfigManager topics;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final MessageStore store;
    private final ConsumeTps consumeTps;

    public TopicStatsProcessor(Supplier<String> brokerName, TopicConfigManager topics, ConsumerOffsetManager offsets,
            ConsumerManager consumers, MessageStore store, ConsumeTps consumeTps) {
        this.brokerName = brokerName;
        this.topics = topics;
        this.offsets = offsets;
        this.consumers = consumers;
        this.store = store;
        this.consumeTps = consumeTps;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_TOPIC_STATS_INFO, this::topicStats)
                .register(RequestCode.GET_CONSUME_STATS, this::consumeStats);
    }

    private void topicStats(RemotingChannel channel, RemotingCommand request) {
        String topic = request.decodeHeader(GetTopicStatsInfoRequestHeader.class).topic();
        TopicConfig config = topics.get(topic);
        if (config == null) {
            error(channel, request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
            return;
        }
        TreeMap<MessageQueue, TopicOffset> table = new TreeMap<>();
        for (int q = 0; q < config.writeQueueNums(); q++) {
            long min = Math.max(0, store.getMinOffsetInQueue(topic, q));
            long max = Math.max(0, store.getMaxOffsetInQueue(topic, q));
            long last = max > 0 ? storeTimestamp(topic, q, max - 1) : 0;
            table.put(new MessageQueue(topic, brokerName.get(), q), new TopicOffset(min, max, last));
        }
        Replies.ok(channel, request, new TopicStatsTable(table));
    }

    private void consumeStats(RemotingChannel channel, RemotingCommand request) {
        GetConsumeStatsRequestHeader h = request.decodeHeader(GetConsumeStatsRequestHeader.class);
        String group = h.consumerGroup();
        Set<String> wanted = h.topic() == null || h.topic().isBlank() ? offsets.topicsOf(group)
                : new TreeSet<>(List.of(h.topic()));
        ConsumerGroupInfo online = consumers.group(group);
        TreeMap<MessageQueue, OffsetWrapper> table = new TreeMap<>();
        double tps = 0;
        for (String topic : wanted) {
            TopicConfig config = topics.get(topic);
            boolean notSubscribed = online != null && !online.subscriptions().isEmpty() && online.subscription(topic) == null;
            if (config == null || notSubscribed) {
                continue;
            }
            for (int q = 0; q < config.readQueueNums(); q++) {
                long brokerOffset = Math.max(0, store.getMaxOffsetInQueue(topic, q));
                long consumerOffset = Math.max(0, offsets.query(group, topic, q));
                long last = consumerOffset > 0 ? storeTimestamp(topic, q, consumerOffset - 1) : 0;
                table.put(new MessageQueue(topic, brokerName.get(), q), new OffsetWrapper(brokerOffset, consumerOffset, last));
            }
            tps += consumeTps.of(group, topic);
        }
        Replies.ok(channel, request, new ConsumeStats(table, tps));
    }

    /** The store time of the message at a queue offset, or 0 when there is none. */
    private long storeTimestamp(String topic, int queueId, long queueOffset) {
        ConsumeQueueFormat.Entry e = store.consumeQueueEntry(topic, queueId, queueOffset);
        if (e == null || !e.isWritten() || e.isFiller()) {
            return 0;
        }
        StoredMessage m = store.lookMessageByOffset(e.commitLogOffset());
        return m == null ? 0 : m.storeTimestamp();
    }
}
