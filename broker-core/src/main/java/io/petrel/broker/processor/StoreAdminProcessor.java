package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.common.ConsumeQueueData;
import io.petrel.common.QueryConsumeQueueResponseBody;
import io.petrel.common.SubscriptionData;
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

/**
 * The admin requests about the store's files that RocketMQ 4.9.8's admin processor answers:
 * QUERY_CONSUME_QUEUE (321, mqadmin queryCq: raw consume-queue entries), read-only.
 */
public final class StoreAdminProcessor {

    private final MessageStore store;
    private final ConsumerManager consumers;

    public StoreAdminProcessor(MessageStore store, ConsumerManager consumers) {
        this.store = store;
        this.consumers = consumers;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.QUERY_CONSUME_QUEUE, this::queryConsumeQueue);
    }

    /**
     * The queue's min and max offsets and up to {@code count} entries from {@code index} (never past
     * the file holding it). With a consumer group: its online subscription to the topic, or a note
     * that it is not online. An unknown queue is SYSTEM_ERROR; an index the queue does not hold is
     * SUCCESS with a remark and no body, as in 4.9.8.
     */
    private void queryConsumeQueue(RemotingChannel channel, RemotingCommand request) {
        QueryConsumeQueueRequestHeader h = request.decodeHeader(QueryConsumeQueueRequestHeader.class);
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
