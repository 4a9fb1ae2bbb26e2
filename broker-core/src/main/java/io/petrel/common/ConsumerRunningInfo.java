package io.petrel.common;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A consumer's answer to GET_CONSUMER_RUNNING_INFO, forwarded unchanged by the broker: its
 * settings ({@code PROP_*} properties), subscriptions, the queues it owns and its rates per topic,
 * and optionally a thread dump.
 */
public record ConsumerRunningInfo(Map<String, String> properties, Set<SubscriptionData> subscriptionSet,
        Map<MessageQueue, ProcessQueueInfo> mqTable, Map<String, ConsumeStatus> statusTable, String jstack) {

    public static final String PROP_NAMESERVER_ADDR = "PROP_NAMESERVER_ADDR";
    public static final String PROP_THREADPOOL_CORE_SIZE = "PROP_THREADPOOL_CORE_SIZE";
    public static final String PROP_CONSUME_ORDERLY = "PROP_CONSUMEORDERLY";
    public static final String PROP_CONSUME_TYPE = "PROP_CONSUME_TYPE";
    public static final String PROP_CLIENT_VERSION = "PROP_CLIENT_VERSION";
    public static final String PROP_CONSUMER_START_TIMESTAMP = "PROP_CONSUMER_START_TIMESTAMP";

    public ConsumerRunningInfo {
        properties = properties == null ? new TreeMap<>() : new TreeMap<>(properties);
        subscriptionSet = subscriptionSet == null ? new LinkedHashSet<>() : new LinkedHashSet<>(subscriptionSet);
        mqTable = mqTable == null ? new TreeMap<>() : new TreeMap<>(mqTable);
        statusTable = statusTable == null ? new TreeMap<>() : new TreeMap<>(statusTable);
    }
}
