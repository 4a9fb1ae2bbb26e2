package io.petrel.acl;

import io.petrel.common.ConsumerData;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.SubscriptionData;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a request needs, read from its ext fields and body as RocketMQ 4.9's PlainAccessValidator
 * reads them: topics and groups (a group as its retry topic {@code %RETRY%group}) with PUB or SUB,
 * and whether only an admin may send it. Codes not listed need no topic or group, only a valid
 * signature: among them the read-only operations requests (QUERY_CONSUME_TIME_SPAN,
 * GET_BROKER_CONSUME_STATS, QUERY_CONSUME_QUEUE and the rest of 303–328), which 4.9.8's validator
 * does not classify either. The operations requests that change or delete state are admin-only here,
 * where 4.9.8 lets any signed account send them: CLEAN_EXPIRED_CONSUMEQUEUE, CLONE_GROUP_OFFSET
 * (which overwrites another group's offsets), CLEAN_UNUSED_TOPIC and DELETE_EXPIRED_COMMITLOG.
 */
public final class RequiredAccess {

    public static final String RETRY_PREFIX = "%RETRY%";

    /**
     * RocketMQ 4.9's admin codes, plus the ACL admin requests (RocketMQ lets any signed account send
     * UPDATE_AND_CREATE_ACL_CONFIG, so any account could make itself an admin) and the operations
     * requests that change or delete state.
     */
    static final Set<Integer> ADMIN_CODES = new TreeSet<>(List.of(RequestCode.UPDATE_AND_CREATE_TOPIC,
            RequestCode.UPDATE_BROKER_CONFIG, RequestCode.DELETE_TOPIC_IN_BROKER,
            RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, RequestCode.DELETE_SUBSCRIPTIONGROUP,
            RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, RequestCode.DELETE_ACL_CONFIG,
            RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE,
            RequestCode.CLONE_GROUP_OFFSET, RequestCode.CLEAN_UNUSED_TOPIC, RequestCode.DELETE_EXPIRED_COMMITLOG));

    private RequiredAccess() {
    }

    public static boolean needsAdmin(int code) {
        return ADMIN_CODES.contains(code);
    }

    /**
     * Resource → permission needed, in the order found.
     *
     * @throws AclConfigException when the body the check needs cannot be read (a heartbeat)
     */
    public static Map<String, Byte> of(RemotingCommand request) {
        Map<String, String> ext = request.extFields() == null ? Collections.emptyMap() : request.extFields();
        Map<String, Byte> needs = new LinkedHashMap<>();
        switch (request.code()) {
            case RequestCode.SEND_MESSAGE -> send(needs, ext.get("topic"), ext.get("producerGroup"), ext.get("group"));
            case RequestCode.SEND_MESSAGE_V2 -> send(needs, ext.get("b"), ext.get("a"), ext.get("a"));
            // RocketMQ 4.9 checks no topic for a reply; here a reply needs PUB on its reply topic, as a send.
            case RequestCode.SEND_REPLY_MESSAGE -> needs.put(String.valueOf(ext.get("topic")), Permission.PUB);
            case RequestCode.SEND_REPLY_MESSAGE_V2 -> needs.put(String.valueOf(ext.get("b")), Permission.PUB);
            case RequestCode.CONSUMER_SEND_MSG_BACK -> needs.put(retry(ext.get("group")), Permission.SUB);
            case RequestCode.PULL_MESSAGE -> {
                needs.put(String.valueOf(ext.get("topic")), Permission.SUB);
                needs.put(retry(ext.get("consumerGroup")), Permission.SUB);
            }
            case RequestCode.QUERY_MESSAGE -> needs.put(String.valueOf(ext.get("topic")), Permission.SUB);
            case RequestCode.HEART_BEAT -> heartbeat(needs, request);
            case RequestCode.UNREGISTER_CLIENT, RequestCode.GET_CONSUMER_LIST_BY_GROUP -> {
                if (ext.get("consumerGroup") != null) {
                    needs.put(retry(ext.get("consumerGroup")), Permission.SUB);
                }
            }
            case RequestCode.UPDATE_CONSUMER_OFFSET -> {
                needs.put(retry(ext.get("consumerGroup")), Permission.SUB);
                needs.put(String.valueOf(ext.get("topic")), Permission.SUB);
            }
            default -> {
            }
        }
        return needs;
    }

    /** A send to a retry topic is a consumer sending back, so it needs SUB on the group (RocketMQ's rule). */
    private static void send(Map<String, Byte> needs, String topic, String v1Group, String group) {
        if (topic != null && topic.startsWith(RETRY_PREFIX)) {
            needs.put(retry(group != null ? group : v1Group), Permission.SUB);
        } else {
            needs.put(String.valueOf(topic), Permission.PUB);
        }
    }

    private static void heartbeat(Map<String, Byte> needs, RemotingCommand request) {
        HeartbeatData data;
        try {
            data = Json.read(request.bodyBytes(), HeartbeatData.class);
        } catch (RuntimeException e) {
            throw new AclConfigException("the heartbeat body cannot be read to check its groups and topics");
        }
        if (data == null || data.consumerDataSet() == null) {
            return;
        }
        for (ConsumerData c : data.consumerDataSet()) {
            needs.put(retry(c.groupName()), Permission.SUB);
            if (c.subscriptionDataSet() != null) {
                for (SubscriptionData s : c.subscriptionDataSet()) {
                    needs.put(s.topic(), Permission.SUB);
                }
            }
        }
    }

    static String retry(String group) {
        return RETRY_PREFIX + group;
    }
}
