package io.petrel.broker;

import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.config.ValueType;
import io.petrel.env.Address;
import io.petrel.ha.HaConfig;
import io.petrel.metrics.MetricsKeys;
import io.petrel.store.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A broker's configuration: the typed values the broker reads, and the keys they are bound from, with
 * RocketMQ's BrokerConfig and NettyServerConfig names and defaults. {@link #REGISTRY} adds the
 * store's and replication's keys ({@link StoreConfig}, {@link HaConfig}) to the broker's own: it is
 * what a broker properties file is bound with. {@link #from} checks across fields (brokerId 0 if
 * and only if a master role; NameServer addresses that parse; IP literals). Immutable; a runtime
 * update ({@link BrokerRuntimeConfig}) produces a new instance.
 *
 * <p>Keys for thread pools, Netty tuning and features Petrel does not have (yet) are accepted, marked
 * {@code noEffect} with the reason, and named at start-up when a file sets them; a feature whose
 * absence would change what a client may rely on (DLedger) refuses to start when switched on.
 * {@code KeyEffectAuditTest} keeps the list of keys with effect honest.
 */
public record BrokerConfig(
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
        long clientChannelExpiredMs,
        long serverChannelMaxIdleSeconds,
        Set<String> configBlackList,
        StoreConfig store,
        HaConfig ha,
        ConfigValues values) {


    private static final String NO_THREAD_POOLS =
            "accepted for compatibility; a Petrel broker runs on one event loop, so thread pool sizes do not apply";
    private static final String NOT_APPLICABLE = "accepted for compatibility; Petrel has no such feature";

    public static final ConfigKey<String> BROKER_CLUSTER_NAME = text("brokerClusterName", "DefaultCluster",
            "cluster this broker belongs to").important().build();
    public static final ConfigKey<String> BROKER_NAME = ConfigKey.builder("brokerName", ValueType.STRING)
            .defaultValue("broker-a").check(ConfigKey.notBlank()).important()
            .doc("broker group name; a master and its slaves share it").build();
    public static final ConfigKey<Long> BROKER_ID = ConfigKey.builder("brokerId", ValueType.LONG).defaultValue(0L)
            .check(ConfigKey.longRange(0, 1024)).important().doc("0 for a master, above 0 for a slave").build();
    public static final ConfigKey<String> NAMESRV_ADDR = ConfigKey.builder("namesrvAddr", ValueType.STRING)
            .defaultValue("").important().doc("NameServer addresses, host:port separated by ';'").build();
    public static final ConfigKey<String> BROKER_IP1 = ConfigKey.builder("brokerIP1", ValueType.STRING)
            .defaultFrom(c -> c.hostAddress()).important()
            .doc("address clients reach this broker at; stored in every message as its store host").build();
    public static final ConfigKey<String> BROKER_IP2 = ConfigKey.builder("brokerIP2", ValueType.STRING)
            .defaultValue("").doc("address slaves replicate from (empty = brokerIP1)").build();
    public static final ConfigKey<Integer> LISTEN_PORT = ConfigKey.builder("listenPort", ValueType.INT)
            .defaultValue(10911).check(ConfigKey.intRange(3, 65534)).important()
            .doc("client port; the VIP port is listenPort-2 and the HA port listenPort+1 unless haListenPort is set").build();
    public static final ConfigKey<String> BIND_ADDRESS = text("bindAddress", "0.0.0.0",
            "address to listen on (0.0.0.0 = every interface)").build();
    public static final ConfigKey<Integer> HA_LISTEN_PORT = ConfigKey.builder("haListenPort", ValueType.INT)
            .defaultValue(0).check(ConfigKey.intRange(0, 65535)).doc("replication port (0 = listenPort+1)").build();
    public static final ConfigKey<BrokerRole> BROKER_ROLE = ConfigKey.builder("brokerRole", ValueType.enumOf(BrokerRole.class))
            .defaultValue(BrokerRole.ASYNC_MASTER).important().doc("ASYNC_MASTER, SYNC_MASTER or SLAVE")
            .petrelNote("a master restarted after an abnormal stop takes back from its slave the commit-log tail it lost"
                    + " before it takes writes (Petrel's own request); a slave cuts back bytes its master no longer has"
                    + " instead of being refused forever").build();
    public static final ConfigKey<Integer> BROKER_PERMISSION = ConfigKey.builder("brokerPermission", ValueType.INT)
            .defaultValue(6).check(ConfigKey.intRange(0, 7)).runtimeUpdatable()
            .doc("permission bits applied to every topic this broker registers (6 = read and write)").build();
    public static final ConfigKey<Integer> DEFAULT_TOPIC_QUEUE_NUMS = ConfigKey.builder("defaultTopicQueueNums", ValueType.INT)
            .defaultValue(8).check(ConfigKey.intRange(1, 1024)).important().runtimeUpdatable()
            .doc("queues of TBW102 and so the most an auto-created topic gets").build();
    public static final ConfigKey<Boolean> AUTO_CREATE_TOPIC_ENABLE = bool("autoCreateTopicEnable", true,
            "create unknown topics on first send (through TBW102)").important().runtimeUpdatable().build();
    public static final ConfigKey<Boolean> CLUSTER_TOPIC_ENABLE = bool("clusterTopicEnable", true,
            "serve a topic named after the cluster").build();
    public static final ConfigKey<Boolean> BROKER_TOPIC_ENABLE = bool("brokerTopicEnable", true,
            "serve a topic named after the broker").build();
    public static final ConfigKey<Boolean> AUTO_CREATE_SUBSCRIPTION_GROUP = bool("autoCreateSubscriptionGroup", true,
            "create unknown consumer groups on first use").important().runtimeUpdatable().build();
    public static final ConfigKey<Boolean> TRACE_TOPIC_ENABLE = bool("traceTopicEnable", false,
            "create the message trace topic").build();
    public static final ConfigKey<String> MSG_TRACE_TOPIC_NAME = text("msgTraceTopicName", "RMQ_SYS_TRACE_TOPIC",
            "message trace topic").build();
    public static final ConfigKey<Long> REGISTER_NAME_SERVER_PERIOD = ConfigKey.builder("registerNameServerPeriod", ValueType.LONG)
            .defaultValue(10_000L).check(v -> v < 10_000 || v > 60_000 ? "must be between 10000 and 60000 ms" : null)
            .doc("how often to register with every NameServer (Petrel's default 10 s; RocketMQ 4.9's is 30 s)").build();
    public static final ConfigKey<Long> REGISTER_BROKER_TIMEOUT_MILLS = ConfigKey.builder("registerBrokerTimeoutMills", ValueType.LONG)
            .defaultValue(6_000L).check(ConfigKey.longRange(100, 60_000)).doc("registration request timeout").build();
    public static final ConfigKey<Boolean> COMPRESSED_REGISTER = bool("compressedRegister", false,
            "send the registration body zlib-compressed").build();
    public static final ConfigKey<Boolean> FORCE_REGISTER = bool("forceRegister", true,
            "always send the full registration (Petrel always does)")
            .noEffect("accepted for compatibility; Petrel always registers fully").build();
    public static final ConfigKey<Long> FLUSH_CONSUMER_OFFSET_INTERVAL = ConfigKey.builder("flushConsumerOffsetInterval", ValueType.LONG)
            .defaultValue(5_000L).check(ConfigKey.longRange(100, 3_600_000)).doc("how often consumer offsets are persisted").build();
    public static final ConfigKey<Boolean> LONG_POLLING_ENABLE = bool("longPollingEnable", true,
            "hold pulls that find nothing until a message arrives or the client's timeout").runtimeUpdatable().build();
    public static final ConfigKey<Long> SHORT_POLLING_TIME_MILLS = ConfigKey.builder("shortPollingTimeMills", ValueType.LONG)
            .defaultValue(1_000L).check(ConfigKey.longRange(0, 60_000)).runtimeUpdatable()
            .doc("how long a pull is held when long polling is off").build();
    public static final ConfigKey<Boolean> NOTIFY_CONSUMER_IDS_CHANGED_ENABLE = bool("notifyConsumerIdsChangedEnable", true,
            "tell a group's members when its membership changes").runtimeUpdatable().build();
    public static final ConfigKey<Boolean> SLAVE_READ_ENABLE = bool("slaveReadEnable", false,
            "let consumers read from slaves").runtimeUpdatable()
            .petrelNote("on a slave, false answers every pull PULL_RETRY_IMMEDIATELY pointing the consumer at the master"
                    + " and true serves what the slave holds, which is nothing until replication between master and slave"
                    + " exists; a master never sends consumers to its slaves yet").build();
    public static final ConfigKey<String> REGION_ID = text("regionId", "DefaultRegion", "region sent in send responses").build();
    public static final ConfigKey<Boolean> TRACE_ON = bool("traceOn", true, "trace switch sent in send responses").build();
    public static final ConfigKey<Boolean> REJECT_TRANSACTION_MESSAGE = bool("rejectTransactionMessage", false,
            "refuse transactional half messages (NO_PERMISSION)").runtimeUpdatable().build();
    public static final ConfigKey<Long> TRANSACTION_TIME_OUT = ConfigKey.builder("transactionTimeOut", ValueType.LONG)
            .defaultValue(6_000L).check(ConfigKey.longRange(0, 86_400_000)).runtimeUpdatable()
            .doc("how old (ms, by the broker's store time) an unresolved half message must be before its producer is"
                    + " asked").build();
    public static final ConfigKey<Integer> TRANSACTION_CHECK_MAX = ConfigKey.builder("transactionCheckMax", ValueType.INT)
            .defaultValue(15).check(ConfigKey.intRange(1, 1_000_000)).runtimeUpdatable()
            .doc("how many times a producer is asked about one half message before it is given up on"
                    + " (moved to TRANS_CHECK_MAX_TIME_TOPIC)").build();
    public static final ConfigKey<Long> TRANSACTION_CHECK_INTERVAL = ConfigKey.builder("transactionCheckInterval",
            ValueType.LONG).defaultValue(60_000L).check(ConfigKey.longRange(100, 86_400_000)).runtimeUpdatable()
            .doc("how often (ms) a master asks producers about their unresolved half messages").build();
    public static final ConfigKey<Boolean> STORE_REPLY_MESSAGE_ENABLE = bool("storeReplyMessageEnable", true,
            "also store each reply message (SEND_REPLY_MESSAGE) in its reply topic after pushing it to the requester")
            .runtimeUpdatable().build();
    public static final ConfigKey<Boolean> ENABLE_PROPERTY_FILTER = bool("enablePropertyFilter", false,
            "allow SQL92 subscriptions (Petrel supports TAG only and refuses SQL92)")
            .noEffect("accepted for compatibility; Petrel filters by TAG only and refuses SQL92 subscriptions whatever"
                    + " this says").build();
    public static final ConfigKey<Long> CHANNEL_EXPIRED_MILLIS = ConfigKey.builder("clientChannelExpiredMillis", ValueType.LONG)
            .defaultValue(120_000L).check(ConfigKey.longRange(1_000, 3_600_000))
            .doc("a client not heard from for this long is dropped (RocketMQ's fixed 120 s)").build();
    public static final ConfigKey<Long> SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS =
            ConfigKey.builder("serverChannelMaxIdleTimeSeconds", ValueType.LONG).defaultValue(120L)
                    .check(ConfigKey.longRange(0, 86_400)).doc("close connections with no traffic for this long").build();
    public static final ConfigKey<Long> REBALANCE_LOCK_MAX_LIVE_TIME = ConfigKey.builder("rebalanceLockMaxLiveTime", ValueType.LONG)
            .defaultValue(60_000L).check(ConfigKey.longRange(1_000, 3_600_000))
            .doc("an orderly consumer's queue lock expires when not renewed for this long; a restarted broker grants"
                    + " no lock for this long")
            .petrelNote("RocketMQ reads this from the system property rocketmq.broker.rebalance.lockMaxLiveTime").build();
    public static final ConfigKey<Long> FLUSH_DELAY_OFFSET_INTERVAL = ConfigKey.builder("flushDelayOffsetInterval", ValueType.LONG)
            .defaultValue(10_000L).check(ConfigKey.longRange(100, 3_600_000))
            .doc("how often the schedule service saves its progress to config/delayOffset.json").build();
    public static final ConfigKey<String> CONFIG_BLACK_LIST = text("configBlackList", "configBlackList;brokerConfigPath",
            "keys updateBrokerConfig may never change, in addition to Petrel's own list").build();
    public static final ConfigKey<String> ROCKETMQ_HOME = ConfigKey.builder("rocketmqHome", ValueType.STRING)
            .defaultFrom(c -> c.rocketmqHome())
            .doc("installation directory (ROCKETMQ_HOME or PETREL_HOME); with aclEnable=true the broker reads its"
                    + " ACL files under conf/ there").build();
    public static final ConfigKey<String> BROKER_CONFIG_PATH = text("brokerConfigPath", "",
            "where RocketMQ persists runtime config updates; Petrel does not rewrite the operator's file")
            .noEffect("accepted for compatibility; Petrel never rewrites a config file, so a runtime update lasts until"
                    + " the broker restarts").build();
    public static final ConfigKey<Boolean> CHECK_TRANSACTION_MESSAGE_ENABLE = bool("checkTransactionMessageEnable", false,
            "RocketMQ 3.x transaction check switch").noEffect("accepted for compatibility; RocketMQ 4.9 reads it nowhere"
            + " either: a master always asks producers about unresolved half messages, every transactionCheckInterval")
            .build();

    /**
     * Refused above 0: RocketMQ's broker then starts that many filter servers (its class filter) as
     * processes, which Petrel has not; 0 is listed so that GET_BROKER_CONFIG carries the key, which
     * the official {@code mqadmin exportConfigs} reads and fails without.
     */
    public static final ConfigKey<Integer> FILTER_SERVER_NUMS = ConfigKey.builder("filterServerNums", ValueType.INT)
            .defaultValue(0).check(v -> v == 0 ? null : "is refused: Petrel starts no filter servers (RocketMQ's class filter),"
                    + " so only 0 is accepted; filter by TAG instead")
            .doc("filter server processes the broker starts").noEffect("filter servers are not supported: a value above 0"
                    + " refuses to start, and 0 is what Petrel does").build();
    /**
     * RocketMQ's NettyClientConfig key (the broker's connections to NameServers over TLS), refused
     * when true since Petrel speaks plain TCP; listed for GET_BROKER_CONFIG as {@link #FILTER_SERVER_NUMS}.
     */
    public static final ConfigKey<Boolean> USE_TLS = bool("useTLS", false, "reach the NameServers over TLS")
            .check(v -> v ? "is refused: Petrel's broker reaches NameServers over plain TCP only" : null)
            .noEffect("TLS is not supported: useTLS=true refuses to start, and false is what Petrel does").build();

    /** RocketMQ 4.9's ACL 1.0: accounts in rocketmqHome's conf/plain_acl.yml, signed requests (io.petrel.acl). */
    public static final ConfigKey<Boolean> ACL_ENABLE = bool("aclEnable", false,
            "check every request against the accounts in <rocketmqHome>/conf/plain_acl.yml and conf/acl/*.yml").build();

    private static final List<ConfigKey<?>> COMPAT_KEYS = compatKeys();

    private static ConfigKey.Builder<String> text(String name, String defaultValue, String doc) {
        return ConfigKey.builder(name, ValueType.STRING).defaultValue(defaultValue).doc(doc);
    }

    private static ConfigKey.Builder<Boolean> bool(String name, boolean defaultValue, String doc) {
        return ConfigKey.builder(name, ValueType.BOOLEAN).defaultValue(defaultValue).doc(doc);
    }

    private static List<ConfigKey<?>> compatKeys() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        String[][] pools = {{"sendMessageThreadPoolNums", "1"}, {"pullMessageThreadPoolNums", "32"},
            {"processReplyMessageThreadPoolNums", "32"}, {"queryMessageThreadPoolNums", "16"},
            {"adminBrokerThreadPoolNums", "16"}, {"clientManageThreadPoolNums", "32"},
            {"consumerManageThreadPoolNums", "32"}, {"heartbeatThreadPoolNums", "8"},
            {"endTransactionThreadPoolNums", "12"}, {"sendThreadPoolQueueCapacity", "10000"},
            {"pullThreadPoolQueueCapacity", "100000"}, {"queryThreadPoolQueueCapacity", "20000"},
            {"clientManagerThreadPoolQueueCapacity", "1000000"}, {"consumerManagerThreadPoolQueueCapacity", "1000000"},
            {"heartbeatThreadPoolQueueCapacity", "50000"}, {"endTransactionPoolQueueCapacity", "100000"},
            {"serverWorkerThreads", "8"}, {"serverCallbackExecutorThreads", "0"}, {"serverSelectorThreads", "3"},
            {"serverOnewaySemaphoreValue", "256"}, {"serverAsyncSemaphoreValue", "64"},
            {"serverSocketSndBufSize", "131072"}, {"serverSocketRcvBufSize", "131072"}};
        for (String[] p : pools) {
            keys.add(ConfigKey.builder(p[0], ValueType.INT).defaultValue(Integer.parseInt(p[1]))
                    .check(ConfigKey.intRange(0, Integer.MAX_VALUE)).doc("RocketMQ thread pool, queue or socket size")
                    .noEffect(NO_THREAD_POOLS).build());
        }
        keys.add(bool("serverPooledByteBufAllocatorEnable", true, "Netty pooled allocator switch").noEffect(NOT_APPLICABLE).build());
        keys.add(bool("useEpollNativeSelector", false, "Netty epoll switch").noEffect(NOT_APPLICABLE).build());
        keys.add(bool("fetchNamesrvAddrByAddressServer", false, "look NameServers up on an address server")
                .noEffect(NOT_APPLICABLE).build());
        keys.add(ACL_ENABLE);
        keys.add(FILTER_SERVER_NUMS);
        keys.add(USE_TLS);
        keys.add(bool("transferMsgByHeap", true, "copy pull results through the heap").noEffect(NOT_APPLICABLE).build());
        keys.add(bool("brokerFastFailureEnable", true, "fail queued sends fast under load").noEffect(NOT_APPLICABLE).build());
        return keys;
    }

    /** Every broker key, in the order {@code -p} prints them. */
    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(BROKER_CLUSTER_NAME, BROKER_NAME, BROKER_ID, NAMESRV_ADDR,
                BROKER_IP1, BROKER_IP2, LISTEN_PORT, BIND_ADDRESS, HA_LISTEN_PORT, BROKER_ROLE, BROKER_PERMISSION,
                DEFAULT_TOPIC_QUEUE_NUMS, AUTO_CREATE_TOPIC_ENABLE, CLUSTER_TOPIC_ENABLE, BROKER_TOPIC_ENABLE,
                AUTO_CREATE_SUBSCRIPTION_GROUP, TRACE_TOPIC_ENABLE, MSG_TRACE_TOPIC_NAME, REGISTER_NAME_SERVER_PERIOD,
                REGISTER_BROKER_TIMEOUT_MILLS, COMPRESSED_REGISTER, FORCE_REGISTER, FLUSH_CONSUMER_OFFSET_INTERVAL,
                LONG_POLLING_ENABLE, SHORT_POLLING_TIME_MILLS, NOTIFY_CONSUMER_IDS_CHANGED_ENABLE, SLAVE_READ_ENABLE,
                REGION_ID, TRACE_ON, REJECT_TRANSACTION_MESSAGE, TRANSACTION_TIME_OUT, TRANSACTION_CHECK_MAX,
                TRANSACTION_CHECK_INTERVAL, STORE_REPLY_MESSAGE_ENABLE, ENABLE_PROPERTY_FILTER, CHANNEL_EXPIRED_MILLIS,
                SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS, REBALANCE_LOCK_MAX_LIVE_TIME, FLUSH_DELAY_OFFSET_INTERVAL,
                CONFIG_BLACK_LIST, ROCKETMQ_HOME, BROKER_CONFIG_PATH,
                CHECK_TRANSACTION_MESSAGE_ENABLE));
        keys.addAll(MetricsKeys.keys());
        keys.addAll(COMPAT_KEYS);
        return keys;
    }

    /** Every key a broker properties file may hold: the broker's, then the store's and replication's. */
    public static final ConfigRegistry REGISTRY = new ConfigRegistry("broker",
            List.of(new ConfigRegistry("broker", keys()), StoreConfig.REGISTRY, HaConfig.REGISTRY), List.of());

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
    public static BrokerConfig from(ConfigValues v) {
        List<String> problems = new ArrayList<>();
        long brokerId = v.get(BROKER_ID);
        BrokerRole role = v.get(BROKER_ROLE);
        if (role.isMaster() && brokerId != 0) {
            problems.add("brokerId=" + brokerId + " but brokerRole=" + role + ": a master must have brokerId 0");
        }
        if (!role.isMaster() && brokerId == 0) {
            problems.add("brokerId=0 but brokerRole=SLAVE: a slave must have a brokerId above 0");
        }
        List<Address> namesrvs = List.of();
        try {
            namesrvs = NamesrvRegistrar.parseNamesrvAddr(v.get(NAMESRV_ADDR));
        } catch (IllegalArgumentException e) {
            problems.add("bad value for namesrvAddr: '" + v.get(NAMESRV_ADDR) + "': " + e.getMessage());
        }
        String ip1 = v.get(BROKER_IP1);
        if (!IpLiteral.isIpLiteral(ip1)) {
            problems.add("bad value for brokerIP1: '" + ip1 + "' is not an IP address");
        }
        String ip2 = v.get(BROKER_IP2);
        if (!ip2.isEmpty() && !IpLiteral.isIpLiteral(ip2)) {
            problems.add("bad value for brokerIP2: '" + ip2 + "' is not an IP address");
        }
        StoreConfig store = null;
        try {
            store = StoreConfig.from(v);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        int listenPort = v.get(LISTEN_PORT);
        int haPort = v.get(HA_LISTEN_PORT) == 0 ? listenPort + 1 : v.get(HA_LISTEN_PORT);
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
        for (String key : v.get(CONFIG_BLACK_LIST).split(";")) {
            if (!key.isBlank()) {
                blackList.add(key.trim());
            }
        }
        return new BrokerConfig(v.get(BROKER_CLUSTER_NAME), v.get(BROKER_NAME), brokerId,
                namesrvs, ip1, ip2, listenPort, v.get(BIND_ADDRESS), haPort, role,
                v.get(BROKER_PERMISSION), v.get(DEFAULT_TOPIC_QUEUE_NUMS),
                v.get(AUTO_CREATE_TOPIC_ENABLE), v.get(CLUSTER_TOPIC_ENABLE),
                v.get(BROKER_TOPIC_ENABLE), v.get(AUTO_CREATE_SUBSCRIPTION_GROUP),
                v.get(TRACE_TOPIC_ENABLE), v.get(MSG_TRACE_TOPIC_NAME),
                v.get(REGISTER_NAME_SERVER_PERIOD), v.get(REGISTER_BROKER_TIMEOUT_MILLS),
                v.get(COMPRESSED_REGISTER), v.get(FLUSH_CONSUMER_OFFSET_INTERVAL),
                v.get(LONG_POLLING_ENABLE), v.get(SHORT_POLLING_TIME_MILLS),
                v.get(NOTIFY_CONSUMER_IDS_CHANGED_ENABLE), v.get(SLAVE_READ_ENABLE),
                v.get(REGION_ID), v.get(TRACE_ON), v.get(REJECT_TRANSACTION_MESSAGE),
                v.get(CHANNEL_EXPIRED_MILLIS), v.get(SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS),
                blackList, store, HaConfig.from(v), v);
    }
}
