package io.petrel.client;

import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerData;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.FanIn;
import io.petrel.common.FilterApi;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.common.SubscriptionData;
import io.petrel.common.TopicValidator;
import io.petrel.env.Env;
import io.petrel.env.NodeLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A lite pull consumer (RocketMQ's DefaultLitePullConsumer): the application asks for messages
 * with {@link #poll}. Queues come from a subscription (shared by the group like a push consumer's,
 * without a retry topic) or from {@link #assign}. Fetching runs ahead in the background
 * ({@link LitePuller}); {@code poll} hands out one pulled batch and records it as consumed;
 * {@link #commitSync} (or auto-commit, checked at each poll) makes the consumed offsets the
 * group's committed ones, which reach the broker (or local file) with the next periodic persist.
 * {@link #seek} moves a queue, discarding what was fetched from before.
 */
public final class LitePullConsumer implements ConsumerMember {

    private record Batch(LiteQueue queue, int generation, List<MessageExt> messages) {
    }

    private record Waiter(Consumer<List<MessageExt>> result, boolean[] served) {
    }

    private final ClientInstance instance;
    private final LitePullConfig config;
    private final ConsumerProxy proxy;
    private final TreeMap<String, SubscriptionData> subscriptions = new TreeMap<>();
    private final TreeMap<String, SubscriptionData> assignedTopics = new TreeMap<>();
    private final TreeMap<MessageQueue, LiteQueue> queues = new TreeMap<>();
    private final ArrayDeque<Batch> buffer = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private TreeSet<MessageQueue> assigned;
    private OffsetStore offsets;
    private Rebalancer rebalancer;
    private LitePuller puller;
    private int bufferedMessages;
    private long nextAutoCommitNanos;
    private final ConsumerState state = new ConsumerState();

    public LitePullConsumer(ClientInstance instance, LitePullConfig config) {
        this.instance = instance;
        this.config = config;
        this.proxy = new ConsumerProxy(instance);
    }

    public LitePullConfig config() {
        return config;
    }

    // ---- set-up --------------------------------------------------------------------------------

    /** @throws ClientException for a bad topic or expression, or when queues were assigned already */
    public void subscribe(String topic, String expression) {
        if (assigned != null) {
            throw new ClientException(-1, "Subscribe and assign are mutually exclusive.");
        }
        String problem = TopicValidator.problem(topic);
        if (problem != null) {
            throw new ClientException(-1, problem);
        }
        try {
            subscriptions.put(topic, FilterApi.build(topic, expression, instance.env().clock().nowMs()));
        } catch (IllegalArgumentException e) {
            throw new ClientException(-1, "subscription exception: " + e.getMessage());
        }
        if (state.isRunning()) {
            rebalancer.subscriptions().putAll(subscriptions);
            instance.fetchRoute(topic, (route, error) -> instance.heartbeatAll(rebalancer::rebalance));
        }
    }

    /** Reads exactly these queues (no group rebalancing). */
    public void assign(Collection<MessageQueue> messageQueues) {
        if (!subscriptions.isEmpty()) {
            throw new ClientException(-1, "Subscribe and assign are mutually exclusive.");
        }
        if (messageQueues == null || messageQueues.isEmpty()) {
            throw new ClientException(-1, "Message queues can not be null or empty.");
        }
        assigned = new TreeSet<>(messageQueues);
        if (state.isRunning()) {
            applyAssignment();
        }
    }

    public void start() {
        if (state.value() != ConsumerState.Value.CREATE_JUST) {
            throw new ClientException(-1, "The LitePullConsumer service state not OK, maybe started once, " + state.value());
        }
        config.check();
        offsets = config.messageModel() == MessageModel.BROADCASTING
                ? new LocalFileOffsetStore(instance.env(), instance.config(), config.consumerGroup())
                : new RemoteBrokerOffsetStore(proxy, config.consumerGroup());
        offsets.load();
        long nowMs = instance.env().clock().nowMs();
        long timestampMs = config.consumeTimestamp() == null ? ConsumeTimestamps.defaultMs(nowMs)
                : ConsumeTimestamps.parse(config.consumeTimestamp(), instance.config().timeZone());
        rebalancer = new Rebalancer(instance, proxy, offsets, config.consumerGroup(), config.messageModel(),
                config.consumeFromWhere(), timestampMs, false, new Owner());
        rebalancer.subscriptions().putAll(subscriptions);
        puller = new LitePuller(instance, config, state, proxy, new FetcherBuffer());
        instance.registerConsumer(config.consumerGroup(), this);
        state.moveTo(ConsumerState.Value.RUNNING);
        nextAutoCommitNanos = nowNanos() + config.autoCommitIntervalMillis() * 1_000_000L;
        instance.start();
        if (assigned != null) {
            applyAssignment();
        } else {
            List<String> topics = new ArrayList<>(subscriptions.keySet());
            FanIn fetched = new FanIn("routes of the subscriptions", topics.size(),
                    () -> instance.heartbeatAll(rebalancer::rebalance));
            for (String topic : topics) {
                instance.fetchRoute(topic, (route, error) -> fetched.arrive());
            }
        }
    }

    private void applyAssignment() {
        for (MessageQueue mq : new ArrayList<>(queues.keySet())) {
            if (!assigned.contains(mq)) {
                remove(mq);
            }
        }
        for (MessageQueue mq : assigned) {
            assignedTopics.computeIfAbsent(mq.topic(), t -> FilterApi.build(t, "*", instance.env().clock().nowMs()));
            if (!queues.containsKey(mq)) {
                if (instance.routes().route(mq.topic()) == null) {
                    instance.fetchRoute(mq.topic(), (route, error) -> startAssigned(mq));
                } else {
                    startAssigned(mq);
                }
            }
        }
    }

    private void startAssigned(MessageQueue mq) {
        offsets.removeOffset(mq);
        rebalancer.computePullFromWhere(mq, offset -> {
            if (offset < 0) {
                log().warn("cannot tell where to start reading {}; retrying in 1 s", mq);
                env().scheduler().schedule(1_000, () -> {
                    if (assigned.contains(mq) && !queues.containsKey(mq) && !state.isShutDown()) {
                        startAssigned(mq);
                    }
                });
            } else if (assigned.contains(mq) && !queues.containsKey(mq) && !state.isShutDown()) {
                add(mq, new ProcessQueue(), offset);
            }
        });
    }

    /** Every queue's {@link ProcessQueue#invariants}, assigned or owned. */
    void invariants() {
        queues.forEach((mq, q) -> q.pq.invariants(mq));
    }

    private final class Owner implements Rebalancer.Owner {
        @Override
        public void onQueueAdded(MessageQueue mq, ProcessQueue pq, long nextOffset) {
            add(mq, pq, nextOffset);
        }

        @Override
        public void onQueueRemoved(MessageQueue mq, ProcessQueue pq, Runnable finished) {
            remove(mq);
            finished.run();
        }
    }

    private void add(MessageQueue mq, ProcessQueue pq, long offset) {
        LiteQueue q = new LiteQueue(mq, pq, offset);
        queues.put(mq, q);
        puller.kick(q);
    }

    /** Stops reading a queue; what poll handed out is committed first, so the next owner continues after it. */
    private void remove(MessageQueue mq) {
        LiteQueue q = queues.remove(mq);
        if (q == null) {
            return;
        }
        commitQueue(q);
        offsets.persist(mq);
        offsets.removeOffset(mq);
        q.pq.drop();
        dropBuffered(q);
    }

    // ---- poll -------------------------------------------------------------------------------

    /**
     * Delivers the next fetched batch to {@code result}, or an empty list after {@code timeoutMs}.
     * The batch counts as consumed: the next commit stores the offset after it.
     */
    public void poll(long timeoutMs, Consumer<List<MessageExt>> result) {
        if (!state.isRunning()) {
            env().scheduler().execute(() -> result.accept(List.of()));
            log().warn("poll on a consumer that is not running");
            return;
        }
        if (config.autoCommit() && nowNanos() >= nextAutoCommitNanos) {
            commitAll();
        }
        List<MessageExt> ready = take();
        if (ready != null) {
            env().scheduler().execute(() -> result.accept(ready));
            return;
        }
        Waiter waiter = new Waiter(result, new boolean[1]);
        waiters.add(waiter);
        env().scheduler().schedule(timeoutMs, () -> {
            if (!waiter.served()[0]) {
                waiter.served()[0] = true;
                waiters.remove(waiter);
                result.accept(List.of());
            }
        });
    }

    public void poll(Consumer<List<MessageExt>> result) {
        poll(config.pollTimeoutMillis(), result);
    }

    private List<MessageExt> take() {
        while (!buffer.isEmpty()) {
            Batch batch = buffer.poll();
            bufferedMessages -= batch.messages.size();
            LiteQueue q = batch.queue;
            if (q.isRemoved() || batch.generation != q.generation || q.paused) {
                continue;
            }
            long offset = q.pq.remove(batch.messages);
            if (offset >= 0) {
                q.consumedOffset = offset;
            }
            puller.kick(q);
            return batch.messages;
        }
        return null;
    }

    /** A fetch landed: serve the oldest waiting poll, or keep it for the next one. */
    private void buffer(LiteQueue q, List<MessageExt> messages) {
        buffer.add(new Batch(q, q.generation, messages));
        bufferedMessages += messages.size();
        while (!waiters.isEmpty()) {
            List<MessageExt> ready = take();
            if (ready == null) {
                return;
            }
            Waiter waiter = waiters.poll();
            waiter.served()[0] = true;
            waiter.result().accept(ready);
        }
    }

    private void dropBuffered(LiteQueue q) {
        buffer.removeIf(b -> {
            if (b.queue == q) {
                bufferedMessages -= b.messages.size();
                return true;
            }
            return false;
        });
    }

    // ---- seek and commit ---------------------------------------------------------------------

    /**
     * Moves {@code mq} to {@code offset}; {@code done} gets null, or the error when the queue is
     * not assigned or the offset is outside [min, max] of the queue.
     */
    public void seek(MessageQueue mq, long offset, Consumer<ClientException> done) {
        LiteQueue q = queues.get(mq);
        if (q == null) {
            env().scheduler().execute(() -> done.accept(new ClientException(-1,
                    "The message queue is not in assigned list, may be rebalancing, message queue: " + mq)));
            return;
        }
        proxy.minOffset(mq, min -> proxy.maxOffset(mq, max -> {
            if (offset < min || offset > max) {
                done.accept(new ClientException(-1, "Seek offset illegal, seek offset = " + offset + ", min offset = "
                        + min + ", max offset = " + max));
                return;
            }
            moveTo(q, offset);
            done.accept(null);
        }, done), done);
    }

    public void seekToBegin(MessageQueue mq, Consumer<ClientException> done) {
        proxy.minOffset(mq, min -> seek(mq, min, done), done);
    }

    public void seekToEnd(MessageQueue mq, Consumer<ClientException> done) {
        proxy.maxOffset(mq, max -> seek(mq, max, done), done);
    }

    /** The next commit (manual or automatic) stores {@code offset}; until then the committed offset stays. */
    private void moveTo(LiteQueue q, long offset) {
        q.generation++;
        q.pq.clear();
        dropBuffered(q);
        q.pullOffset = offset;
        q.consumedOffset = offset;
        puller.kick(q);
    }

    /** Makes what poll handed out the committed progress and sends it; {@code done} runs after. */
    public void commitSync(Runnable done) {
        commitAll();
        offsets.persistAll(new ArrayList<>(queues.keySet()), done);
    }

    private void commitAll() {
        nextAutoCommitNanos = nowNanos() + config.autoCommitIntervalMillis() * 1_000_000L;
        queues.values().forEach(this::commitQueue);
    }

    private void commitQueue(LiteQueue q) {
        if (q.consumedOffset >= 0) {
            offsets.updateOffset(q.mq, q.consumedOffset, false);
        }
    }

    /** The committed offset of {@code mq} as the store has it (broker or local file). */
    public void committed(MessageQueue mq, Consumer<Long> result) {
        offsets.readOffset(mq, ReadOffsetType.READ_FROM_STORE, result);
    }

    /** Stops fetching a queue; its buffered batches are not handed out until resumed. */
    public void pause(Collection<MessageQueue> mqs) {
        mqs.stream().map(queues::get).filter(q -> q != null).forEach(q -> q.paused = true);
    }

    public void resume(Collection<MessageQueue> mqs) {
        mqs.stream().map(queues::get).filter(q -> q != null).forEach(q -> {
            q.paused = false;
            puller.kick(q);
        });
    }

    public void shutdown(Runnable done) {
        if (!state.isRunning()) {
            if (!state.isShutDown()) {
                state.moveTo(ConsumerState.Value.SHUTDOWN_ALREADY);
            }
            done.run();
            return;
        }
        if (config.autoCommit()) {
            commitAll();
        }
        state.moveTo(ConsumerState.Value.SHUTDOWN_ALREADY);
        rebalancer.stop();
        waiters.forEach(w -> {
            w.served()[0] = true;
            w.result().accept(List.of());
        });
        waiters.clear();
        offsets.persistAll(new ArrayList<>(queues.keySet()), () -> {
            queues.values().forEach(q -> q.pq.drop());
            instance.unregister(null, config.consumerGroup(), () -> {
                instance.removeConsumer(config.consumerGroup());
                done.run();
            });
        });
    }

    // ---- its state, and what the fetcher sees ------------------------------------------------------

    private Env env() {
        return instance.env();
    }

    private NodeLog log() {
        return instance.env().log();
    }

    private long nowNanos() {
        return instance.env().clock().nanoTime();
    }

    /** Started and not shut down: polls can be answered with messages. */
    public boolean isRunning() {
        return state.isRunning();
    }

    boolean isStopped() {
        return state.isShutDown();
    }

    /** What the fetcher sees of this consumer: the buffer it fills and the subscriptions it pulls with. */
    private final class FetcherBuffer implements LitePuller.Buffer {
        @Override
        public int bufferedMessages() {
            return bufferedMessages;
        }

        @Override
        public SubscriptionData subscriptionFor(String topic) {
            SubscriptionData s = subscriptions.get(topic);
            return s != null ? s : assignedTopics.computeIfAbsent(topic, t -> FilterApi.build(t, "*", 0));
        }

        @Override
        public void buffer(LiteQueue q, List<MessageExt> messages) {
            LitePullConsumer.this.buffer(q, messages);
        }
    }

    /** The queues this consumer reads now. */
    public TreeSet<MessageQueue> assignment() {
        return new TreeSet<>(queues.keySet());
    }

    // ---- ConsumerMember ------------------------------------------------------------------------

    @Override
    public String group() {
        return config.consumerGroup();
    }

    @Override
    public ConsumerData heartbeatData() {
        return new ConsumerData(config.consumerGroup(), ConsumeType.CONSUME_ACTIVELY, config.messageModel(),
                config.consumeFromWhere(), new LinkedHashSet<>(subscriptions.values()), false);
    }

    @Override
    public Collection<String> subscribedTopics() {
        TreeSet<String> topics = new TreeSet<>(subscriptions.keySet());
        topics.addAll(assignedTopics.keySet());
        return topics;
    }

    @Override
    public void rebalance() {
        if (state.isRunning() && assigned == null) {
            rebalancer.rebalance();
        }
    }

    @Override
    public void persistOffsets(Runnable done) {
        if (!state.isRunning()) {
            done.run();
            return;
        }
        offsets.persistAll(new ArrayList<>(queues.keySet()), done);
    }

    @Override
    public Map<MessageQueue, Long> consumeOffsets(String topic) {
        return offsets == null ? new TreeMap<>() : offsets.offsets(topic);
    }

    @Override
    public void resetOffsets(String topic, Map<MessageQueue, Long> newOffsets) {
        newOffsets.forEach((mq, offset) -> {
            LiteQueue q = queues.get(mq);
            if (q != null && mq.topic().equals(topic)) {
                moveTo(q, offset);
            }
        });
    }

    @Override
    public ConsumerRunningInfo runningInfo() {
        Map<String, String> p = new TreeMap<>();
        p.put(ConsumerRunningInfo.PROP_CONSUME_TYPE, ConsumeType.CONSUME_ACTIVELY.name());
        p.put(ConsumerRunningInfo.PROP_CLIENT_VERSION, PushConsumer.version());
        p.put("consumerGroup", config.consumerGroup());
        p.put("messageModel", config.messageModel().name());
        p.put("autoCommit", String.valueOf(config.autoCommit()));
        return new ConsumerRunningInfo(p, new LinkedHashSet<>(subscriptions.values()), new TreeMap<>(), new TreeMap<>(), null);
    }
}
