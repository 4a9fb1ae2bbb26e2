package io.petrel.namesrv;

import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.config.ValueType;
import io.petrel.metrics.MetricsKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The NameServer's configuration, bound from {@code mqnamesrv.properties} with RocketMQ's keys.
 * Keys that tune thread pools and socket buffers Petrel does not have are accepted and documented
 * as such, so an operator's existing file works unchanged.
 */
public record NamesrvConfig(
        int listenPort,
        String bindAddress,
        String rocketmqHome,
        String kvConfigPath,
        String configStorePath,
        boolean orderMessageEnable,
        long serverChannelMaxIdleTimeSeconds,
        long brokerExpiredMs,
        long scanNotActiveBrokerInterval,
        ConfigValues values) {

    private static final String NO_THREAD_POOLS =
            "accepted for compatibility; Petrel runs each NameServer on one event loop, so thread pool sizes do not apply";
    private static final String NETTY_TUNED =
            "accepted for compatibility; Petrel's transport chooses its own socket buffers and allocator";

    public static final ConfigKey<Integer> LISTEN_PORT = ConfigKey.builder("listenPort", ValueType.INT)
            .defaultValue(9876).check(ConfigKey.intRange(1, 65535)).important()
            .doc("TCP port clients and brokers connect to").build();
    public static final ConfigKey<String> BIND_ADDRESS = ConfigKey.builder("bindAddress", ValueType.STRING)
            .defaultValue("0.0.0.0").important().doc("address to listen on (0.0.0.0 = every interface)").build();
    public static final ConfigKey<String> ROCKETMQ_HOME = ConfigKey.builder("rocketmqHome", ValueType.STRING)
            .defaultFrom(c -> c.rocketmqHome()).doc("installation directory (ROCKETMQ_HOME or PETREL_HOME)")
            .noEffect("accepted for compatibility; Petrel reads nothing from it (its scripts find their installation"
                    + " themselves)").build();
    public static final ConfigKey<String> KV_CONFIG_PATH = ConfigKey.builder("kvConfigPath", ValueType.STRING)
            .defaultFrom(c -> c.userHome() + "/namesrv/kvConfig.json").important()
            .doc("where KV config namespaces are persisted").build();
    public static final ConfigKey<String> CONFIG_STORE_PATH = ConfigKey.builder("configStorePath", ValueType.STRING)
            .defaultFrom(c -> c.userHome() + "/namesrv/namesrv.properties")
            .doc("where RocketMQ persists runtime config updates; Petrel does not rewrite it")
            .noEffect("accepted for compatibility; Petrel never rewrites a config file").build();
    public static final ConfigKey<String> PRODUCT_ENV_NAME = ConfigKey.builder("productEnvName", ValueType.STRING)
            .defaultValue("center").doc("environment name, informational")
            .noEffect("accepted for compatibility; informational in RocketMQ too, and Petrel shows it nowhere")
            .runtimeUpdatable().build();
    public static final ConfigKey<Boolean> CLUSTER_TEST = ConfigKey.builder("clusterTest", ValueType.BOOLEAN)
            .defaultValue(false).doc("RocketMQ's test-cluster routing switch; Petrel ignores it")
            .noEffect("accepted for compatibility; Petrel has no test-cluster routing").runtimeUpdatable().build();
    public static final ConfigKey<Boolean> ORDER_MESSAGE_ENABLE = ConfigKey.builder("orderMessageEnable", ValueType.BOOLEAN)
            .defaultValue(false).important()
            .doc("copy ORDER_TOPIC_CONFIG KV entries into routes as orderTopicConf").runtimeUpdatable().build();
    public static final ConfigKey<Long> BROKER_EXPIRED_MILLIS = ConfigKey.builder("brokerExpiredMillis", ValueType.LONG)
            .defaultValue(120_000L).check(ConfigKey.longRange(1_000, 86_400_000))
            .doc("a broker not heard from for this long is removed (RocketMQ's fixed 120 s)").build();
    public static final ConfigKey<Long> SCAN_NOT_ACTIVE_BROKER_INTERVAL =
            ConfigKey.builder("scanNotActiveBrokerInterval", ValueType.LONG).defaultValue(10_000L)
                    .check(ConfigKey.longRange(100, 3_600_000)).doc("how often expired brokers are looked for (ms)").build();
    public static final ConfigKey<Integer> SERVER_WORKER_THREADS = threads("serverWorkerThreads", 8);
    public static final ConfigKey<Integer> SERVER_CALLBACK_EXECUTOR_THREADS = threads("serverCallbackExecutorThreads", 0);
    public static final ConfigKey<Integer> SERVER_SELECTOR_THREADS = threads("serverSelectorThreads", 3);
    public static final ConfigKey<Integer> SERVER_ONEWAY_SEMAPHORE_VALUE = threads("serverOnewaySemaphoreValue", 256);
    public static final ConfigKey<Integer> SERVER_ASYNC_SEMAPHORE_VALUE = threads("serverAsyncSemaphoreValue", 64);
    public static final ConfigKey<Long> SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS =
            ConfigKey.builder("serverChannelMaxIdleTimeSeconds", ValueType.LONG).defaultValue(120L)
                    .check(ConfigKey.longRange(0, 86_400)).doc("close connections with no traffic for this long (0 = never)")
                    .build();
    public static final ConfigKey<Integer> SERVER_SOCKET_SND_BUF_SIZE = netty("serverSocketSndBufSize", 65535);
    public static final ConfigKey<Integer> SERVER_SOCKET_RCV_BUF_SIZE = netty("serverSocketRcvBufSize", 65535);
    public static final ConfigKey<Boolean> SERVER_POOLED_BYTE_BUF_ALLOCATOR_ENABLE =
            ConfigKey.builder("serverPooledByteBufAllocatorEnable", ValueType.BOOLEAN).defaultValue(true)
                    .doc("Netty pooled allocator switch").noEffect(NETTY_TUNED).build();
    public static final ConfigKey<Boolean> USE_EPOLL_NATIVE_SELECTOR =
            ConfigKey.builder("useEpollNativeSelector", ValueType.BOOLEAN).defaultValue(false)
                    .doc("Netty epoll switch").noEffect(NETTY_TUNED).build();

    public static final ConfigRegistry REGISTRY = new ConfigRegistry("namesrv", withMetricsKeys(List.of(
            LISTEN_PORT, BIND_ADDRESS, ROCKETMQ_HOME, KV_CONFIG_PATH, CONFIG_STORE_PATH, PRODUCT_ENV_NAME, CLUSTER_TEST,
            ORDER_MESSAGE_ENABLE, BROKER_EXPIRED_MILLIS, SCAN_NOT_ACTIVE_BROKER_INTERVAL, SERVER_WORKER_THREADS,
            SERVER_CALLBACK_EXECUTOR_THREADS, SERVER_SELECTOR_THREADS, SERVER_ONEWAY_SEMAPHORE_VALUE,
            SERVER_ASYNC_SEMAPHORE_VALUE, SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS, SERVER_SOCKET_SND_BUF_SIZE,
            SERVER_SOCKET_RCV_BUF_SIZE, SERVER_POOLED_BYTE_BUF_ALLOCATOR_ENABLE, USE_EPOLL_NATIVE_SELECTOR)));

    private static List<ConfigKey<?>> withMetricsKeys(List<ConfigKey<?>> keys) {
        List<ConfigKey<?>> all = new ArrayList<>(keys);
        all.addAll(MetricsKeys.keys());
        return all;
    }

    private static ConfigKey<Integer> threads(String name, int defaultValue) {
        return ConfigKey.builder(name, ValueType.INT).defaultValue(defaultValue).check(ConfigKey.intRange(0, 65535))
                .doc("RocketMQ thread pool or semaphore size").noEffect(NO_THREAD_POOLS).build();
    }

    private static ConfigKey<Integer> netty(String name, int defaultValue) {
        return ConfigKey.builder(name, ValueType.INT).defaultValue(defaultValue).check(ConfigKey.intRange(0, Integer.MAX_VALUE))
                .doc("Netty socket buffer size").noEffect(NETTY_TUNED).build();
    }

    public static NamesrvConfig from(ConfigValues v) {
        return new NamesrvConfig(v.get(LISTEN_PORT), v.get(BIND_ADDRESS), v.get(ROCKETMQ_HOME), v.get(KV_CONFIG_PATH),
                v.get(CONFIG_STORE_PATH), v.get(ORDER_MESSAGE_ENABLE), v.get(SERVER_CHANNEL_MAX_IDLE_TIME_SECONDS),
                v.get(BROKER_EXPIRED_MILLIS), v.get(SCAN_NOT_ACTIVE_BROKER_INTERVAL), v);
    }
}
