package io.petrel.broker;

import io.petrel.broker.client.ClientChannelInfo;
import io.petrel.broker.client.ConsumerGroupInfo;
import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.client.ProducerManager;
import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.processor.ClientManageProcessor;
import io.petrel.broker.processor.ConsumerManageProcessor;
import io.petrel.broker.processor.PullMessageProcessor;
import io.petrel.broker.processor.QueueQueryProcessor;
import io.petrel.broker.processor.SendMessageProcessor;
import io.petrel.broker.processor.TopicAdminProcessor;
import io.petrel.broker.pull.PullRequestHoldService;
import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.broker.stats.BrokerCounters;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.DurableFile;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.env.Address;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingServer;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.header.ConsumerHeaders.NotifyConsumerIdsChangedRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.StoreContext;
import io.petrel.store.StoreStartResult;
import io.petrel.store.format.HostAddress;
import java.util.List;

/**
 * A Broker node: the composition root that wires the topic table, subscription groups, offsets,
 * client membership, the message store, long polling and the request processors to a remoting
 * server, and registers with the NameServers. Its parts do not know it.
 *
 * <p>Start-up: load the config files, recover the store, then listen (client port and the VIP port
 * listenPort − 2) and register. Shutdown: unregister, answer held pulls, close connections, persist
 * offsets and config files, shut the store down. A crash loses only what the flush mode allows.
 */
public final class Broker implements Node {

    private static final long CLIENT_SCAN_MS = 10_000;
    private static final long LONG_POLL_CHECK_MS = 5_000;

    private final Env env;
    private final BrokerSettings settings;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final ProducerManager producers = new ProducerManager();
    private final MessageStore store;
    private final PullRequestHoldService holds;
    private final BrokerCounters counters = new BrokerCounters();
    private final RemotingServer server;
    private final RemotingClient client;
    private final NamesrvRegistrar registrar;
    private final List<DurableFile> configFiles;
    private boolean serving;
    private boolean stopped;
    private StoreStartResult storeStart;

    public Broker(Env env, BrokerSettings settings, MachineFacts machine) {
        this.env = env;
        this.settings = settings;
        String configDir = DiskPaths.join(settings.store().storePathRootDir(), "config");
        DurableFile topicsFile = new DurableFile(env, DiskPaths.join(configDir, "topics.json"));
        DurableFile groupsFile = new DurableFile(env, DiskPaths.join(configDir, "subscriptionGroup.json"));
        DurableFile offsetsFile = new DurableFile(env, DiskPaths.join(configDir, "consumerOffset.json"));
        this.configFiles = List.of(topicsFile, groupsFile, offsetsFile);
        this.topics = new TopicConfigManager(env, topicSettings(settings), topicsFile, this::onTopicsChanged);
        this.groups = new SubscriptionGroupManager(env, groupsFile, settings.autoCreateSubscriptionGroup());
        this.offsets = new ConsumerOffsetManager(offsetsFile);
        this.consumers = new ConsumerManager(this::notifyGroupChanged);
        this.store = MessageStore.create(env, settings.store(), new StoreContext(settings.clusterName(),
                HostAddress.parse(settings.brokerAddr()), machine.zone(), machine.totalPhysicalMemoryBytes()));
        this.holds = new PullRequestHoldService(env, store::getMaxOffsetInQueue, LONG_POLL_CHECK_MS);
        this.client = new RemotingClient(env, new RequestDispatcher(env.log()), 3_000);
        this.registrar = new NamesrvRegistrar(env, client, settings.namesrvAddrs(),
                new NamesrvRegistrar.Identity(settings.clusterName(), settings.brokerName(), settings.brokerId(),
                        settings.brokerAddr(), settings.haServerAddr()),
                () -> topics.registrationWrapper(settings.brokerPermission()), settings.registerPeriodMs(),
                settings.registerTimeoutMs(), settings.compressedRegister(), outcome -> { });
        this.server = new RemotingServer(env, dispatcher(machine), settings.serverChannelMaxIdleSeconds() * 1_000L);
        server.onChannelClosed(channel -> {
            consumers.onChannelClosed(channel);
            producers.onChannelClosed(channel);
        });
    }

    private static TopicConfigManager.Settings topicSettings(BrokerSettings s) {
        return new TopicConfigManager.Settings(s.clusterName(), s.brokerName(), s.defaultTopicQueueNums(),
                s.autoCreateTopicEnable(), s.clusterTopicEnable(), s.brokerTopicEnable(), s.traceTopicEnable(),
                s.traceTopicName());
    }

    private RequestDispatcher dispatcher(MachineFacts machine) {
        RequestDispatcher d = new RequestDispatcher(env.log());
        new ClientManageProcessor(env, consumers, producers, groups, topics).registerWith(d);
        new SendMessageProcessor(env, () -> settings, topics, groups, store, counters::onPut).registerWith(d);
        new PullMessageProcessor(env, () -> settings, topics, groups, consumers, offsets, store, holds,
                counters::onGet).registerWith(d);
        new ConsumerManageProcessor(consumers, offsets, store,
                (long) (machine.totalPhysicalMemoryBytes() * settings.store().accessMessageInMemoryMaxRatio() / 100.0))
                .registerWith(d);
        new QueueQueryProcessor(store).registerWith(d);
        new TopicAdminProcessor(() -> new TopicAdminProcessor.Settings(settings.clusterName(), settings.isMaster()),
                topics, groups, offsets, consumers, producers, topic -> { }).registerWith(d);
        return d;
    }

    @Override
    public void start() {
        topics.load();
        groups.load();
        offsets.load();
        store.setMessageArrivingListener((topic, queueId, maxOffset, tagsCode, storeTimestamp) ->
                holds.onMessageArriving(topic, queueId, maxOffset, tagsCode));
        store.start(this::onStoreReady);
    }

    private void onStoreReady(StoreStartResult result) {
        storeStart = result;
        if (!result.ok()) {
            env.log().error("the message store of broker {} could not start: {}", settings.brokerName(), result.problem());
            return;
        }
        if (stopped) {
            return;
        }
        server.listen(new Address(settings.bindAddress(), settings.listenPort()));
        server.listen(new Address(settings.bindAddress(), settings.vipPort()));
        holds.start();
        registrar.start();
        serving = true;
        env.scheduler().schedule(settings.flushConsumerOffsetIntervalMs(), this::persistOffsetsPeriodically);
        env.scheduler().schedule(CLIENT_SCAN_MS, this::scanClients);
        env.log().info("The broker[{}, {}] boot success. serializeType=JSON and name server is {}",
                settings.brokerName(), settings.brokerAddr(), settings.namesrvAddrs());
    }

    private void onTopicsChanged() {
        if (serving && !stopped) {
            registrar.registerAll();
        }
    }

    private void notifyGroupChanged(String group, ConsumerGroupInfo info) {
        if (!settings.notifyConsumerIdsChangedEnable()) {
            return;
        }
        SubscriptionGroupConfig config = groups.get(group);
        if (config != null && !config.notifyConsumerIdsChangedEnable()) {
            return;
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
        offsets.persist(null);
        env.scheduler().schedule(settings.flushConsumerOffsetIntervalMs(), this::persistOffsetsPeriodically);
    }

    private void scanClients() {
        if (stopped) {
            return;
        }
        long now = env.clock().nanoTime();
        for (ClientChannelInfo gone : consumers.expire(now, settings.clientChannelExpiredMillis())) {
            env.log().info("consumer {} expired: no heartbeat for {} ms", gone.clientId(), settings.clientChannelExpiredMillis());
            gone.channel().close();
        }
        for (ClientChannelInfo gone : producers.expire(now, settings.clientChannelExpiredMillis())) {
            gone.channel().close();
        }
        env.scheduler().schedule(CLIENT_SCAN_MS, this::scanClients);
    }

    @Override
    public void shutdown(Runnable done) {
        stopped = true;
        registrar.unregisterAll(() -> {
            holds.stop();
            server.stop();
            client.stop();
            offsets.persist(() -> afterConfigFiles(0, () -> store.shutdown(() -> {
                env.log().info("broker {} stopped", settings.brokerName());
                done.run();
            })));
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

    public BrokerSettings settings() {
        return settings;
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

    public BrokerCounters counters() {
        return counters;
    }

    public PullRequestHoldService holds() {
        return holds;
    }

    public NamesrvRegistrar registrar() {
        return registrar;
    }

    /** True once the store recovered and the broker listens. */
    public boolean isServing() {
        return serving && !stopped;
    }

    public StoreStartResult storeStart() {
        return storeStart;
    }
}
