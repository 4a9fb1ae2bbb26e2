package io.petrel.broker;

import io.petrel.acl.AclAdminProcessor;
import io.petrel.acl.PlainAccessControl;
import io.petrel.broker.client.Broker2Client;
import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.client.ProducerManager;
import io.petrel.broker.metrics.BrokerMetrics;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.processor.BrokerConfigProcessor;
import io.petrel.broker.processor.BrokerListsProcessor;
import io.petrel.broker.processor.ClientManageProcessor;
import io.petrel.broker.processor.ConsumerAdminProcessor;
import io.petrel.broker.processor.ConsumerManageProcessor;
import io.petrel.broker.processor.ConsumerSendMsgBackProcessor;
import io.petrel.broker.processor.DelayOffsetProcessor;
import io.petrel.broker.processor.EndTransactionProcessor;
import io.petrel.broker.processor.GroupProgressProcessor;
import io.petrel.broker.processor.PullMessageProcessor;
import io.petrel.broker.processor.QueryMessageProcessor;
import io.petrel.broker.processor.QueueQueryProcessor;
import io.petrel.broker.processor.RebalanceLockProcessor;
import io.petrel.broker.processor.ReplyMessageProcessor;
import io.petrel.broker.processor.ResetOffsetProcessor;
import io.petrel.broker.processor.RuntimeInfoProcessor;
import io.petrel.broker.processor.SendMessageProcessor;
import io.petrel.broker.processor.StoreAdminProcessor;
import io.petrel.broker.processor.TopicAdminProcessor;
import io.petrel.broker.processor.TopicConfigProcessor;
import io.petrel.broker.processor.TopicStatsProcessor;
import io.petrel.broker.pull.PullRequestHoldService;
import io.petrel.broker.rebalance.RebalanceLockManager;
import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.broker.schedule.ScheduleMessageService;
import io.petrel.broker.stats.BrokerStatsManager;
import io.petrel.broker.stats.RuntimeInfo;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.broker.transaction.TransactionCheck;
import io.petrel.broker.transaction.TransactionService;
import io.petrel.common.DurableFile;
import io.petrel.common.PermName;
import io.petrel.common.Sabotage;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.HostAddress;
import io.petrel.env.Address;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.metrics.MetricsExporterType;
import io.petrel.metrics.MetricsKeys;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingServer;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.RequestGuard;
import io.petrel.remoting.header.ConsumerHeaders.NotifyConsumerIdsChangedRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.StoreContext;
import io.petrel.store.StoreStartResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Broker node: the composition root that wires the topic table, subscription groups, offsets,
 * client membership, the message store, long polling, the schedule service, queue locks,
 * statistics and the request processors to a remoting server, and registers with the
 * NameServers. Its parts do not know it.
 *
 * <p>Start-up: load the config files (one that cannot be read stops the broker only when starting
 * without it would lose acknowledged messages or offsets; see {@link MetadataFiles}), recover the
 * store, then listen (client port and the VIP port listenPort − 2), start the statistics and — on
 * a master — the schedule service, and register.
 * Shutdown: unregister, answer held pulls, close connections, persist offsets and config files,
 * shut the store down, then save the schedule's progress (only now is every re-put durable). A
 * crash loses only what the flush mode allows.
 */
public final class Broker implements Node {

    private static final long CLIENT_SCAN_MS = 10_000;
    private static final long LONG_POLL_CHECK_MS = 5_000;

    private final Env env;
    private final MachineFacts machine;
    private final BrokerRuntimeConfig config;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final ProducerManager producers = new ProducerManager();
    private final MessageStore store;
    private final PullRequestHoldService holds;
    private final BrokerStatsManager stats;
    /** Null unless metricsExporterType=PROM. */
    private final BrokerMetrics metrics;
    private final ScheduleMessageService schedule;
    private final TransactionService transactions;
    private final RebalanceLockManager locks;
    private final RemotingServer server;
    private final RemotingClient client;
    private final NamesrvRegistrar registrar;
    private final BrokerReplication replication;
    private final List<DurableFile> configFiles;
    private final DurableFile groupsFile;
    private final Set<Sabotage> sabotage;
    private boolean serving;
    private boolean stopped;
    private long bootMs;
    private StoreStartResult storeStart;
    /** The ACL guard and its files; null when aclEnable=false. */
    private final PlainAccessControl acl;

    /** The process exit status when the store cannot start (RocketMQ's BrokerStartup exits with -3). */
    public static final int EXIT_STORE_FAILED = 3;

    public Broker(Env env, BrokerConfig settings, MachineFacts machine) {
        this(env, settings, machine, Sabotage.none());
    }

    /**
     * A broker with test-only {@link Sabotage} switches: the store's go to its {@link MessageStore},
     * DROP_NOTIFY_CONSUMER_IDS_CHANGED, DEAD_LETTER_ONE_RETRY_EARLY and RETRY_SEND_DEAD_LETTERED_LATE act here.
     * Only test code calls this; no configuration can.
     */
    public Broker(Env env, BrokerConfig settings, MachineFacts machine, Set<Sabotage> sabotage) {
        this.env = env;
        this.machine = machine;
        this.sabotage = Sabotage.copyOf(sabotage);
        this.config = new BrokerRuntimeConfig(settings, env.clock().nowMs(), this::onConfigChanged, this.sabotage);
        String configDir = configDir(settings);
        DurableFile topicsFile = new DurableFile(env, DiskPaths.join(configDir, "topics.json"));
        DurableFile groupsFile = new DurableFile(env, DiskPaths.join(configDir, "subscriptionGroup.json"));
        DurableFile offsetsFile = new DurableFile(env, DiskPaths.join(configDir, "consumerOffset.json"));
        this.configFiles = List.of(topicsFile, groupsFile, offsetsFile);
        this.groupsFile = groupsFile;
        this.topics = new TopicConfigManager(env, topicSettings(settings), topicsFile, this::onTopicsChanged);
        this.groups = new SubscriptionGroupManager(env, groupsFile, settings.autoCreateSubscriptionGroup());
        this.offsets = new ConsumerOffsetManager(offsetsFile);
        this.consumers = new ConsumerManager(this::notifyGroupChanged);
        this.store = MessageStore.create(env, settings.store(), new StoreContext(settings.clusterName(),
                HostAddress.parse(settings.brokerAddr()), machine.zone(), machine.totalPhysicalMemoryBytes(),
                settings.role() == BrokerRole.SLAVE), this.sabotage);
        this.holds = new PullRequestHoldService(env, store::getMaxOffsetInQueue, LONG_POLL_CHECK_MS);
        this.stats = new BrokerStatsManager(settings.clusterName(), env.clock());
        this.metrics = settings.values().get(MetricsKeys.METRICS_EXPORTER_TYPE) == MetricsExporterType.PROM
                ? new BrokerMetrics(settings.clusterName(), settings.brokerName(), new MetricsSources(this)) : null;
        this.schedule = new ScheduleMessageService(env, store, new DurableFile(env, DiskPaths.join(configDir, "delayOffset.json")),
                settings.values().get(BrokerConfig.FLUSH_DELAY_OFFSET_INTERVAL));
        this.transactions = new TransactionService(env, store, transactionContext(), transactionSettings(),
                group -> producers.members(group).stream().map(ClientChannelInfo::channel).toList(), this.sabotage);
        this.locks = new RebalanceLockManager(env.clock(), env.log(), settings.values().get(BrokerConfig.REBALANCE_LOCK_MAX_LIVE_TIME));
        if (this.sabotage.contains(Sabotage.ORDERLY_LOCKS_ALWAYS_EXPIRED)) {
            locks.sabotageLocksAlwaysExpired();
        }
        this.client = new RemotingClient(env, new RequestDispatcher(env), 3_000);
        this.replication = new BrokerReplication(env, settings, store, client, topics, groups, offsets, schedule,
                this.sabotage);
        this.registrar = new NamesrvRegistrar(env, client, settings.namesrvAddrs(),
                new NamesrvRegistrar.Identity(settings.clusterName(), settings.brokerName(), settings.brokerId(),
                        settings.brokerAddr(), settings.haServerAddr()),
                () -> topics.registrationWrapper(settings().brokerPermission()), settings.registerPeriodMs(),
                settings.registerTimeoutMs(), settings.compressedRegister(), this::onRegistered);
        this.acl = settings.values().get(BrokerConfig.ACL_ENABLE)
                ? new PlainAccessControl(env, settings.values().get(BrokerConfig.ROCKETMQ_HOME), this.sabotage) : null;
        this.server = new RemotingServer(env, dispatcher(), settings.serverChannelMaxIdleSeconds() * 1_000L);
        server.onChannelClosed(channel -> {
            if (consumers.onChannelClosed(channel)) {
                env.log().probe("broker-client-channel-expired");
            }
            producers.onChannelClosed(channel);
        });
    }

    private TransactionService.Context transactionContext() {
        return new TransactionService.Context() {
            @Override
            public void createSystemTopic(String topic) {
                topics.createIfAbsent(topic, 1, PermName.PERM_READ | PermName.PERM_WRITE, 0);
            }

            @Override
            public long savedOffset(String topic) {
                return offsets.query(TransactionService.GROUP, topic, 0);
            }

            @Override
            public void saveOffset(String topic, long offset) {
                offsets.commit(TransactionService.GROUP, topic, 0, offset);
            }

            @Override
            public HostAddress storeHost() {
                return HostAddress.parse(settings().brokerAddr());
            }
        };
    }

    private TransactionCheck.Settings transactionSettings() {
        return new TransactionCheck.Settings() {
            @Override
            public long checkIntervalMs() {
                return settings().values().get(BrokerConfig.TRANSACTION_CHECK_INTERVAL);
            }

            @Override
            public long transactionTimeoutMs() {
                return settings().values().get(BrokerConfig.TRANSACTION_TIME_OUT);
            }

            @Override
            public int checkMax() {
                return settings().values().get(BrokerConfig.TRANSACTION_CHECK_MAX);
            }
        };
    }

    private static String configDir(BrokerConfig settings) {
        return DiskPaths.join(settings.store().storePathRootDir(), "config");
    }

    private static TopicConfigManager.Settings topicSettings(BrokerConfig s) {
        return new TopicConfigManager.Settings(s.clusterName(), s.brokerName(), s.defaultTopicQueueNums(),
                s.autoCreateTopicEnable(), s.clusterTopicEnable(), s.brokerTopicEnable(), s.traceTopicEnable(),
                s.traceTopicName());
    }

    private RequestDispatcher dispatcher() {
        RequestDispatcher d = new RequestDispatcher(env, sabotage);
        BrokerConfig s = settings();
        new ClientManageProcessor(env, consumers, producers, groups, topics).registerWith(d);
        SendMessageProcessor sends = new SendMessageProcessor(env, this::settings, topics, groups, store, transactions,
                (topic, type, n, bytes) -> {
                    stats.onPut(topic, n, bytes);
                    if (metrics != null) {
                        metrics.onPut(topic, type, n, bytes);
                    }
                }, sabotage.contains(Sabotage.RETRY_SEND_DEAD_LETTERED_LATE));
        sends.registerWith(d);
        new ReplyMessageProcessor(env, this::settings, sends, producers, new Broker2Client(env.log()), store).registerWith(d);
        new EndTransactionProcessor(this::settings, transactions, env.log(), acl != null ? acl : RequestGuard.ALLOW_ALL)
                .registerWith(d);
        new PullMessageProcessor(env, this::settings, topics, groups, consumers, offsets, store, holds,
                new PullMessageProcessor.PullStats() {
                    @Override
                    public void onGet(String group, String topic, int messages, long bytes) {
                        stats.onGet(group, topic, messages, bytes);
                        if (metrics != null) {
                            metrics.onGet(group, topic, messages, bytes);
                        }
                    }

                    @Override
                    public void onPullMiss() {
                        stats.onPullMiss();
                    }
                }).registerWith(d);
        new ConsumerManageProcessor(consumers, offsets, store,
                (long) (machine.totalPhysicalMemoryBytes() * s.store().accessMessageInMemoryMaxRatio() / 100.0)).registerWith(d);
        new QueueQueryProcessor(store).registerWith(d);
        new TopicAdminProcessor(() -> new TopicAdminProcessor.Settings(settings().clusterName(), settings().isMaster()),
                topics, groups, offsets, consumers, producers, (topic, done) -> {
                    stats.removeTopic(topic);
                    if (metrics != null) {
                        metrics.removeTopic(topic);
                    }
                    store.deleteTopic(topic, done);
                }).registerWith(d);
        registerFeatureProcessors(d);
        replication.registerWith(d);
        new AclAdminProcessor(acl, () -> new AclAdminProcessor.Identity(settings().clusterName(), settings().brokerName(),
                settings().brokerAddr())).registerWith(d);
        if (acl != null) {
            d.guard(acl);
        }
        if (metrics != null) {
            d.observeReplies(metrics.requests());
        }
        return d;
    }

    /** Retry, delay, queries, orderly locks, statistics, runtime config and the calls to consumers. */
    private void registerFeatureProcessors(RequestDispatcher d) {
        Broker2Client broker2Client = new Broker2Client(env.log());
        new ConsumerSendMsgBackProcessor(env, this::settings, topics, groups, store, stats::onSendBack,
                sabotage.contains(Sabotage.DEAD_LETTER_ONE_RETRY_EARLY)).registerWith(d);
        new QueryMessageProcessor(store).registerWith(d);
        new TopicConfigProcessor(topics).registerWith(d);
        new RebalanceLockProcessor(locks, groups, consumers).registerWith(d);
        new TopicStatsProcessor(() -> settings().brokerName(), topics, offsets, consumers, store, stats::groupGetTps)
                .registerWith(d);
        new RuntimeInfoProcessor(this::runtimeInfo, stats::view).registerWith(d);
        new BrokerConfigProcessor(config, env.clock(), env.log()).registerWith(d);
        new DelayOffsetProcessor(schedule::offsets).registerWith(d);
        new BrokerListsProcessor(topics::systemTopicNames, producers, env.clock()).registerWith(d);
        new GroupProgressProcessor(new GroupProgressProcessor.Parts(() -> settings().brokerName(),
                () -> settings().brokerAddr(), env.clock(), env.log(), topics, groups, offsets, consumers, store,
                stats::groupGetTps)).registerWith(d);
        new StoreAdminProcessor(store, consumers, topics, env.log()).registerWith(d);
        new ConsumerAdminProcessor(() -> settings().brokerName(), consumers, store, broker2Client).registerWith(d);
        new ResetOffsetProcessor(() -> settings().brokerName(), topics, offsets, consumers, store, broker2Client)
                .registerWith(d);
    }

    @Override
    public void invariants() {
        store.invariants();
        offsets.invariants();
        replication.invariants();
    }

    private void onRegistered(NamesrvRegistrar.Outcome outcome) {
        if (serving && !stopped) {
            replication.onRegistered(outcome);
        }
    }

    @Override
    public void start() {
        BrokerConfig s = settings();
        boolean ranBefore = env.disk().exists(s.store().storeCheckpoint())
                || configFiles.stream().anyMatch(f -> env.disk().exists(f.path()));
        String unreadable = metadataFiles().loadAll(env.log());
        if (unreadable != null) {
            env.log().error("broker {} cannot start: {}", s.brokerName(), unreadable);
            env.exit().exit(EXIT_STORE_FAILED, unreadable);
            return;
        }
        locks.onStart(ranBefore);
        if (acl != null) {
            acl.start();
        }
        store.setMessageArrivingListener((topic, queueId, maxOffset, tagsCode, storeTimestamp) -> {
            holds.onMessageArriving(topic, queueId, maxOffset, tagsCode);
            if (TopicValidator.RMQ_SYS_SCHEDULE_TOPIC.equals(topic)) {
                schedule.onArrival(queueId);
            }
        });
        store.setFailureListener(reason -> env.exit().exit(EXIT_STORE_FAILED, "the message store failed: " + reason));
        store.start(this::onStoreReady);
    }

    /** The metadata files in load order, with what an unreadable one costs (see {@link MetadataFiles}). */
    private MetadataFiles metadataFiles() {
        return new MetadataFiles()
                .required(topics::load, "hide acknowledged messages: their topics would be unknown to routes and "
                        + "consumers, or re-created by a send with default queues that strand the other queues' messages")
                .movedAsideIfUnreadable(groups::load, groupsFile, "consumer groups come back with RocketMQ's default "
                        + "settings when next used, or when an admin re-creates them (updateSubGroup); no message or "
                        + "offset is lost")
                .required(offsets::load, "lose the consumer groups' committed offsets: they would consume again from "
                        + "consumeFromWhere, re-delivering or skipping messages")
                .required(schedule::load, "lose how far each delay level was delivered: every delayed message still "
                        + "stored would be delivered again")
                .required(replication::load, "end a master's wait for the tail its slave holds: it would take "
                        + "writes over offsets at which its slave holds acknowledged messages");
    }

    private void onStoreReady(StoreStartResult result) {
        storeStart = result;
        BrokerConfig s = settings();
        if (!result.ok()) {
            // As RocketMQ's broker does, give up the process: a restart (by an operator, a
            // supervisor, or a scenario) recovers again from what is on disk.
            env.log().error("the message store of broker {} could not start: {}", s.brokerName(), result.problem());
            env.exit().exit(EXIT_STORE_FAILED, "the message store could not start: " + result.problem());
            return;
        }
        if (stopped) {
            return;
        }
        replication.start(result.lastExitClean());
        server.listen(new Address(s.bindAddress(), s.listenPort()));
        server.listen(new Address(s.bindAddress(), s.vipPort()));
        holds.start();
        bootMs = env.clock().nowMs();
        stats.start(env, machine.zone());
        if (s.isMaster()) {
            schedule.start();
            transactions.start();
        }
        registrar.start();
        serving = true;
        env.scheduler().schedule(s.flushConsumerOffsetIntervalMs(), this::persistOffsetsPeriodically);
        env.scheduler().schedule(CLIENT_SCAN_MS, this::scanClients);
        env.log().info("The broker[{}, {}] boot success. serializeType=JSON and name server is {}",
                s.brokerName(), s.brokerAddr(), s.namesrvAddrs());
    }

    /** {@code topic} changed (null: the table as a whole); a topic still there is registered alone. */
    private void onTopicsChanged(String topic) {
        if (!serving || stopped) {
            return;
        }
        TopicConfigSerializeWrapper increment = topic == null ? null
                : topics.registrationIncrement(topic, settings().brokerPermission());
        if (increment == null) {
            registrar.registerAll();
        } else {
            registrar.registerIncrement(increment);
        }
    }

    /** An accepted UPDATE_BROKER_CONFIG: apply what the parts cache; re-register if routes change. */
    private void onConfigChanged(BrokerConfig next, List<String> keys) {
        groups.setAutoCreate(next.autoCreateSubscriptionGroup());
        if (keys.contains(BrokerConfig.BROKER_PERMISSION.name()) || keys.contains(BrokerConfig.AUTO_CREATE_TOPIC_ENABLE.name())
                || keys.contains(BrokerConfig.DEFAULT_TOPIC_QUEUE_NUMS.name())) {
            topics.updateSettings(topicSettings(next));
        }
    }

    private void notifyGroupChanged(String group, ConsumerGroupInfo info, ConsumerManager.Change change) {
        if (!settings().notifyConsumerIdsChangedEnable()) {
            return;
        }
        SubscriptionGroupConfig groupConfig = groups.get(group);
        if (groupConfig != null && !groupConfig.notifyConsumerIdsChangedEnable()) {
            return;
        }
        if (sabotage.contains(Sabotage.DROP_NOTIFY_CONSUMER_IDS_CHANGED)) {
            // SABOTAGE (tests only): members are never told; they notice a change at their next periodic rebalance.
            return;
        }
        if (change == ConsumerManager.Change.MEMBER_GONE && !info.isEmpty()) {
            env.log().probe("broker-consumer-gone-notify");
        }
        for (ClientChannelInfo member : info.channels()) {
            member.channel().invokeOneway(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                    new NotifyConsumerIdsChangedRequestHeader(group)));
        }
    }

    private void persistOffsetsPeriodically() {
        if (stopped) {
            return;
        }
        transactions.saveProgress();
        offsets.persist(null);
        env.scheduler().schedule(settings().flushConsumerOffsetIntervalMs(), this::persistOffsetsPeriodically);
    }

    private void scanClients() {
        if (stopped) {
            return;
        }
        long now = env.clock().nanoTime();
        long expiredMs = settings().clientChannelExpiredMs();
        for (ClientChannelInfo gone : consumers.expire(now, expiredMs)) {
            env.log().probe("broker-client-channel-expired");
            env.log().info("consumer {} expired: no heartbeat for {} ms", gone.clientId(), expiredMs);
            gone.channel().close();
        }
        for (ClientChannelInfo gone : producers.expire(now, expiredMs)) {
            env.log().probe("broker-client-channel-expired");
            gone.channel().close();
        }
        env.scheduler().schedule(CLIENT_SCAN_MS, this::scanClients);
    }

    /** GET_BROKER_RUNTIME_INFO's entries: version and uptime, store, traffic, schedule progress. */
    private Map<String, String> runtimeInfo() {
        Map<String, String> info = new LinkedHashMap<>(RuntimeInfo.broker(settings().values(), bootMs,
                env.clock().nowMs()));
        info.putAll(RuntimeInfo.store(store, env.disk()));
        info.putAll(stats.runtimeInfo());
        info.putAll(schedule.runningStats());
        info.putAll(replication.runtimeInfo());
        return info;
    }

    @Override
    public void shutdown(Runnable done) {
        stopped = true;
        if (acl != null) {
            acl.stop();
        }
        schedule.stop();
        transactions.stop();
        stats.stop();
        if (serving) {
            replication.stop();
        }
        registrar.unregisterAll(() -> {
            holds.stop();
            server.stop();
            client.stop();
            transactions.saveProgress();
            offsets.persist(() -> afterConfigFiles(0, () -> store.shutdown(() -> schedule.persist(() -> {
                env.log().info("broker {} stopped", settings().brokerName());
                done.run();
            }))));
        });
    }

    private void afterConfigFiles(int index, Runnable done) {
        if (index == configFiles.size()) {
            done.run();
            return;
        }
        configFiles.get(index).afterPendingSaves(() -> afterConfigFiles(index + 1, done));
    }

    // ---- for tests, the scenario checker and runtime info -----------------------------------

    /** The ACL guard and its files; null when aclEnable=false. */
    public PlainAccessControl acl() {
        return acl;
    }

    /** The settings as they are now (UPDATE_BROKER_CONFIG may have changed some). */
    public BrokerConfig settings() {
        return config.current();
    }

    public MessageStore store() {
        return store;
    }

    public TopicConfigManager topics() {
        return topics;
    }

    public SubscriptionGroupManager groups() {
        return groups;
    }

    public ConsumerOffsetManager offsets() {
        return offsets;
    }

    public ConsumerManager consumers() {
        return consumers;
    }

    public BrokerStatsManager stats() {
        return stats;
    }

    /** The Prometheus metrics, or null when metricsExporterType is not PROM. */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /** On a master, the bytes its most advanced connected slave has not acknowledged; -1 on a slave. */
    long replicationLagBytes() {
        return replication.lagBytes();
    }

    public ScheduleMessageService schedule() {
        return schedule;
    }

    public TransactionService transactions() {
        return transactions;
    }

    public RebalanceLockManager locks() {
        return locks;
    }

    public PullRequestHoldService holds() {
        return holds;
    }

    public NamesrvRegistrar registrar() {
        return registrar;
    }

    /** How many slaves a master streams its commit log to; 0 on a slave. */
    public int haStreamingSlaves() {
        return replication.streamingSlaves();
    }

    /** True on a slave while its replication connection to the master is up; false on a master. */
    public boolean haConnectedToMaster() {
        return replication.connectedToMaster();
    }

    /** True once the store recovered and the broker listens. */

    public boolean isServing() {
        return serving && !stopped;
    }

    public StoreStartResult storeStart() {
        return storeStart;
    }
}
