package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.common.ConsumeQueueData;
import io.petrel.common.FanIn;
import io.petrel.common.QueryConsumeQueueResponseBody;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.SubscriptionData;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.common.TopicValidator;
import io.petrel.env.NodeLog;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ProgressHeaders.QueryConsumeQueueRequestHeader;
import io.petrel.store.ConsumeQueueSlice;
import io.petrel.store.MessageStore;
import io.petrel.store.format.ConsumeQueueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin requests about the store's files that RocketMQ 4.9.8's admin processor answers:
 * QUERY_CONSUME_QUEUE (321, mqadmin queryCq: raw consume-queue entries, read-only),
 * CLEAN_EXPIRED_CONSUMEQUEUE (306, mqadmin cleanExpiredCQ), DELETE_EXPIRED_COMMITLOG (329, mqadmin
 * deleteExpiredCommitLog) and CLEAN_UNUSED_TOPIC (316, mqadmin
 * cleanUnusedTopic), which delete files.
 */
public final class StoreAdminProcessor {

    /** Topics 4.9.8's cleanUnusedTopic never destroys, though the topic table need not list them. */
    private static final Set<String> KEPT_TOPICS = new TreeSet<>(List.of(TopicValidator.RMQ_SYS_SCHEDULE_TOPIC,
            TopicValidator.RMQ_SYS_TRANS_OP_HALF_TOPIC));
    private static final String LMQ_PREFIX = "%LMQ%";

    private final MessageStore store;
    private final ConsumerManager consumers;
    private final TopicConfigManager topics;
    private final NodeLog log;

    public StoreAdminProcessor(MessageStore store, ConsumerManager consumers, TopicConfigManager topics, NodeLog log) {
        this.store = store;
        this.consumers = consumers;
        this.topics = topics;
        this.log = log;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.QUERY_CONSUME_QUEUE, this::queryConsumeQueue)
                .register(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, this::cleanExpiredConsumeQueue)
                .register(RequestCode.DELETE_EXPIRED_COMMITLOG, this::deleteExpiredCommitLog)
                .register(RequestCode.CLEAN_UNUSED_TOPIC, this::cleanUnusedTopic);
    }

    /**
     * Destroys every consume queue (but the schedule topic's) all of whose messages retention has
     * deleted from the commit log, as 4.9.8's cleanExpiredConsumerQueue; answers once they are gone.
     */
    private void cleanExpiredConsumeQueue(RemotingChannel channel, RemotingCommand request) {
        log.warn("invoke cleanExpiredConsumeQueue from {}", channel.remoteAddress());
        store.cleanExpiredConsumeQueues(cleaned -> {
            log.warn("cleanExpiredConsumeQueue destroyed {} consume queues: {}", cleaned.size(), cleaned);
            Replies.ok(channel, request);
        });
    }

    /**
     * RocketMQ's executeDeleteFilesManually: the store's next clean runs delete the commit-log files
     * (and the consume-queue and index files below them) older than fileReservedTime, whatever
     * deleteWhen says. The answer comes at once; the deletions follow.
     */
    private void deleteExpiredCommitLog(RemotingChannel channel, RemotingCommand request) {
        log.warn("invoke deleteExpiredCommitLog from {}", channel.remoteAddress());
        store.executeDeleteFilesManually();
        Replies.ok(channel, request);
    }

    /**
     * Destroys the consume queues of every topic the topic table no longer has (a topic deleted while
     * this broker was away, or removed from topics.json), except SCHEDULE_TOPIC_XXXX,
     * RMQ_SYS_TRANS_OP_HALF_TOPIC and %LMQ% topics, as 4.9.8 does; each as a topic deletion destroys
     * them. Commit-log records stay until retention removes them. Answers once every one is gone.
     */
    private void cleanUnusedTopic(RemotingChannel channel, RemotingCommand request) {
        Set<String> unused = new TreeSet<>();
        for (TopicQueue q : store.consumeQueueKeys()) {
            if (!topics.contains(q.topic()) && !KEPT_TOPICS.contains(q.topic()) && !q.topic().startsWith(LMQ_PREFIX)) {
                unused.add(q.topic());
            }
        }
        log.warn("invoke cleanUnusedTopic from {}: destroying the consume queues of {}", channel.remoteAddress(), unused);
        FanIn destroyed = new FanIn("cleanUnusedTopic", unused.size() + 1, () -> Replies.ok(channel, request));
        for (String topic : unused) {
            store.deleteTopic(topic, destroyed::arrive);
        }
        destroyed.arrive();
    }

    /**
     * The queue's min and max offsets and up to {@code count} entries from {@code index} (never past
     * the file holding it). With a consumer group: its online subscription to the topic, or a note
     * that it is not online. An unknown queue is SYSTEM_ERROR; an index the queue does not hold is
     * SUCCESS with a remark and no body, as in 4.9.8.
     */
    private void queryConsumeQueue(RemotingChannel channel, RemotingCommand request) {
        QueryConsumeQueueRequestHeader h = request.decodeHeader(QueryConsumeQueueRequestHeader.class);
        if (h.topic() == null) {
            // 4.9.8 fails on the missing topic and answers SYSTEM_ERROR with the exception's text.
            error(channel, request, ResponseCode.SYSTEM_ERROR, "QUERY_CONSUME_QUEUE names no topic");
            return;
        }
        ConsumeQueueSlice slice = store.consumeQueueSlice(h.topic(), h.queueId(), h.index(), h.count());
        if (slice == null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR,
                    String.format(Locale.ROOT, "%d@%s is not exist!", h.queueId(), h.topic()));
            return;
        }
        if (slice.entries() == null) {
            channel.reply(request, RemotingCommand.response(ResponseCode.SUCCESS, String.format(Locale.ROOT,
                    "Index %d of %d@%s is not exist!", h.index(), h.queueId(), h.topic())));
            return;
        }
        SubscriptionData subscription = null;
        String filterData = null;
        if (h.consumerGroup() != null) {
            ConsumerGroupInfo online = consumers.group(h.consumerGroup());
            subscription = online == null ? null : online.subscription(h.topic());
            // Petrel filters by TAG only; RocketMQ keeps filter data for SQL92 groups alone, so "null".
            filterData = subscription == null
                    ? String.format(Locale.ROOT, "%s@%s is not online!", h.consumerGroup(), h.topic()) : "null";
        }
        List<ConsumeQueueData> entries = new ArrayList<>();
        for (ConsumeQueueFormat.Entry e : slice.entries()) {
            entries.add(new ConsumeQueueData(e.commitLogOffset(), e.size(), e.tagsCode(), null, null, false, null));
        }
        Replies.ok(channel, request, new QueryConsumeQueueResponseBody(subscription, filterData, entries,
                slice.maxOffset(), slice.minOffset()));
    }
}
