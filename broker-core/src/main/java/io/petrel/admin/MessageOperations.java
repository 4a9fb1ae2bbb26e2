package io.petrel.admin;

import io.petrel.common.BrokerData;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.PermName;
import io.petrel.common.QueueData;
import io.petrel.common.TopicRouteData;
import io.petrel.common.message.MessageId;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Message reads for the admin commands: view by offsetMsgId (VIEW_MESSAGE_BY_ID to the address
 * inside the id), query by key (QUERY_MESSAGE to every broker of the topic), the readable queues
 * of a topic with their bounds, and pulls (PULL_MESSAGE with the expression in the request, as
 * RocketMQ's pull consumer sends them for the tools group). Sending is in {@link AdminSender}.
 */
public final class MessageOperations {

    /** mqadmin's queryMsgByKey asks each broker for at most this many messages. */
    static final int QUERY_MAX_NUM = 64;
    /** queryMsgByUniqueKey asks each broker for at most this many. */
    static final int UNIQUE_QUERY_MAX_NUM = 32;
    /** RocketMQ's pull consumer RPC timeout. */
    private static final long PULL_TIMEOUT_MS = 10_000;
    private static final long SUSPEND_MS = 20_000;
    private static final int PULL_FLAG_SUBSCRIPTION = 4;

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;
    private final AdminRpc rpc;
    private final Env env;
    private final AdminSender sender;
    private final MessageTracks tracks;

    MessageOperations(NamesrvAdmin namesrv, BrokerAdmin broker, ConsumerOperations consumers, AdminRpc rpc, Env env) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.rpc = rpc;
        this.env = env;
        this.sender = new AdminSender(namesrv, rpc, env);
        this.tracks = new MessageTracks(namesrv, broker, consumers);
    }

    /** queryMsgById: the message at the commit-log offset inside the id, read from the broker the id names. */
    public Promise<AdminMessage> viewMessage(String offsetMsgId) {
        MessageId.Decoded id;
        try {
            id = MessageId.decodeMessageId(offsetMsgId.trim());
        } catch (IllegalArgumentException e) {
            return Promise.failed(new AdminException(AdminException.Kind.INVALID_ARGUMENT,
                    "invalid message id: " + e.getMessage()));
        }
        String address = id.storeHost().toString();
        return rpc.success(BrokerAdmin.peer(address), BrokerAdmin.address(address), RemotingCommand.request(
                RequestCode.VIEW_MESSAGE_BY_ID, new ConsumerHeaders.ViewMessageRequestHeader(id.commitLogOffset())),
                rpc.timeoutMs()).map(r -> {
                    List<AdminMessage> found = MessageDecoding.decodeAll(r.bodyBytes(), null);
                    if (found.isEmpty()) {
                        throw new AdminException(AdminException.Kind.BAD_RESPONSE, BrokerAdmin.peer(address)
                                + " answered VIEW_MESSAGE_BY_ID without a message");
                    }
                    return found.get(0);
                });
    }

    /** Whether each group consuming the message's topic has consumed it. */
    public Promise<List<MessageTrack>> messageTrack(AdminMessage message) {
        return tracks.of(message);
    }

    /** queryMsgByKey: messages of the topic having the key, from every broker of its route. */
    public Promise<List<AdminMessage>> queryByKey(String topic, String key) {
        return namesrv.route(topic).then(route -> {
            List<Promise<List<AdminMessage>>> calls = new ArrayList<>();
            ClusterView.routeAddresses(route).forEach((name, address) -> calls.add(query(name, address, topic, key)));
            return Promise.all(calls);
        }).map(lists -> {
            List<AdminMessage> found = new ArrayList<>();
            lists.forEach(l -> l.forEach(m -> {
                if (m.topic().equals(topic) && m.hasKey(key)) {
                    found.add(m);
                }
            }));
            return found;
        });
    }

    /**
     * queryMsgByUniqueKey: messages of the topic whose client id (UNIQ_KEY) is {@code uniqKey}, from
     * every broker of its route, oldest stored first; a retried message has several.
     */
    public Promise<List<AdminMessage>> queryByUniqueKey(String topic, String uniqKey) {
        return namesrv.route(topic).then(route -> {
            List<Promise<List<AdminMessage>>> calls = new ArrayList<>();
            ClusterView.routeAddresses(route).forEach((name, address) -> calls.add(query(name, address, topic, uniqKey, true)));
            return Promise.all(calls);
        }).map(lists -> {
            List<AdminMessage> found = new ArrayList<>();
            lists.forEach(l -> l.forEach(m -> {
                if (m.topic().equals(topic) && uniqKey.equals(m.msgId())) {
                    found.add(m);
                }
            }));
            found.sort(Comparator.comparingLong(m -> m.stored().storeTimestamp()));
            return found;
        });
    }

    /**
     * queryMsgByUniqueKey -g -d: the oldest message with the client id is handed by the broker that
     * stores it to one client of the group, whose listener's answer is returned.
     */
    public Promise<ConsumeDirectlyResult> consumeDirectly(String group, String clientId, String topic, String uniqKey) {
        return queryByUniqueKey(topic, uniqKey).then(found -> {
            if (found.isEmpty()) {
                return Promise.failed(new AdminException(AdminException.Kind.NOT_FOUND,
                        "no message with unique key " + uniqKey + " in topic " + topic));
            }
            AdminMessage m = found.get(0);
            return broker.consumeMessageDirectly(m.stored().storeHost().toString(), group, clientId, m.offsetMsgId());
        });
    }

    /**
     * queryMsgById -g -d: the message with this offset message id handed by the broker that stores it
     * to one client of the group, whose listener's answer is returned.
     */
    public Promise<ConsumeDirectlyResult> consumeDirectlyById(String group, String clientId, String offsetMsgId) {
        return viewMessage(offsetMsgId).then(m -> broker.consumeMessageDirectly(m.stored().storeHost().toString(), group,
                clientId, offsetMsgId));
    }

    /**
     * queryMsgById -s true: the message with this offset message id sent again to its topic, with its
     * body, flag and properties (its unique key too, as RocketMQ's producer keeps one a message has).
     */
    public Promise<SendOutcome> resend(String offsetMsgId) {
        return viewMessage(offsetMsgId).then(sender::resend);
    }

    private Promise<List<AdminMessage>> query(String brokerName, String address, String topic, String key) {
        return query(brokerName, address, topic, key, false);
    }

    private Promise<List<AdminMessage>> query(String brokerName, String address, String topic, String key, boolean unique) {
        RemotingCommand request = RemotingCommand.request(RequestCode.QUERY_MESSAGE, new ConsumerHeaders.QueryMessageRequestHeader(
                topic, key, unique ? UNIQUE_QUERY_MAX_NUM : QUERY_MAX_NUM, 0L, Long.MAX_VALUE))
                .addExtField("_UNIQUE_KEY_QUERY", String.valueOf(unique));
        return rpc.call(BrokerAdmin.peer(address), BrokerAdmin.address(address), request, rpc.timeoutMs()).map(r -> {
            if (r.code() == ResponseCode.QUERY_NOT_FOUND) {
                return List.<AdminMessage>of();
            }
            AdminRpc.requireSuccess(BrokerAdmin.peer(address), RequestCode.describe(RequestCode.QUERY_MESSAGE), r);
            return MessageDecoding.decodeAll(r.bodyBytes(), brokerName);
        });
    }

    /** The topic's readable queues (RocketMQ's subscribe set), sorted. */
    public Promise<List<MessageQueue>> readQueues(String topic) {
        return namesrv.route(topic).map(route -> {
            List<MessageQueue> queues = new ArrayList<>();
            Map<String, String> addresses = ClusterView.routeAddresses(route);
            for (QueueData q : sortedQueueDatas(route)) {
                if (PermName.isReadable(q.perm()) && addresses.containsKey(q.brokerName())) {
                    for (int i = 0; i < q.readQueueNums(); i++) {
                        queues.add(new MessageQueue(topic, q.brokerName(), i));
                    }
                }
            }
            return queues;
        });
    }

    static List<QueueData> sortedQueueDatas(TopicRouteData route) {
        TreeMap<String, QueueData> byName = new TreeMap<>();
        if (route.queueDatas() != null) {
            route.queueDatas().forEach(q -> byName.put(q.brokerName(), q));
        }
        return new ArrayList<>(byName.values());
    }

    /** The address serving a queue's broker: its master, else its lowest-id slave. */
    public Promise<String> addressOf(MessageQueue mq) {
        return namesrv.route(mq.topic()).map(route -> {
            if (route.brokerDatas() != null) {
                for (BrokerData data : route.brokerDatas()) {
                    if (data.brokerName().equals(mq.brokerName()) && ClusterView.selectAddress(data) != null) {
                        return ClusterView.selectAddress(data);
                    }
                }
            }
            throw new AdminException(AdminException.Kind.NOT_FOUND, "broker " + mq.brokerName()
                    + " is not in the route of topic " + mq.topic());
        });
    }

    /** A pull of up to {@code maxNums} messages from {@code offset}, filtered by the TAG expression. */
    public Promise<PullAnswer> pull(MessageQueue mq, String subExpression, long offset, int maxNums) {
        return pull(mq, MixAll.TOOLS_CONSUMER_GROUP, subExpression, offset, maxNums);
    }

    /** A pull as {@code group} (RocketMQ's tools pull as TOOLS_CONSUMER unless told otherwise). */
    public Promise<PullAnswer> pull(MessageQueue mq, String group, String subExpression, long offset, int maxNums) {
        return addressOf(mq).then(address -> pullFrom(address, mq, group, subExpression, offset, maxNums));
    }

    private Promise<PullAnswer> pullFrom(String address, MessageQueue mq, String group, String expression, long offset,
            int maxNums) {
        long subVersion = env.clock().nowMs();
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE,
                new ConsumerHeaders.PullMessageRequestHeader(group, mq.topic(), mq.queueId(), offset,
                        maxNums, PULL_FLAG_SUBSCRIPTION, 0L, SUSPEND_MS, expression, subVersion, "TAG", mq.brokerName()));
        return rpc.call(BrokerAdmin.peer(address), BrokerAdmin.address(address), request, PULL_TIMEOUT_MS)
                .map(r -> PullAnswers.from(BrokerAdmin.peer(address), r, mq, expression));
    }

    /** queryMsgByOffset: the one message at a queue offset. */
    public Promise<AdminMessage> messageAt(MessageQueue mq, long offset) {
        return pull(mq, "*", offset, 1).map(answer -> {
            if (answer.status() != PullAnswer.Status.FOUND || answer.messages().isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "no message at offset " + offset + " of " + mq
                        + " (" + answer.status() + ", the queue holds " + answer.minOffset() + " to " + answer.maxOffset() + ")");
            }
            return answer.messages().get(0);
        });
    }

    public Promise<Long> minOffset(MessageQueue mq) {
        return addressOf(mq).then(a -> brokerCall(a, RequestCode.GET_MIN_OFFSET,
                new ConsumerHeaders.GetMinOffsetRequestHeader(mq.topic(), mq.queueId(), mq.brokerName())));
    }

    public Promise<Long> maxOffset(MessageQueue mq) {
        return addressOf(mq).then(a -> brokerCall(a, RequestCode.GET_MAX_OFFSET,
                new ConsumerHeaders.GetMaxOffsetRequestHeader(mq.topic(), mq.queueId(), mq.brokerName())));
    }

    public Promise<Long> searchOffset(MessageQueue mq, long timestampMs) {
        return addressOf(mq).then(a -> brokerCall(a, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                new ConsumerHeaders.SearchOffsetRequestHeader(mq.topic(), mq.queueId(), timestampMs, mq.brokerName())));
    }

    private Promise<Long> brokerCall(String address, int code, Object header) {
        Address parsed = BrokerAdmin.address(address);
        return rpc.success(BrokerAdmin.peer(address), parsed, RemotingCommand.request(code, header), rpc.timeoutMs())
                .map(r -> r.decodeHeader(ConsumerHeaders.OffsetResponseHeader.class).offset());
    }

    /** sendMessage: one message, to the given queue or to a writable queue of the topic's route. */
    public Promise<SendOutcome> send(AdminSender.Request request) {
        return sender.send(request);
    }
}
