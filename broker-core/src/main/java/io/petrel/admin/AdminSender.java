package io.petrel.admin;

import io.petrel.common.BrokerData;
import io.petrel.common.MessageQueue;
import io.petrel.common.PermName;
import io.petrel.common.QueueData;
import io.petrel.common.TopicRouteData;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageProperties;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.SendHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The minimal producer behind mqadmin sendMessage: SEND_MESSAGE_V2 to a master, with TAGS, KEYS,
 * a fresh UNIQ_KEY and WAIT=true. Without a chosen queue it starts at a random writable queue of
 * the route and, like RocketMQ's producer, tries up to two more queues on other brokers when a
 * send fails with a retryable code or gets no answer. No compression and no batching: this is an
 * operator's tool, not the client of issue 6.
 */
public final class AdminSender {

    /** What to send; {@code brokerName} and {@code queueId} (≥ 0) pick the queue, else any writable one. */
    public record Request(String topic, String body, String tags, String keys, String brokerName, int queueId) {
    }

    static final String PRODUCER_GROUP = "PETREL_MQADMIN_PRODUCER";
    private static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;
    private static final int ATTEMPTS = 3;
    private static final int[] RETRYABLE = {ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE,
        ResponseCode.SYSTEM_ERROR, ResponseCode.NO_PERMISSION, ResponseCode.NO_BUYER_ID, ResponseCode.NOT_IN_CURRENT_UNIT};

    private final NamesrvAdmin namesrv;
    private final AdminRpc rpc;
    private final Env env;
    private final UniqueMessageIds ids;

    AdminSender(NamesrvAdmin namesrv, AdminRpc rpc, Env env) {
        this.namesrv = namesrv;
        this.rpc = rpc;
        this.env = env;
        this.ids = new UniqueMessageIds(env.clock(), env.random());
    }

    Promise<SendOutcome> send(Request request) {
        AdminException invalid = TopicOperations.invalidTopic(request.topic());
        if (invalid != null) {
            return Promise.failed(invalid);
        }
        String uniqKey = ids.next();
        return sendTo(request, uniqKey, mq -> sendRequest(request, mq, uniqKey));
    }

    /** A stored message sent again to its topic: its body, flag and properties, its unique key kept. */
    Promise<SendOutcome> resend(AdminMessage m) {
        Map<String, String> properties = new LinkedHashMap<>(m.properties());
        String uniqKey = properties.computeIfAbsent(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, k -> ids.next());
        properties.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, "true");
        String topic = m.stored().topic();
        return sendTo(new Request(topic, null, null, null, null, -1), uniqKey, mq -> {
            SendHeaders.SendMessageRequestHeaderV2 header = new SendHeaders.SendMessageRequestHeaderV2(PRODUCER_GROUP,
                    topic, TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, DEFAULT_TOPIC_QUEUE_NUMS, mq.queueId(), 0,
                    env.clock().nowMs(), m.stored().flag(), MessageProperties.encode(properties), 0, false, null, false,
                    mq.brokerName());
            return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header).body(m.body());
        });
    }

    private Promise<SendOutcome> sendTo(Request request, String uniqKey, Function<MessageQueue, RemotingCommand> build) {
        return namesrv.route(request.topic()).then(route -> {
            Map<String, String> masters = masters(route);
            List<MessageQueue> candidates = candidates(route, masters, request);
            int start = request.brokerName() != null ? 0 : env.random().nextInt(candidates.size());
            return attempt(build, uniqKey, masters, candidates, start, 0, null);
        });
    }

    private static Map<String, String> masters(TopicRouteData route) {
        TreeMap<String, String> masters = new TreeMap<>();
        if (route.brokerDatas() != null) {
            for (BrokerData data : route.brokerDatas()) {
                if (data.masterAddress() != null) {
                    masters.put(data.brokerName(), data.masterAddress());
                }
            }
        }
        return masters;
    }

    private static List<MessageQueue> candidates(TopicRouteData route, Map<String, String> masters, Request request) {
        if (request.brokerName() != null && request.queueId() >= 0) {
            if (!masters.containsKey(request.brokerName())) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "broker " + request.brokerName()
                        + " has no master in the route of topic " + request.topic());
            }
            return List.of(new MessageQueue(request.topic(), request.brokerName(), request.queueId()));
        }
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData q : MessageOperations.sortedQueueDatas(route)) {
            boolean wanted = request.brokerName() == null || request.brokerName().equals(q.brokerName());
            if (wanted && PermName.isWriteable(q.perm()) && masters.containsKey(q.brokerName())) {
                for (int i = 0; i < q.writeQueueNums(); i++) {
                    queues.add(new MessageQueue(request.topic(), q.brokerName(), i));
                }
            }
        }
        if (queues.isEmpty()) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "topic " + request.topic()
                    + " has no writable queue on a master" + (request.brokerName() == null ? "" : " of broker " + request.brokerName()));
        }
        return queues;
    }

    private Promise<SendOutcome> attempt(Function<MessageQueue, RemotingCommand> build, String uniqKey,
            Map<String, String> masters, List<MessageQueue> candidates, int index, int tried, MessageQueue lastFailed) {
        MessageQueue mq = next(candidates, index, lastFailed);
        String address = masters.get(mq.brokerName());
        return rpc.call(BrokerAdmin.peer(address), BrokerAdmin.address(address), build.apply(mq),
                rpc.timeoutMs()).map(r -> outcome(address, r, mq, uniqKey)).recover(e -> {
                    boolean retry = tried + 1 < ATTEMPTS && candidates.size() > 1 && retryable(e);
                    return retry ? attempt(build, uniqKey, masters, candidates, index + 1, tried + 1, mq) : Promise.failed(e);
                });
    }

    /** The queue at {@code index}, skipping ahead past queues of the broker that just failed when possible. */
    private static MessageQueue next(List<MessageQueue> candidates, int index, MessageQueue lastFailed) {
        for (int i = 0; i < candidates.size(); i++) {
            MessageQueue mq = candidates.get((index + i) % candidates.size());
            if (lastFailed == null || !mq.brokerName().equals(lastFailed.brokerName())) {
                return mq;
            }
        }
        return candidates.get(index % candidates.size());
    }

    private static boolean retryable(AdminException e) {
        if (e.kind() == AdminException.Kind.TIMEOUT || e.kind() == AdminException.Kind.BROKER_UNREACHABLE) {
            return true;
        }
        for (int code : RETRYABLE) {
            if (e.kind() == AdminException.Kind.REMOTE_ERROR && e.code() == code) {
                return true;
            }
        }
        return false;
    }

    private RemotingCommand sendRequest(Request request, MessageQueue mq, String uniqKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (request.keys() != null && !request.keys().isBlank()) {
            properties.put(MessageConst.PROPERTY_KEYS, request.keys());
        }
        if (request.tags() != null && !request.tags().isBlank()) {
            properties.put(MessageConst.PROPERTY_TAGS, request.tags());
        }
        properties.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, uniqKey);
        properties.put(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, "true");
        SendHeaders.SendMessageRequestHeaderV2 header = new SendHeaders.SendMessageRequestHeaderV2(PRODUCER_GROUP,
                request.topic(), TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, DEFAULT_TOPIC_QUEUE_NUMS, mq.queueId(), 0,
                env.clock().nowMs(), 0, MessageProperties.encode(properties), 0, false, null, false, mq.brokerName());
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header)
                .body(request.body().getBytes(StandardCharsets.UTF_8));
    }

    private static SendOutcome outcome(String address, RemotingCommand r, MessageQueue sentTo, String uniqKey) {
        String status = switch (r.code()) {
            case ResponseCode.SUCCESS -> "SEND_OK";
            case ResponseCode.FLUSH_DISK_TIMEOUT -> "FLUSH_DISK_TIMEOUT";
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> "FLUSH_SLAVE_TIMEOUT";
            case ResponseCode.SLAVE_NOT_AVAILABLE -> "SLAVE_NOT_AVAILABLE";
            default -> throw AdminException.remote(BrokerAdmin.peer(address),
                    RequestCode.describe(RequestCode.SEND_MESSAGE_V2), r.code(), r.remark());
        };
        SendHeaders.SendMessageResponseHeader h = r.decodeHeader(SendHeaders.SendMessageResponseHeader.class);
        MessageQueue queue = new MessageQueue(sentTo.topic(), sentTo.brokerName(), h.queueId());
        return new SendOutcome(queue, status, uniqKey, h.msgId(), h.queueOffset());
    }
}
