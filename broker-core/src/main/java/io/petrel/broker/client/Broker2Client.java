package io.petrel.broker.client;

import io.petrel.common.BodyException;
import io.petrel.common.FanIn;
import io.petrel.common.FastjsonBodies;
import io.petrel.common.GetConsumerStatusBody;
import io.petrel.common.Json;
import io.petrel.common.MessageQueue;
import io.petrel.common.ResetOffsetBody;
import io.petrel.env.NodeLog;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetConsumerStatusRequestHeader;
import io.petrel.remoting.header.AdminHeaders.ResetOffsetRequestHeader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Requests the broker sends to consumers (RocketMQ's {@code Broker2Client}, docs/protocol.md §6.4),
 * always on the connection the client opened: GET_CONSUMER_RUNNING_INFO and
 * CONSUME_MESSAGE_DIRECTLY forwarded for an admin (10 s), GET_CONSUMER_STATUS_FROM_CLIENT to every
 * member of a group (5 s each, asked in parallel), and RESET_CONSUMER_CLIENT_OFFSET (oneway).
 * Answers arrive as callbacks on the broker's loop; nothing blocks. Holds no state.
 */
public final class Broker2Client {

    /** RocketMQ's timeout for 307 and 309. */
    public static final long CALL_CLIENT_TIMEOUT_MS = 10_000;
    /** RocketMQ's timeout for 221. */
    public static final long CONSUMER_STATUS_TIMEOUT_MS = 5_000;

    private final NodeLog log;

    public Broker2Client(NodeLog log) {
        this.log = log;
    }

    /** Sends {@code request} to one client and hands its answer (or the failure) to {@code callback}. */
    public void callClient(ClientChannelInfo client, RemotingCommand request, ResponseCallback callback) {
        client.channel().invoke(request, CALL_CLIENT_TIMEOUT_MS, callback);
    }

    /** Tells every member the group's new offsets for a topic; returns how many it was written to. */
    public int resetOffset(Collection<ClientChannelInfo> members, String topic, String group, long timestamp,
            boolean isForce, Map<MessageQueue, Long> offsets) {
        byte[] body = Json.write(new ResetOffsetBody(offsets));
        int written = 0;
        for (ClientChannelInfo member : members) {
            RemotingCommand request = RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
                    new ResetOffsetRequestHeader(topic, group, timestamp, isForce)).body(body);
            if (member.channel().invokeOneway(request)) {
                written++;
            } else {
                log.warn("[reset-offset] could not write the reset to {} of group {}", member.clientId(), group);
            }
        }
        return written;
    }

    /**
     * Asks each member (or only {@code clientIdFilter}, when not blank) for its offsets of
     * {@code topic}; {@code done} gets clientId → queue → offset once every asked member answered,
     * failed or timed out. Members that did not answer are left out, as RocketMQ does.
     */
    public void consumerStatus(Collection<ClientChannelInfo> members, String topic, String group, String clientIdFilter,
            Consumer<Map<String, Map<MessageQueue, Long>>> done) {
        List<ClientChannelInfo> asked = members.stream()
                .filter(m -> clientIdFilter == null || clientIdFilter.isBlank() || clientIdFilter.equals(m.clientId()))
                .toList();
        Map<String, Map<MessageQueue, Long>> answers = new TreeMap<>();
        FanIn answered = new FanIn("consumer status", asked.size(), () -> done.accept(answers));
        if (asked.isEmpty()) {
            done.accept(answers);
            return;
        }
        for (ClientChannelInfo member : asked) {
            RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT,
                    new GetConsumerStatusRequestHeader(topic, group, null));
            member.channel().invoke(request, CONSUMER_STATUS_TIMEOUT_MS, ResponseCallback.of(response -> {
                addAnswer(answers, member, response);
                answered.arrive();
            }, failure -> {
                log.warn("[get-consumer-status] {} of group {} did not answer: {}", member.clientId(), group, failure);
                answered.arrive();
            }));
        }
    }

    private void addAnswer(Map<String, Map<MessageQueue, Long>> answers, ClientChannelInfo member, RemotingCommand response) {
        if (response.code() != ResponseCode.SUCCESS || response.bodyLength() == 0) {
            return;
        }
        try {
            answers.put(member.clientId(), FastjsonBodies.read(response.bodyBytes(), GetConsumerStatusBody.class)
                    .messageQueueTable());
        } catch (BodyException e) {
            log.warn("[get-consumer-status] unreadable answer from {}: {}", member.clientId(), e.getMessage());
        }
    }
}
