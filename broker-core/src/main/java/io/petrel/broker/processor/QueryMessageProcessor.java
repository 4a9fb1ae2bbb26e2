package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.common.TopicValidator;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.QueryMessageRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryMessageResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.ViewMessageRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.QueryMessageResult;
import io.petrel.store.file.SelectMappedBufferResult;
import java.nio.ByteBuffer;

/**
 * QUERY_MESSAGE and VIEW_MESSAGE_BY_ID (docs/protocol.md §3.4): messages found through the index
 * by key or unique key (ext field {@code _UNIQUE_KEY_QUERY=true} caps the count at
 * {@code defaultQueryMaxNum}), and one message by commit-log offset (the offset in an
 * offsetMsgId). Bodies are the stored records back to back, unchanged. A count is capped at
 * {@code maxMsgsNumBatch} as RocketMQ does; a count below 1, a negative begin or a range that ends
 * before it begins is refused with SYSTEM_ERROR naming the field, rather than answered "not
 * found". Read-only.
 */
public final class QueryMessageProcessor {

    /** The ext field the official client sets for a query by unique key (RocketMQ's {@code UNIQUE_MSG_QUERY_FLAG}). */
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";

    private final MessageStore store;

    public QueryMessageProcessor(MessageStore store) {
        this.store = store;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.QUERY_MESSAGE, this::queryMessage)
                .register(RequestCode.VIEW_MESSAGE_BY_ID, this::viewMessageById);
    }

    private void queryMessage(RemotingChannel channel, RemotingCommand request) {
        QueryMessageRequestHeader h = request.decodeHeader(QueryMessageRequestHeader.class);
        String problem = problem(h);
        if (problem != null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, problem);
            return;
        }
        int maxNum = "true".equals(request.extField(UNIQUE_KEY_QUERY)) ? store.config().defaultQueryMaxNum() : h.maxNum();
        QueryMessageResult result = store.queryMessage(h.topic(), h.key(), maxNum, h.beginTimestamp(), h.endTimestamp());
        RemotingCommand response;
        if (result.messageCount() == 0) {
            response = RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND, "can not find message, maybe time range not correct");
        } else {
            int size = result.messageBuffers().stream().mapToInt(ByteBuffer::remaining).sum();
            ByteBuffer body = ByteBuffer.allocate(size);
            result.messageBuffers().forEach(body::put);
            response = RemotingCommand.success().body(body.flip());
        }
        response.header(new QueryMessageResponseHeader(result.indexLastUpdateTimestamp(), result.indexLastUpdatePhyoffset()));
        result.release();
        channel.reply(request, response);
    }

    /** What is wrong with a query, or null. */
    private static String problem(QueryMessageRequestHeader h) {
        String topicProblem = TopicValidator.problem(h.topic());
        if (topicProblem != null) {
            return topicProblem;
        }
        if (h.key().isBlank()) {
            return "the query key is blank";
        }
        if (h.maxNum() < 1) {
            return "maxNum must be at least 1, not " + h.maxNum();
        }
        if (h.beginTimestamp() < 0) {
            return "beginTimestamp must not be negative, not " + h.beginTimestamp();
        }
        if (h.endTimestamp() < h.beginTimestamp()) {
            return "the time range ends before it begins: beginTimestamp " + h.beginTimestamp() + " > endTimestamp "
                    + h.endTimestamp();
        }
        return null;
    }

    private void viewMessageById(RemotingChannel channel, RemotingCommand request) {
        long offset = request.decodeHeader(ViewMessageRequestHeader.class).offset();
        SelectMappedBufferResult message = offset < 0 ? null : store.selectOneMessageByOffset(offset);
        if (message == null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "can not find message by the offset, " + offset);
            return;
        }
        ByteBuffer body = ByteBuffer.allocate(message.size());
        body.put(message.byteBuffer().duplicate());
        message.release();
        channel.reply(request, RemotingCommand.success().body(body.flip()));
    }
}
