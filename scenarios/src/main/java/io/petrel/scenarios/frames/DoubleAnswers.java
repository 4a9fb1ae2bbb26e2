package io.petrel.scenarios.frames;

import io.petrel.common.BodyException;
import io.petrel.common.ConsumerIdList;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.env.Connection;
import io.petrel.env.Env;
import io.petrel.remoting.HeaderException;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.OffsetResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryConsumerOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryConsumerOffsetResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.UpdateConsumerOffsetRequestHeader;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@link BrokerDouble} answers to a client's own requests: as little as a broker with an empty
 * topic must, and correctly, so the client's consumer runs normally against it. Heartbeats are
 * acknowledged and their client ids listed for GET_CONSUMER_LIST_BY_GROUP; committed offsets are kept
 * and read back (0 before any); a pull is held {@value #HOLD_PULL_MS} ms, like a broker's long
 * polling, and answered PULL_NOT_FOUND at the offset asked for, so the client neither spins nor
 * stalls; UNREGISTER_CLIENT succeeds; anything else is REQUEST_CODE_NOT_SUPPORTED with a remark.
 */
final class DoubleAnswers {

    static final long HOLD_PULL_MS = 5_000;

    private final Env env;
    private final TreeSet<String> clientIds = new TreeSet<>();
    private final Map<String, Long> offsets = new TreeMap<>();

    DoubleAnswers(Env env) {
        this.env = env;
    }

    void onRequest(Connection c, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = answer(c, request);
        } catch (HeaderException | BodyException e) {
            response = RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        if (response != null) {
            reply(c, request, response);
        }
    }

    private static void reply(Connection c, RemotingCommand request, RemotingCommand response) {
        if (!request.isOneway() && c.isOpen()) {
            c.send(RemotingCodec.encode(response.opaque(request.opaque()).serializeType(request.serializeType())));
        }
    }

    /** The answer to {@code request}, or null when it is given later (a held pull). */
    private RemotingCommand answer(Connection c, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.HEART_BEAT -> {
                clientIds.add(Json.read(request.bodyBytes(), HeartbeatData.class).clientID());
                yield RemotingCommand.success();
            }
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP ->
                RemotingCommand.success().body(Json.write(new ConsumerIdList(new ArrayList<>(clientIds))));
            case RequestCode.QUERY_CONSUMER_OFFSET -> {
                QueryConsumerOffsetRequestHeader h = request.decodeHeader(QueryConsumerOffsetRequestHeader.class);
                long offset = offsets.getOrDefault(key(h.consumerGroup(), h.topic(), h.queueId()), 0L);
                yield RemotingCommand.success().header(new QueryConsumerOffsetResponseHeader(offset));
            }
            case RequestCode.UPDATE_CONSUMER_OFFSET -> {
                UpdateConsumerOffsetRequestHeader h = request.decodeHeader(UpdateConsumerOffsetRequestHeader.class);
                offsets.put(key(h.consumerGroup(), h.topic(), h.queueId()), h.commitOffset());
                yield RemotingCommand.success();
            }
            case RequestCode.PULL_MESSAGE -> {
                holdPull(c, request);
                yield null;
            }
            case RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP ->
                RemotingCommand.success().header(new OffsetResponseHeader(0L));
            case RequestCode.UNREGISTER_CLIENT -> RemotingCommand.success();
            default -> RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private void holdPull(Connection c, RemotingCommand request) {
        PullMessageRequestHeader h = request.decodeHeader(PullMessageRequestHeader.class);
        if ((h.sysFlag() & 1) != 0) {
            offsets.put(key(h.consumerGroup(), h.topic(), h.queueId()), h.commitOffset());
        }
        long offset = h.queueOffset();
        env.scheduler().schedule(HOLD_PULL_MS, () -> reply(c, request,
                RemotingCommand.response(ResponseCode.PULL_NOT_FOUND, "no new message in the test double")
                        .header(new PullMessageResponseHeader(0L, offset, 0L, offset))));
    }

    private static String key(String group, String topic, int queueId) {
        return group + "@" + topic + "@" + queueId;
    }
}
