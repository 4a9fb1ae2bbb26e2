package io.petrel.broker.processor;

import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.header.ConsumerHeaders.GetEarliestMsgStoretimeRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetEarliestMsgStoretimeResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetMaxOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetMinOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.OffsetResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.SearchOffsetRequestHeader;
import io.petrel.store.MessageStore;

/**
 * GET_MAX_OFFSET (exclusive: the next offset to be written), GET_MIN_OFFSET,
 * SEARCH_OFFSET_BY_TIMESTAMP (exact match or the closer neighbour; 0 for an empty queue) and
 * GET_EARLIEST_MSG_STORETIME. Unknown queues answer 0, as RocketMQ does.
 */
public final class QueueQueryProcessor {

    private final MessageStore store;

    public QueueQueryProcessor(MessageStore store) {
        this.store = store;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_MAX_OFFSET, this::maxOffset)
                .register(RequestCode.GET_MIN_OFFSET, this::minOffset)
                .register(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, this::searchOffset)
                .register(RequestCode.GET_EARLIEST_MSG_STORETIME, this::earliestStoreTime);
    }

    private void maxOffset(RemotingChannel channel, RemotingCommand request) {
        GetMaxOffsetRequestHeader h = request.decodeHeader(GetMaxOffsetRequestHeader.class);
        offset(channel, request, store.getMaxOffsetInQueue(h.topic(), h.queueId()));
    }

    private void minOffset(RemotingChannel channel, RemotingCommand request) {
        GetMinOffsetRequestHeader h = request.decodeHeader(GetMinOffsetRequestHeader.class);
        offset(channel, request, store.getMinOffsetInQueue(h.topic(), h.queueId()));
    }

    private void searchOffset(RemotingChannel channel, RemotingCommand request) {
        SearchOffsetRequestHeader h = request.decodeHeader(SearchOffsetRequestHeader.class);
        offset(channel, request, store.getOffsetInQueueByTime(h.topic(), h.queueId(), h.timestamp()));
    }

    private void earliestStoreTime(RemotingChannel channel, RemotingCommand request) {
        GetEarliestMsgStoretimeRequestHeader h = request.decodeHeader(GetEarliestMsgStoretimeRequestHeader.class);
        long time = store.getEarliestMessageTime(h.topic(), h.queueId());
        channel.reply(request, RemotingCommand.success().header(new GetEarliestMsgStoretimeResponseHeader(Math.max(0, time))));
    }

    private static void offset(RemotingChannel channel, RemotingCommand request, long offset) {
        channel.reply(request, RemotingCommand.success().header(new OffsetResponseHeader(offset)));
    }
}
