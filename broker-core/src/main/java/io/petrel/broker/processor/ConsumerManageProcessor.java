package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.common.ConsumerIdList;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.GetConsumerListByGroupRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryConsumerOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryConsumerOffsetResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.UpdateConsumerOffsetRequestHeader;
import io.petrel.store.MessageStore;

/**
 * GET_CONSUMER_LIST_BY_GROUP, QUERY_CONSUMER_OFFSET and UPDATE_CONSUMER_OFFSET. A group with no
 * stored offset on a young queue (min offset 0, first message still within the in-memory window)
 * gets offset 0, so a new group starts from the beginning even with CONSUME_FROM_LAST_OFFSET, as
 * RocketMQ does; otherwise QUERY_NOT_FOUND lets the client apply its ConsumeFromWhere.
 */
public final class ConsumerManageProcessor {

    private final ConsumerManager consumers;
    private final ConsumerOffsetManager offsets;
    private final MessageStore store;
    private final long inMemoryWindowBytes;

    public ConsumerManageProcessor(ConsumerManager consumers, ConsumerOffsetManager offsets, MessageStore store,
            long inMemoryWindowBytes) {
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.inMemoryWindowBytes = inMemoryWindowBytes;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_CONSUMER_LIST_BY_GROUP, this::consumerList)
                .register(RequestCode.QUERY_CONSUMER_OFFSET, this::queryOffset)
                .register(RequestCode.UPDATE_CONSUMER_OFFSET, this::updateOffset);
    }

    private void consumerList(RemotingChannel channel, RemotingCommand request) {
        String group = request.decodeHeader(GetConsumerListByGroupRequestHeader.class).consumerGroup();
        ConsumerGroupInfo info = consumers.group(group);
        if (info == null || info.isEmpty()) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
            return;
        }
        Replies.ok(channel, request, new ConsumerIdList(info.clientIds()));
    }

    private void queryOffset(RemotingChannel channel, RemotingCommand request) {
        QueryConsumerOffsetRequestHeader h = request.decodeHeader(QueryConsumerOffsetRequestHeader.class);
        long offset = offsets.query(h.consumerGroup(), h.topic(), h.queueId());
        if (offset < 0 && isYoungQueue(h.topic(), h.queueId())) {
            offset = 0;
        }
        if (offset < 0) {
            error(channel, request, ResponseCode.QUERY_NOT_FOUND, "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
            return;
        }
        channel.reply(request, RemotingCommand.success().header(new QueryConsumerOffsetResponseHeader(offset)));
    }

    /** Min offset 0 and the first message (if any) still within the in-memory window of the commit log's end. */
    private boolean isYoungQueue(String topic, int queueId) {
        if (store.getMinOffsetInQueue(topic, queueId) > 0) {
            return false;
        }
        if (store.getMaxOffsetInQueue(topic, queueId) == 0) {
            return true;
        }
        long first = store.getCommitLogOffsetInQueue(topic, queueId, 0);
        return store.getMaxPhyOffset() - first <= inMemoryWindowBytes;
    }

    private void updateOffset(RemotingChannel channel, RemotingCommand request) {
        UpdateConsumerOffsetRequestHeader h = request.decodeHeader(UpdateConsumerOffsetRequestHeader.class);
        String problem = h.commitOffset() < 0 ? "commit offset " + h.commitOffset() + " is negative"
                : h.queueId() < 0 ? "queueId " + h.queueId() + " is negative"
                : h.topic().isBlank() ? "topic is blank"
                : h.consumerGroup().isBlank() ? "consumerGroup is blank" : null;
        if (problem != null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, problem);
            return;
        }
        offsets.commitFromConsumer(h.consumerGroup(), h.topic(), h.queueId(), h.commitOffset());
        Replies.ok(channel, request);
    }
}
