package io.petrel.broker;

import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.env.Address;
import io.petrel.ha.HaConfig;
import io.petrel.store.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A broker's typed configuration, bound from its properties file and checked across fields
 * (brokerId 0 if and only if a master role; NameServer addresses that parse; IP literals).
 * Immutable; runtime config updates produce a new instance.
 */
public record BrokerSettings(
        String clusterName,
        String brokerName,
        long brokerId,
        List<Address> namesrvAddrs,
        String brokerIP1,
        String brokerIP2,
        int listenPort,
        String bindAddress,
        int haListenPort,
        BrokerRole role,
        int brokerPermission,
        int defaultTopicQueueNums,
        boolean autoCreateTopicEnable,
        boolean clusterTopicEnable,
        boolean brokerTopicEnable,
        boolean autoCreateSubscriptionGroup,
        boolean traceTopicEnable,
        String traceTopicName,
        long registerPeriodMs,
        long registerTimeoutMs,
        boolean compressedRegister,
        long flushConsumerOffsetIntervalMs,
        boolean longPollingEnable,
        long shortPollingMs,
        boolean notifyConsumerIdsChangedEnable,
        boolean slaveReadEnable,
        String regionId,
        boolean traceOn,
        boolean rejectTransactionMessage,
        long clientChannelExpiredMillis,
        long serverChannelMaxIdleSeconds,
        Set<String> configBlackList,
        StoreConfig store,
        HaConfig ha,
        ConfigValues values) {

    /** Every key a broker properties file may hold: the broker's, then the store's. */
    public static final ConfigRegistry REGISTRY = new ConfigRegistry("broker",
            List.of(BrokerConfig.REGISTRY, StoreConfig.REGISTRY, HaConfig.REGISTRY), List.of());

    /** The address clients use, as stored in every message's store host: brokerIP1:listenPort. */
    public String brokerAddr() {
        return brokerIP1 + ":" + listenPort;
    }

    /** The address slaves replicate from: brokerIP2 (or brokerIP1):haListenPort. */
    public String haServerAddr() {
        return (brokerIP2.isEmpty() ? brokerIP1 : brokerIP2) + ":" + haListenPort;
    }

    /** RocketMQ's "VIP" channel port. */
    public int vipPort() {
        return listenPort - 2;
    }

    public boolean isMaster() {
        return role.isMaster();
    }

    /**
     * @throws ConfigException naming every problem
     */
    public static BrokerSettings from(ConfigValues v) {
        List<String> problems = new ArrayList<>();
        long brokerId = v.get(BrokerConfig.BROKER_ID);
        BrokerRole role = v.get(BrokerConfig.BROKER_ROLE);
        if (role.isMaster() && brokerId != 0) {
            problems.add("brokerId=" + brokerId + " but brokerRole=" + role + ": a master must have brokerId 0");
        }
        if (!role.isMaster() && brokerId == 0) {
            problems.add("brokerId=0 but brokerRole=SLAVE: a slave must have a brokerId above 0");
        }
        List<Address> namesrvs = List.of();
        try {
            namesrvs = NamesrvRegistrar.parseNamesrvAddr(v.get(BrokerConfig.NAMESRV_ADDR));
        } catch (IllegalArgumentException e) {
            problems.add("bad value for namesrvAddr: '" + v.get(BrokerConfig.NAMESRV_ADDR) + "': " + e.getMessage());
        }
        String ip1 = v.get(BrokerConfig.BROKER_IP1);
        if (!IpLiteral.isIpLiteral(ip1)) {
            problems.add("bad value for brokerIP1: '" + ip1 + "' is not an IP address");
        }
        String ip2 = v.get(BrokerConfig.BROKER_IP2);
        if (!ip2.isEmpty() && !IpLiteral.isIpLiteral(ip2)) {
            problems.add("bad value for brokerIP2: '" + ip2 + "' is not an IP address");
        }
        StoreConfig store = null;
        try {
            store = StoreConfig.from(v);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        int listenPort = v.get(BrokerConfig.LISTEN_PORT);
        int haPort = v.get(BrokerConfig.HA_LISTEN_PORT) == 0 ? listenPort + 1 : v.get(BrokerConfig.HA_LISTEN_PORT);
        String haMaster = v.get(HaConfig.HA_MASTER_ADDRESS).trim();
        if (!haMaster.isEmpty()) {
            try {
                Address.parse(haMaster);
            } catch (IllegalArgumentException e) {
                problems.add("bad value for haMasterAddress: '" + haMaster + "': " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Set<String> blackList = new TreeSet<>(List.of("brokerConfigPath", "rocketmqHome", "configBlackList"));
        for (String key : v.get(BrokerConfig.CONFIG_BLACK_LIST).split(";")) {
            if (!key.isBlank()) {
                blackList.add(key.trim());
            }
        }
        return new BrokerSettings(v.get(BrokerConfig.BROKER_CLUSTER_NAME), v.get(BrokerConfig.BROKER_NAME), brokerId,
                namesrvs, ip1, ip2, listenPort, v.get(BrokerConfig.BIND_ADDRESS), haPort, role,
                v.get(BrokerConfig.BROKER_PERMISSION), v.get(BrokerConfig.DEFAULT_TOPIC_QUEUE_NUMS),
                v.get(BrokerConfig.AUTO_CREATE_TOPIC_ENABLE), v.get(BrokerConfig.CLUSTER_TOPIC_ENABLE),
                v.get(BrokerConfig.BROKER_TOPIC_ENABLE), v.get(BrokerConfig.AUTO_CREATE_SUBSCRIPTION_GROUP),
                v.get(BrokerConfig.TRACE_TOPIC_ENABLE), v.get(BrokerConfig.MSG_TRACE_TOPIC_NAME),
                v.get(BrokerConfig.REGISTER_NAME_SERVER_PERIOD), v.get(BrokerConfig.REGISTER_BROKER_TIMEOUT_MILLS),
                v.get(BrokerConfig.COMPRESSED_REGISTER), v.get(BrokerConfig.FLUSH_CONSUMER_OFFSET_INTERVAL),
                v.get(BrokerConfig.LONG_POLLING_ENABLE), v.get(BrokerConfig.SHORT_POLLING_TIME_MILLS),
                v.get(BrokerConfig.NOTIFY_CONSUMER_IDS_CHANGED_ENABLE), v.get(BrokerConfig.SLAVE_READ_ENABLE),
                v.get(BrokerConfig.REGION_ID), v.get(BrokerConfig.TRACE_ON), v.get(BrokerConfig.REJECT_TRANSACTION_MESSAGE),
                v.get(BrokerConfig.CHANNEL_EXPIRED_MILLIS), v.get(BrokerConfig.SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS),
                blackList, store, HaConfig.from(v), v);
    }
}
