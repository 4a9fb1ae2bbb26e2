package io.petrel.client;

import io.petrel.common.Check;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerData;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.FanIn;
import io.petrel.common.FilterApi;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.MqVersion;
import io.petrel.common.ProcessQueueInfo;
import io.petrel.common.SubscriptionData;
import io.petrel.common.TopicValidator;
import io.petrel.env.NodeLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * A push consumer (RocketMQ's DefaultMQPushConsumer): it subscribes topics with tag expressions,
 * takes its share of their queues ({@link Rebalancer}), long-polls each owned queue
 * ({@link PushPuller}) and hands the messages to a concurrent or orderly listener
 * ({@link ConsumeService}). Progress is committed every 5 s and at shutdown, to the broker
 * (clustering) or a local file (broadcasting). A clustering consumer also subscribes its group's
 * retry topic, where messages it rejected come back.
 *
 * <p>Runs on the client's loop; its lifecycle is a {@link ConsumerState}. Its parts (the puller and
 * the consume service) get a {@link PushContext}, not the consumer. A crash loses only what was not
 * committed, which is delivered again.
 */
public final class PushConsumer implements ConsumerMember {

    private final ClientInstance instance;
    private final ConsumerConfig config;
    private final ConsumerProxy proxy;
    private final ConsumerStats stats = new ConsumerStats();
    private final TreeMap<String, SubscriptionData> subscriptions = new TreeMap<>();
    private MessageListenerConcurrently concurrentListener;
    private MessageListenerOrderly orderlyListener;
    private OffsetStore offsets;
    private Rebalancer rebalancer;
    private ConsumeService consumeService;
    private PushPuller puller;
    private MessageSendBack sendBack;
    private SendBackListener sendBackListener = SendBackListener.NONE;
    private long startMs;
    private final ConsumerState state = new ConsumerState();

    public PushConsumer(ClientInstance instance, ConsumerConfig config) {
        this.instance = instance;
        this.config = config;
        this.proxy = new ConsumerProxy(instance);
    }

    public ConsumerConfig config() {
        return config;
    }

    // ---- set-up --------------------------------------------------------------------------------

    /**
     * Subscribes {@code topic} with a tag expression ({@code *} or {@code a || b}).
     *
     * @throws ClientException naming a bad topic or expression
     */
    public void subscribe(String topic, String expression) {
        String problem = TopicValidator.problem(topic);
        if (problem != null) {
            throw new ClientException(-1, problem);
        }
        SubscriptionData subscription;
        try {
            subscription = FilterApi.build(topic, expression, instance.env().clock().nowMs());
        } catch (IllegalArgumentException e) {
            throw new ClientException(-1, "subscription exception: " + e.getMessage());
        }
        subscriptions.put(topic, subscription);
        if (state.isRunning()) {
            rebalancer.subscriptions().put(topic, subscription);
            refreshThenRebalance();
        }
    }

    public void unsubscribe(String topic) {
        subscriptions.remove(topic);
        if (state.isRunning()) {
            rebalancer.subscriptions().remove(topic);
            instance.heartbeatAll();
        }
    }

    public void registerMessageListener(MessageListenerConcurrently listener) {
        this.concurrentListener = listener;
    }

    public void registerMessageListener(MessageListenerOrderly listener) {
        this.orderlyListener = listener;
    }

    /** Told how each rejected message went back ({@link SendBackListener}); set before {@link #start}. */
    public void setSendBackListener(SendBackListener listener) {
        Check.argument(listener != null, "the send-back listener is null");
        this.sendBackListener = listener;
    }

    /**
     * Starts consuming: routes, a heartbeat to every broker, then the first rebalance.
     *
     * @throws ClientException when already started, without a listener, or when the local offsets cannot be read
     */
    public void start() {
        if (state.value() != ConsumerState.Value.CREATE_JUST) {
            throw new ClientException(-1, "The PushConsumer service state not OK, maybe started once, " + state.value());
        }
        if (concurrentListener == null && orderlyListener == null) {
            throw new ClientException(-1, "messageListener is null");
        }
        startMs = instance.env().clock().nowMs();
        offsets = config.messageModel() == MessageModel.BROADCASTING
                ? new LocalFileOffsetStore(instance.env(), instance.config(), config.consumerGroup())
                : new RemoteBrokerOffsetStore(proxy, config.consumerGroup());
        offsets.load();
        long timestampMs = config.consumeTimestamp() == null ? ConsumeTimestamps.defaultMs(startMs)
                : ConsumeTimestamps.parse(config.consumeTimestamp(), instance.config().timeZone());
        rebalancer = new Rebalancer(instance, proxy, offsets, config.consumerGroup(), config.messageModel(),
                config.consumeFromWhere(), timestampMs, orderlyListener != null, new RebalanceOwner());
        rebalancer.subscriptions().putAll(subscriptions);
        if (config.messageModel() == MessageModel.CLUSTERING) {
            String retry = MixAll.retryTopic(config.consumerGroup());
            rebalancer.subscriptions().put(retry, FilterApi.build(retry, "*", startMs));
        }
        sendBack = new MessageSendBack(instance, proxy, config.consumerGroup(), sendBackListener);
        PushContext context = new PushContext(instance, config, state, stats, proxy, offsets, rebalancer, sendBack);
        consumeService = orderlyListener != null ? new ConsumeOrderlyService(context, orderlyListener)
                : new ConsumeConcurrentlyService(context, concurrentListener);
        puller = new PushPuller(context, consumeService);
        instance.registerConsumer(config.consumerGroup(), this);
        state.moveTo(ConsumerState.Value.RUNNING);
        instance.start();
        consumeService.start();
        refreshThenRebalance();
    }

    /**
     * Routes, heartbeat, routes still missing (the broker creates the group's retry topic when the
     * heartbeat arrives), then a rebalance.
     */
    private void refreshThenRebalance() {
        fetchRoutes(new ArrayList<>(rebalancer.subscriptions().keySet()), () -> instance.heartbeatAll(() -> {
            List<String> missing = rebalancer.subscriptions().keySet().stream()
                    .filter(t -> instance.routes().route(t) == null).toList();
            fetchRoutes(missing, rebalancer::rebalance);
        }));
    }

    private void fetchRoutes(List<String> topics, Runnable then) {
        if (topics.isEmpty()) {
            then.run();
            return;
        }
        FanIn fetched = new FanIn("routes of the subscriptions", topics.size(), then);
        for (String topic : topics) {
            instance.fetchRoute(topic, (route, error) -> {
                if (error != null) {
                    log().warn("cannot read the route of {}: {}", topic, error.getMessage());
                }
                fetched.arrive();
            });
        }
    }

    /**
     * Stops pulling, lets in-flight listener calls finish (up to
     * {@code awaitTerminationMillisWhenShutdown}), commits every owned queue's offset, releases
     * orderly locks, and unregisters from every broker, then runs {@code done}.
     */
    public void shutdown(Runnable done) {
        if (!state.isRunning()) {
            if (!state.isShutDown()) {
                state.moveTo(ConsumerState.Value.SHUTDOWN_ALREADY);
            }
            done.run();
            return;
        }
        state.moveTo(ConsumerState.Value.SHUTDOWN_ALREADY);
        rebalancer.stop(() -> consumeService.drain(() -> {
            TreeMap<MessageQueue, ProcessQueue> owned = new TreeMap<>(rebalancer.processQueues());
            offsets.persistAll(owned.keySet(), () -> {
                rebalancer.dropAll();
                consumeService.release(owned.keySet(), () -> instance.unregister(null, config.consumerGroup(), () -> {
                    instance.removeConsumer(config.consumerGroup());
                    done.run();
                }));
            });
        }));
    }

    // ---- for its running info and invariants ---------------------------------------------------

    /** Every owned queue's {@link ProcessQueue#invariants}. */
    void invariants() {
        if (rebalancer != null) {
            rebalancer.processQueues().forEach((mq, pq) -> pq.invariants(mq));
        }
    }

    private final class RebalanceOwner implements Rebalancer.Owner {
        @Override
        public void onQueueAdded(MessageQueue mq, ProcessQueue pq, long nextOffset) {
            puller.pull(new PullRequest(mq, pq, nextOffset));
        }

        @Override
        public void onQueueRemoved(MessageQueue mq, ProcessQueue pq, Runnable finished) {
            consumeService.onQueueRemoved(mq, pq, finished);
        }
    }

    private NodeLog log() {
        return instance.env().log();
    }

    private long nowNanos() {
        return instance.env().clock().nanoTime();
    }

    private long nowMs() {
        return instance.env().clock().nowMs();
    }

    Rebalancer rebalancer() {
        return rebalancer;
    }

    ConsumeService consumeService() {
        return consumeService;
    }

    // ---- what tests and tools look at ----------------------------------------------------------

    /** The queues this member consumes now. */
    public TreeSet<MessageQueue> ownedQueues() {
        return rebalancer == null ? new TreeSet<>() : new TreeSet<>(rebalancer.processQueues().keySet());
    }

    /** Finished rebalance rounds. */
    public long rebalanceRounds() {
        return rebalancer == null ? 0 : rebalancer.rounds();
    }

    /** Messages pulled but not yet consumed, over every owned queue. */
    public int cachedMessages() {
        return rebalancer == null ? 0 : rebalancer.processQueues().values().stream().mapToInt(ProcessQueue::count).sum();
    }

    /** The offset this member would commit next for {@code mq}, or -1. */
    public long committedOffset(MessageQueue mq) {
        return offsets == null ? -1 : offsets.offsets(mq.topic()).getOrDefault(mq, -1L);
    }

    // ---- ConsumerMember ------------------------------------------------------------------------

    @Override
    public String group() {
        return config.consumerGroup();
    }

    @Override
    public ConsumerData heartbeatData() {
        Collection<SubscriptionData> subs = rebalancer == null ? subscriptions.values() : rebalancer.subscriptions().values();
        return new ConsumerData(config.consumerGroup(), ConsumeType.CONSUME_PASSIVELY, config.messageModel(),
                config.consumeFromWhere(), new LinkedHashSet<>(subs), false);
    }

    @Override
    public Collection<String> subscribedTopics() {
        return rebalancer == null ? subscriptions.keySet() : new ArrayList<>(rebalancer.subscriptions().keySet());
    }

    @Override
    public void rebalance() {
        if (state.isRunning()) {
            rebalancer.rebalance();
        }
    }

    @Override
    public void persistOffsets(Runnable done) {
        if (!state.isRunning()) {
            done.run();
            return;
        }
        offsets.persistAll(new ArrayList<>(rebalancer.processQueues().keySet()), done);
    }

    @Override
    public Map<MessageQueue, Long> consumeOffsets(String topic) {
        return offsets == null ? new TreeMap<>() : offsets.offsets(topic);
    }

    @Override
    public void resetOffsets(String topic, Map<MessageQueue, Long> newOffsets) {
        if (!state.isRunning()) {
            return;
        }
        for (Map.Entry<MessageQueue, Long> e : newOffsets.entrySet()) {
            if (!e.getKey().topic().equals(topic)) {
                continue;
            }
            ProcessQueue pq = rebalancer.processQueues().get(e.getKey());
            if (pq != null) {
                pq.drop();
                rebalancer.forget(e.getKey(), pq);
            }
            offsets.updateOffset(e.getKey(), e.getValue(), false);
            offsets.persist(e.getKey());
        }
        rebalancer.rebalance();
    }

    @Override
    public void consumeDirectly(MessageExt message, BiConsumer<String, String> result) {
        MessageQueue mq = new MessageQueue(message.getTopic(), message.getBrokerName(), message.getQueueId());
        try {
            if (orderlyListener != null) {
                orderlyListener.consumeMessage(List.of(message), new ConsumeOrderlyContext(mq), status ->
                        result.accept(status == ConsumeOrderlyStatus.SUCCESS ? "CR_SUCCESS" : "CR_LATER", null));
            } else if (concurrentListener != null) {
                concurrentListener.consumeMessage(List.of(message), new ConsumeConcurrentlyContext(mq), status ->
                        result.accept(status == null ? "CR_RETURN_NULL"
                                : status == ConsumeConcurrentlyStatus.CONSUME_SUCCESS ? "CR_SUCCESS" : "CR_LATER", null));
            } else {
                result.accept(null, "no listener registered");
            }
        } catch (RuntimeException e) {
            Check.rethrowIfBug(e);
            result.accept("CR_THROW_EXCEPTION", e.toString());
        }
    }

    @Override
    public ConsumerRunningInfo runningInfo() {
        return PushConsumerInfo.of(this, instance, config, startMs, subscriptions);
    }

    Map<MessageQueue, ProcessQueueInfo> processQueueInfos() {
        Map<MessageQueue, ProcessQueueInfo> table = new TreeMap<>();
        Map<MessageQueue, Long> committed = offsets.offsets(null);
        long nowNanos = nowNanos();
        long nowMs = nowMs();
        rebalancer.processQueues().forEach((mq, pq) -> table.put(mq, new ProcessQueueInfo(committed.getOrDefault(mq, -1L),
                pq.minOffset(), pq.maxOffset(), pq.count(), (int) (pq.sizeBytes() / (1024 * 1024)), 0, 0, 0, pq.isLocked(),
                0, toEpochMs(pq.lastLockNanos(), nowNanos, nowMs), pq.isDropped(), toEpochMs(pq.lastPullNanos(), nowNanos, nowMs),
                toEpochMs(pq.lastConsumeNanos(), nowNanos, nowMs))));
        return table;
    }

    private static long toEpochMs(long thenNanos, long nowNanos, long nowMs) {
        return thenNanos == 0 ? 0 : nowMs - (nowNanos - thenNanos) / 1_000_000L;
    }

    ConsumerStats consumerStats() {
        return stats;
    }

    static String version() {
        return MqVersion.describe(MqVersion.CURRENT);
    }
}
