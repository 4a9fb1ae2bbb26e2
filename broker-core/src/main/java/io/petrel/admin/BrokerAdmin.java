package io.petrel.admin;

import io.petrel.common.BrokerStatsData;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumeStatsList;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.GetConsumerStatusBody;
import io.petrel.common.GroupList;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.MessageQueue;
import io.petrel.common.ProducerConnection;
import io.petrel.common.ProducerTableInfo;
import io.petrel.common.QueryConsumeQueueResponseBody;
import io.petrel.common.ResetOffsetBody;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.SubscriptionGroupWrapper;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicStatsTable;
import io.petrel.common.TopicValidator;
import io.petrel.config.ConfigException;
import io.petrel.config.PropertiesText;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.header.AdminHeaders;
import io.petrel.remoting.header.ClientCallHeaders;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.remoting.header.ProgressHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admin requests mqadmin sends to one broker, each answered or failed with the broker's code
 * and remark: topics, subscription groups, stats, connections, consumer status, runtime info and
 * config, and the operations requests on a broker's groups and store ({@link #consumeStatsInBroker},
 * {@link #cleanExpiredConsumeQueue} and the others below it). Bodies keyed by MessageQueue are read
 * with {@link io.petrel.common.FastjsonBodies} because official brokers write them with object keys.
 */
public final class BrokerAdmin {

    /** How much longer than the default the slow requests may take, as RocketMQ's admin allows. */
    private static final int SLOW_FACTOR = 3;

    private final AdminRpc rpc;

    BrokerAdmin(AdminRpc rpc) {
        this.rpc = rpc;
    }

    /** Parses a broker address given by an operator or a route. */
    public static Address address(String text) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "invalid broker address: " + e.getMessage());
        }
    }

    static String peer(String address) {
        return "broker " + address;
    }

    private Promise<RemotingCommand> call(String address, RemotingCommand request) {
        return call(address, request, rpc.timeoutMs());
    }

    private Promise<RemotingCommand> call(String address, RemotingCommand request, long timeoutMs) {
        Address parsed;
        try {
            parsed = address(address);
        } catch (AdminException e) {
            return Promise.failed(e);
        }
        return rpc.success(peer(address), parsed, request, timeoutMs);
    }

    /** UPDATE_AND_CREATE_TOPIC with mqadmin's defaults: template topic TBW102. */
    public Promise<Void> createTopic(String address, TopicConfig topic) {
        return call(address, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new AdminHeaders.CreateTopicRequestHeader(topic.topicName(), TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC,
                        topic.readQueueNums(), topic.writeQueueNums(), topic.perm(), topic.topicFilterType().name(),
                        topic.topicSysFlag(), topic.order()))).map(r -> null);
    }

    public Promise<Void> deleteTopic(String address, String topic) {
        return call(address, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER,
                new AdminHeaders.DeleteTopicRequestHeader(topic))).map(r -> null);
    }

    public Promise<Void> createSubscriptionGroup(String address, SubscriptionGroupConfig config) {
        return call(address, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null)
                .body(Json.write(config))).map(r -> null);
    }

    public Promise<Void> deleteSubscriptionGroup(String address, String group, boolean removeOffset) {
        return call(address, RemotingCommand.request(RequestCode.DELETE_SUBSCRIPTIONGROUP,
                new AdminHeaders.DeleteSubscriptionGroupRequestHeader(group, removeOffset))).map(r -> null);
    }

    /** GET_ALL_TOPIC_CONFIG: every topic the broker has settings for, by name. */
    public Promise<Map<String, TopicConfig>> topicConfigs(String address) {
        return call(address, RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG, null)).map(r -> {
            TopicConfigSerializeWrapper wrapper = Bodies.json(r, TopicConfigSerializeWrapper.class, peer(address));
            return wrapper.topicConfigTable() == null ? new TreeMap<String, TopicConfig>() : new TreeMap<>(wrapper.topicConfigTable());
        });
    }

    /** GET_ALL_SUBSCRIPTIONGROUP_CONFIG: every group the broker has settings for, by name. */
    public Promise<Map<String, SubscriptionGroupConfig>> subscriptionGroups(String address) {
        return call(address, RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null)).map(r -> {
            SubscriptionGroupWrapper wrapper = Bodies.json(r, SubscriptionGroupWrapper.class, peer(address));
            return wrapper.subscriptionGroupTable() == null ? new TreeMap<String, SubscriptionGroupConfig>()
                    : new TreeMap<>(wrapper.subscriptionGroupTable());
        });
    }

    public Promise<TopicStatsTable> topicStats(String address, String topic) {
        return call(address, RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO,
                new AdminHeaders.GetTopicStatsInfoRequestHeader(topic)))
                .map(r -> Bodies.mqKeyed(r, TopicStatsTable.class, peer(address)));
    }

    /** GET_CONSUME_STATS; {@code topic} null means every topic the group has offsets for. */
    public Promise<ConsumeStats> consumeStats(String address, String group, String topic) {
        return call(address, RemotingCommand.request(RequestCode.GET_CONSUME_STATS,
                new AdminHeaders.GetConsumeStatsRequestHeader(group, topic)), rpc.timeoutMs() * SLOW_FACTOR)
                .map(r -> Bodies.mqKeyed(r, ConsumeStats.class, peer(address)));
    }

    public Promise<ConsumerConnection> consumerConnection(String address, String group) {
        return call(address, RemotingCommand.request(RequestCode.GET_CONSUMER_CONNECTION_LIST,
                new AdminHeaders.GetConsumerConnectionListRequestHeader(group)))
                .map(r -> Bodies.json(r, ConsumerConnection.class, peer(address)));
    }

    public Promise<ProducerConnection> producerConnection(String address, String group) {
        return call(address, RemotingCommand.request(RequestCode.GET_PRODUCER_CONNECTION_LIST,
                new AdminHeaders.GetProducerConnectionListRequestHeader(group)))
                .map(r -> Bodies.json(r, ProducerConnection.class, peer(address)));
    }

    /** GET_CONSUMER_RUNNING_INFO, which the broker forwards to the client and waits up to 10 s for. */
    public Promise<ConsumerRunningInfo> consumerRunningInfo(String address, String group, String clientId,
            boolean jstack) {
        return call(address, RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO,
                new AdminHeaders.GetConsumerRunningInfoRequestHeader(group, clientId, jstack)),
                rpc.timeoutMs() * SLOW_FACTOR).map(r -> Bodies.mqKeyed(r, ConsumerRunningInfo.class, peer(address)));
    }

    /**
     * CONSUME_MESSAGE_DIRECTLY: the broker reads the message at {@code offsetMsgId} and hands it to
     * the client, waiting for its listener's answer, as long as GET_CONSUMER_RUNNING_INFO.
     */
    public Promise<ConsumeDirectlyResult> consumeMessageDirectly(String address, String group, String clientId,
            String offsetMsgId) {
        return call(address, RemotingCommand.request(RequestCode.CONSUME_MESSAGE_DIRECTLY,
                new ClientCallHeaders.ConsumeMessageDirectlyResultRequestHeader(group, clientId, offsetMsgId, null)),
                rpc.timeoutMs() * SLOW_FACTOR).map(r -> Bodies.json(r, ConsumeDirectlyResult.class, peer(address)));
    }

    /** INVOKE_BROKER_TO_GET_CONSUMER_STATUS: each client's in-memory offsets, keyed by client id. */
    public Promise<GetConsumerStatusBody> consumerStatus(String address, String topic, String group, String clientId) {
        return call(address, RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS,
                new AdminHeaders.GetConsumerStatusRequestHeader(topic, group, clientId == null ? "" : clientId)),
                rpc.timeoutMs() * SLOW_FACTOR).map(r -> Bodies.mqKeyed(r, GetConsumerStatusBody.class, peer(address)));
    }

    /** INVOKE_BROKER_TO_RESET_OFFSET; a timestamp of -1 means the end of every queue. */
    public Promise<ResetOffsetBody> resetOffset(String address, String topic, String group, long timestamp,
            boolean force) {
        return call(address, RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                new AdminHeaders.ResetOffsetRequestHeader(topic, group, timestamp, force)))
                .map(r -> r.bodyLength() == 0 ? new ResetOffsetBody(null)
                        : Bodies.mqKeyed(r, ResetOffsetBody.class, peer(address)));
    }

    public Promise<GroupList> topicConsumedBy(String address, String topic) {
        return call(address, RemotingCommand.request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
                new AdminHeaders.QueryTopicConsumeByWhoRequestHeader(topic)))
                .map(r -> Bodies.json(r, GroupList.class, peer(address)));
    }

    /** GET_BROKER_RUNTIME_INFO, sorted by key. */
    public Promise<Map<String, String>> runtimeInfo(String address) {
        return call(address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null)).map(r -> {
            KVTable table = Bodies.json(r, KVTable.class, peer(address));
            return table.table() == null ? new TreeMap<String, String>() : new TreeMap<>(table.table());
        });
    }

    /** GET_BROKER_CONFIG: every key the broker has, sorted by key. */
    public Promise<Map<String, String>> brokerConfig(String address) {
        return call(address, RemotingCommand.request(RequestCode.GET_BROKER_CONFIG, null)).map(r -> {
            byte[] body = r.bodyBytes();
            try {
                return PropertiesText.parse(body == null ? "" : new String(body, StandardCharsets.UTF_8));
            } catch (ConfigException e) {
                throw new AdminException(AdminException.Kind.BAD_RESPONSE, peer(address) + " sent " + e.getMessage());
            }
        });
    }

    /** UPDATE_BROKER_CONFIG with {@code key=value} lines, as mqadmin sends them. */
    public Promise<Void> updateBrokerConfig(String address, Map<String, String> changes) {
        StringBuilder text = new StringBuilder();
        changes.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return call(address, RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG, null)
                .body(text.toString().getBytes(StandardCharsets.UTF_8))).map(r -> null);
    }

    /** VIEW_BROKER_STATS_DATA, e.g. TOPIC_PUT_NUMS of a topic or GROUP_GET_NUMS of "topic@group". */
    public Promise<BrokerStatsData> statsData(String address, String statsName, String statsKey) {
        return call(address, RemotingCommand.request(RequestCode.VIEW_BROKER_STATS_DATA,
                new AdminHeaders.ViewBrokerStatsDataRequestHeader(statsName, statsKey)))
                .map(r -> Bodies.json(r, BrokerStatsData.class, peer(address)));
    }

    /** GET_MAX_OFFSET: the queue's next offset (its entry count). */
    public Promise<Long> maxOffset(String address, MessageQueue mq) {
        return call(address, RemotingCommand.request(RequestCode.GET_MAX_OFFSET,
                new ConsumerHeaders.GetMaxOffsetRequestHeader(mq.topic(), mq.queueId(), mq.brokerName())))
                .map(r -> r.decodeHeader(ConsumerHeaders.OffsetResponseHeader.class).offset());
    }

    /** GET_MIN_OFFSET: the queue's first offset still stored. */
    public Promise<Long> minOffset(String address, MessageQueue mq) {
        return call(address, RemotingCommand.request(RequestCode.GET_MIN_OFFSET,
                new ConsumerHeaders.GetMinOffsetRequestHeader(mq.topic(), mq.queueId(), mq.brokerName())))
                .map(r -> r.decodeHeader(ConsumerHeaders.OffsetResponseHeader.class).offset());
    }

    /** SEARCH_OFFSET_BY_TIMESTAMP: the offset of the message stored closest to {@code timestampMs}. */
    public Promise<Long> searchOffset(String address, MessageQueue mq, long timestampMs) {
        return call(address, RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                new ConsumerHeaders.SearchOffsetRequestHeader(mq.topic(), mq.queueId(), timestampMs, mq.brokerName())))
                .map(r -> r.decodeHeader(ConsumerHeaders.OffsetResponseHeader.class).offset());
    }

    /** UPDATE_CONSUMER_OFFSET, sent and answered (admin tools do not send it oneway). */
    public Promise<Void> updateConsumerOffset(String address, String group, MessageQueue mq, long offset) {
        return call(address, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET,
                new ConsumerHeaders.UpdateConsumerOffsetRequestHeader(group, mq.topic(), mq.queueId(), offset,
                        mq.brokerName()))).map(r -> null);
    }

    /**
     * GET_BROKER_CONSUME_STATS: every subscription group's progress on the broker (only ordered
     * topics when {@code orderOnly}), with the request timeout mqadmin brokerConsumeStats takes.
     */
    public Promise<ConsumeStatsList> consumeStatsInBroker(String address, boolean orderOnly, long timeoutMs) {
        return call(address, RemotingCommand.request(RequestCode.GET_BROKER_CONSUME_STATS,
                new ProgressHeaders.GetConsumeStatsInBrokerHeader(orderOnly)), timeoutMs)
                .map(r -> Bodies.mqKeyed(r, ConsumeStatsList.class, peer(address)));
    }

    /** GET_ALL_PRODUCER_INFO: every producer group with live members, and those members. */
    public Promise<ProducerTableInfo> allProducerInfo(String address) {
        return call(address, RemotingCommand.request(RequestCode.GET_ALL_PRODUCER_INFO, null))
                .map(r -> Bodies.json(r, ProducerTableInfo.class, peer(address)));
    }

    /**
     * CLONE_GROUP_OFFSET: the broker copies {@code srcGroup}'s offsets on {@code topic} to
     * {@code destGroup}. It answers SUCCESS having copied nothing when it does not have the topic or,
     * unless {@code offline}, when the source group's online members do not subscribe to it.
     */
    public Promise<Void> cloneGroupOffset(String address, String srcGroup, String destGroup, String topic,
            boolean offline) {
        return call(address, RemotingCommand.request(RequestCode.CLONE_GROUP_OFFSET,
                new ProgressHeaders.CloneGroupOffsetRequestHeader(srcGroup, destGroup, topic, offline)),
                rpc.timeoutMs() * SLOW_FACTOR).map(r -> null);
    }

    /** CLEAN_EXPIRED_CONSUMEQUEUE: destroy the consume queues all of whose messages retention deleted. */
    public Promise<Void> cleanExpiredConsumeQueue(String address) {
        return call(address, RemotingCommand.request(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, null)).map(r -> null);
    }

    /** DELETE_EXPIRED_COMMITLOG: the broker's next clean runs delete expired files whatever deleteWhen says. */
    public Promise<Void> deleteExpiredCommitLog(String address) {
        return call(address, RemotingCommand.request(RequestCode.DELETE_EXPIRED_COMMITLOG, null)).map(r -> null);
    }

    /** CLEAN_UNUSED_TOPIC: destroy the consume queues of topics the broker's topic table no longer has. */
    public Promise<Void> cleanUnusedTopic(String address) {
        return call(address, RemotingCommand.request(RequestCode.CLEAN_UNUSED_TOPIC, null)).map(r -> null);
    }

    /**
     * QUERY_CONSUME_QUEUE: up to {@code count} raw entries of one consume queue from {@code index},
     * with {@code group}'s subscription when given. A broker that answers SUCCESS without a body
     * (an index the queue does not hold) fails the call with its remark.
     */
    public Promise<QueryConsumeQueueResponseBody> queryConsumeQueue(String address, String topic, int queueId, long index,
            int count, String group) {
        return call(address, RemotingCommand.request(RequestCode.QUERY_CONSUME_QUEUE,
                new ProgressHeaders.QueryConsumeQueueRequestHeader(topic, queueId, index, count, group))).map(r -> {
                    if (r.bodyLength() == 0) {
                        throw new AdminException(AdminException.Kind.NOT_FOUND, peer(address) + " has no such entry"
                                + (r.remark() == null || r.remark().isBlank() ? "" : ": " + r.remark().trim()));
                    }
                    return Bodies.json(r, QueryConsumeQueueResponseBody.class, peer(address));
                });
    }
}
