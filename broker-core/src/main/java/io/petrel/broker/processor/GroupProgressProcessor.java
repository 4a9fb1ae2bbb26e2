package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.MessageQueue;
import io.petrel.common.QueryConsumeTimeSpanBody;
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
import io.petrel.remoting.header.ProgressHeaders.QueryConsumeTimeSpanRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.format.ConsumeQueueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin requests about consumer groups' progress that RocketMQ 4.9.8's admin processor answers
 * from the offset table and the consume queues: QUERY_CONSUME_TIME_SPAN (303). Read-only unless
 * said otherwise per request.
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
        d.register(RequestCode.QUERY_CONSUME_TIME_SPAN, this::consumeTimeSpan);
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
            long delay = consumerOffset < max ? p.clock().nowMillis() - storeTime(h.topic(), q, consumerOffset) : 0;
            spans.add(new QueueTimeSpan(new MessageQueue(h.topic(), p.brokerName().get(), q), minTime, maxTime,
                    consumeTime, delay));
        }
        Replies.ok(channel, request, new QueryConsumeTimeSpanBody(spans));
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
