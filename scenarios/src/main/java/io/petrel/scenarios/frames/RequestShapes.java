package io.petrel.scenarios.frames;

import io.petrel.ha.PushTail;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.header.AclHeaders;
import io.petrel.remoting.header.AdminHeaders;
import io.petrel.remoting.header.ClientCallHeaders;
import io.petrel.remoting.header.ConsumerHeaders;
import io.petrel.remoting.header.NamesrvHeaders;
import io.petrel.remoting.header.SendHeaders;
import io.petrel.remoting.header.TransactionHeaders;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a well-formed request of each code a node serves looks like: the header record its processor
 * decodes (whose components are RocketMQ's ext-field names, with their types and {@code @Required}
 * marks) and the kind of body it reads. The frame fuzzer starts from these and breaks them. The
 * tables list every code the broker, the NameServer and Petrel's client register; a code added to a
 * processor without a line here is fuzzed only as an unknown code.
 */
public final class RequestShapes {

    /** The body a request of a code carries when well-formed. */
    public enum BodyKind { NONE, MESSAGE, BATCH, HEARTBEAT, UNREGISTER, CHECK_CLIENT, GROUP_CONFIG, LOCK_BATCH,
        BROKER_CONFIG, REGISTER_BROKER, DATA_VERSION, STORED_MESSAGE, HALF_MESSAGE, RESET_OFFSET }

    /** One code's shape: its header record (null when it reads none) and its body. */
    public record Shape(int code, Class<?> header, BodyKind body) {
    }

    private RequestShapes() {
    }

    /** The codes a broker serves (docs/protocol.md §3), PushTail included. */
    public static Map<Integer, Shape> broker() {
        Map<Integer, Shape> m = new TreeMap<>();
        add(m, RequestCode.SEND_MESSAGE, SendHeaders.SendMessageRequestHeader.class, BodyKind.MESSAGE);
        add(m, RequestCode.SEND_MESSAGE_V2, SendHeaders.SendMessageRequestHeaderV2.class, BodyKind.MESSAGE);
        add(m, RequestCode.SEND_BATCH_MESSAGE, SendHeaders.SendMessageRequestHeaderV2.class, BodyKind.BATCH);
        add(m, RequestCode.END_TRANSACTION, TransactionHeaders.EndTransactionRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.SEND_REPLY_MESSAGE, SendHeaders.SendMessageRequestHeader.class, BodyKind.MESSAGE);
        add(m, RequestCode.SEND_REPLY_MESSAGE_V2, SendHeaders.SendMessageRequestHeaderV2.class, BodyKind.MESSAGE);
        add(m, RequestCode.PULL_MESSAGE, ConsumerHeaders.PullMessageRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.HEART_BEAT, null, BodyKind.HEARTBEAT);
        add(m, RequestCode.UNREGISTER_CLIENT, ConsumerHeaders.UnregisterClientRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.CHECK_CLIENT_CONFIG, null, BodyKind.CHECK_CLIENT);
        add(m, RequestCode.GET_CONSUMER_LIST_BY_GROUP, ConsumerHeaders.GetConsumerListByGroupRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.QUERY_CONSUMER_OFFSET, ConsumerHeaders.QueryConsumerOffsetRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.UPDATE_CONSUMER_OFFSET, ConsumerHeaders.UpdateConsumerOffsetRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_MAX_OFFSET, ConsumerHeaders.GetMaxOffsetRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_MIN_OFFSET, ConsumerHeaders.GetMinOffsetRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, ConsumerHeaders.SearchOffsetRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_EARLIEST_MSG_STORETIME, ConsumerHeaders.GetEarliestMsgStoretimeRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.CONSUMER_SEND_MSG_BACK, ConsumerHeaders.ConsumerSendMsgBackRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.QUERY_MESSAGE, ConsumerHeaders.QueryMessageRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.VIEW_MESSAGE_BY_ID, ConsumerHeaders.ViewMessageRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.LOCK_BATCH_MQ, null, BodyKind.LOCK_BATCH);
        add(m, RequestCode.UNLOCK_BATCH_MQ, null, BodyKind.LOCK_BATCH);
        addAdmin(m);
        add(m, PushTail.REQUEST_CODE, PushTail.Header.class, BodyKind.NONE);
        return Collections.unmodifiableMap(m);
    }

    private static void addAdmin(Map<Integer, Shape> m) {
        add(m, RequestCode.UPDATE_AND_CREATE_TOPIC, AdminHeaders.CreateTopicRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.DELETE_TOPIC_IN_BROKER, AdminHeaders.DeleteTopicRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_ALL_TOPIC_CONFIG, null, BodyKind.NONE);
        add(m, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null, BodyKind.GROUP_CONFIG);
        add(m, RequestCode.DELETE_SUBSCRIPTIONGROUP, AdminHeaders.DeleteSubscriptionGroupRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, BodyKind.NONE);
        add(m, RequestCode.GET_ALL_CONSUMER_OFFSET, null, BodyKind.NONE);
        add(m, RequestCode.GET_ALL_DELAY_OFFSET, null, BodyKind.NONE);
        add(m, RequestCode.GET_CONSUMER_CONNECTION_LIST, AdminHeaders.GetConsumerConnectionListRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_PRODUCER_CONNECTION_LIST, AdminHeaders.GetProducerConnectionListRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, AdminHeaders.QueryTopicConsumeByWhoRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_TOPIC_CONFIG, AdminHeaders.GetTopicConfigRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_TOPIC_STATS_INFO, AdminHeaders.GetTopicStatsInfoRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_CONSUME_STATS, AdminHeaders.GetConsumeStatsRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_BROKER_RUNTIME_INFO, null, BodyKind.NONE);
        add(m, RequestCode.VIEW_BROKER_STATS_DATA, AdminHeaders.ViewBrokerStatsDataRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_BROKER_CONFIG, null, BodyKind.NONE);
        add(m, RequestCode.UPDATE_BROKER_CONFIG, null, BodyKind.BROKER_CONFIG);
        add(m, RequestCode.GET_CONSUMER_RUNNING_INFO, AdminHeaders.GetConsumerRunningInfoRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.CONSUME_MESSAGE_DIRECTLY, ClientCallHeaders.ConsumeMessageDirectlyResultRequestHeader.class,
                BodyKind.NONE);
        add(m, RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, AdminHeaders.GetConsumerStatusRequestHeader.class,
                BodyKind.NONE);
        add(m, RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, AdminHeaders.ResetOffsetRequestHeader.class, BodyKind.NONE);
    }

    /** The codes a NameServer serves. */
    /** A broker with aclEnable=true: {@link #broker()}'s codes and the four ACL admin requests. */
    public static Map<Integer, Shape> brokerWithAcl() {
        Map<Integer, Shape> m = new TreeMap<>(broker());
        add(m, RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, AclHeaders.CreateAccessConfigRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.DELETE_ACL_CONFIG, AclHeaders.DeleteAccessConfigRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, AclHeaders.UpdateGlobalWhiteAddrsConfigRequestHeader.class,
                BodyKind.NONE);
        add(m, RequestCode.GET_BROKER_CLUSTER_ACL_INFO, null, BodyKind.NONE);
        return Collections.unmodifiableMap(m);
    }

    public static Map<Integer, Shape> namesrv() {
        Map<Integer, Shape> m = new TreeMap<>();
        add(m, RequestCode.REGISTER_BROKER, NamesrvHeaders.RegisterBrokerRequestHeader.class, BodyKind.REGISTER_BROKER);
        add(m, RequestCode.UNREGISTER_BROKER, NamesrvHeaders.UnregisterBrokerRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_ROUTEINFO_BY_TOPIC, NamesrvHeaders.GetRouteInfoRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_BROKER_CLUSTER_INFO, null, BodyKind.NONE);
        add(m, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, null, BodyKind.NONE);
        add(m, RequestCode.GET_TOPICS_BY_CLUSTER, NamesrvHeaders.GetTopicsByClusterRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, null, BodyKind.NONE);
        add(m, RequestCode.GET_UNIT_TOPIC_LIST, null, BodyKind.NONE);
        add(m, RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, null, BodyKind.NONE);
        add(m, RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST, null, BodyKind.NONE);
        add(m, RequestCode.DELETE_TOPIC_IN_NAMESRV, NamesrvHeaders.DeleteTopicFromNamesrvRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.WIPE_WRITE_PERM_OF_BROKER, NamesrvHeaders.WipeWritePermOfBrokerRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.ADD_WRITE_PERM_OF_BROKER, NamesrvHeaders.AddWritePermOfBrokerRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.QUERY_DATA_VERSION, NamesrvHeaders.QueryDataVersionRequestHeader.class, BodyKind.DATA_VERSION);
        add(m, RequestCode.PUT_KV_CONFIG, NamesrvHeaders.PutKVConfigRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_KV_CONFIG, NamesrvHeaders.GetKVConfigRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.DELETE_KV_CONFIG, NamesrvHeaders.DeleteKVConfigRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_KVLIST_BY_NAMESPACE, NamesrvHeaders.GetKVListByNamespaceRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_NAMESRV_CONFIG, null, BodyKind.NONE);
        return Collections.unmodifiableMap(m);
    }

    /** The broker-to-client codes Petrel's client serves on the connections it opened. */
    public static Map<Integer, Shape> client() {
        Map<Integer, Shape> m = new TreeMap<>();
        add(m, RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, ConsumerHeaders.NotifyConsumerIdsChangedRequestHeader.class,
                BodyKind.NONE);
        add(m, RequestCode.GET_CONSUMER_RUNNING_INFO, AdminHeaders.GetConsumerRunningInfoRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, AdminHeaders.GetConsumerStatusRequestHeader.class, BodyKind.NONE);
        add(m, RequestCode.RESET_CONSUMER_CLIENT_OFFSET, AdminHeaders.ResetOffsetRequestHeader.class, BodyKind.RESET_OFFSET);
        add(m, RequestCode.CONSUME_MESSAGE_DIRECTLY, ClientCallHeaders.ConsumeMessageDirectlyResultRequestHeader.class,
                BodyKind.STORED_MESSAGE);
        add(m, RequestCode.CHECK_TRANSACTION_STATE, TransactionHeaders.CheckTransactionStateRequestHeader.class,
                BodyKind.HALF_MESSAGE);
        return Collections.unmodifiableMap(m);
    }

    private static void add(Map<Integer, Shape> m, int code, Class<?> header, BodyKind body) {
        m.put(code, new Shape(code, header, body));
    }
}
