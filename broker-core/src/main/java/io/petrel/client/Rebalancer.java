package io.petrel.client;

import io.petrel.common.BrokerData;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.FanIn;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.SubscriptionData;
import io.petrel.common.TopicRouteData;
import io.petrel.env.NodeLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Decides which queues this member consumes (RocketMQ's RebalanceImpl) and keeps their process
 * queues. Broadcasting takes every readable queue of each subscribed topic; clustering asks a
 * broker for the group's member ids and takes its {@link AllocateMessageQueueAveragely} share.
 * Orderly consumers first lock new queues on their broker and take only those they got. New queues
 * start where {@code consumeFromWhere} says when the group has no offset yet.
 *
 * <p>Rounds never overlap: a request for a rebalance during a round runs one more round after it.
 * A queue being handed back (its owner still finishing in-flight work, committing, unlocking) is
 * not taken again until that finished, so a member never unlocks a queue it has just re-locked.
 */
final class Rebalancer {

    /** What the consumer does when queues come and go. */
    interface Owner {
        /** Start pulling {@code mq} from {@code nextOffset}. */
        void onQueueAdded(MessageQueue mq, ProcessQueue pq, long nextOffset);

        /** Stop consuming {@code mq} (already dropped), commit its offset, then run {@code finished}. */
        void onQueueRemoved(MessageQueue mq, ProcessQueue pq, Runnable finished);
    }

    private final ClientInstance instance;
    private final ConsumerProxy proxy;
    private final OffsetStore offsets;
    private final String group;
    private final MessageModel messageModel;
    private final ConsumeFromWhere consumeFromWhere;
    private final long consumeTimestampMs;
    private final boolean lockFirst;
    private final Owner owner;
    private final TreeMap<String, SubscriptionData> subscriptions = new TreeMap<>();
    private final TreeMap<MessageQueue, ProcessQueue> processQueues = new TreeMap<>();
    private final Set<MessageQueue> handingBack = new TreeSet<>();
    private boolean running;
    private boolean again;
    private boolean stopped;
    /** What {@link #stop(Runnable)} runs once the round under way ends. */
    private Runnable whenIdle;
    private long rounds;
    private long lockSentNanos;

    Rebalancer(ClientInstance instance, ConsumerProxy proxy, OffsetStore offsets, String group, MessageModel messageModel,
            ConsumeFromWhere consumeFromWhere, long consumeTimestampMs, boolean lockFirst, Owner owner) {
        this.instance = instance;
        this.proxy = proxy;
        this.offsets = offsets;
        this.group = group;
        this.messageModel = messageModel;
        this.consumeFromWhere = consumeFromWhere;
        this.consumeTimestampMs = consumeTimestampMs;
        this.lockFirst = lockFirst && messageModel == MessageModel.CLUSTERING;
        this.owner = owner;
    }

    private NodeLog log() {
        return instance.env().log();
    }

    TreeMap<String, SubscriptionData> subscriptions() {
        return subscriptions;
    }

    TreeMap<MessageQueue, ProcessQueue> processQueues() {
        return processQueues;
    }

    /** How many rounds have finished (tests wait on it). */
    long rounds() {
        return rounds;
    }

    void stop() {
        stopped = true;
    }

    /**
     * Stops, then runs {@code idle} once no round is under way: a round in flight may hold broker
     * locks on queues it has not added yet, and releases them before it ends (see {@link #addAll}),
     * which a shutdown must wait for before it closes the client.
     */
    void stop(Runnable idle) {
        stopped = true;
        if (running) {
            whenIdle = idle;
        } else {
            idle.run();
        }
    }

    // ---- rounds -----------------------------------------------------------------------------

    void rebalance() {
        if (stopped) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        nextTopic(new ArrayList<>(subscriptions.keySet()), 0);
    }

    private void nextTopic(List<String> topics, int index) {
        if (stopped) {
            running = false;
            Runnable idle = whenIdle;
            whenIdle = null;
            if (idle != null) {
                idle.run();
            }
            return;
        }
        if (index == topics.size()) {
            dropQueuesOfOtherTopics();
            running = false;
            rounds++;
            if (again) {
                again = false;
                rebalance();
            }
            return;
        }
        rebalanceTopic(topics.get(index), () -> nextTopic(topics, index + 1));
    }

    private void rebalanceTopic(String topic, Runnable done) {
        TopicRouteData route = instance.routes().route(topic);
        if (route == null) {
            if (!MixAll.isRetryTopic(topic)) {
                log().warn("doRebalance, {}, but the topic[{}] not exist.", group, topic);
            }
            done.run();
            return;
        }
        TreeSet<MessageQueue> all = TopicRoutes.subscribeQueues(topic, route);
        if (messageModel == MessageModel.BROADCASTING) {
            apply(topic, all, done);
            return;
        }
        String broker = pickBroker(route);
        if (broker == null) {
            log().warn("doRebalance, {} {}, no broker address to ask for the group's members", group, topic);
            done.run();
            return;
        }
        proxy.consumerIds(broker, group, ids -> {
            List<String> cids = new ArrayList<>(new TreeSet<>(ids));
            List<MessageQueue> owned = AllocateMessageQueueAveragely.allocate(instance.clientId(), new ArrayList<>(all), cids);
            if (!cids.contains(instance.clientId())) {
                log().info("doRebalance, {}, {} is not yet among the group's members {} on {}", group,
                        instance.clientId(), cids, broker);
            }
            apply(topic, new TreeSet<>(owned), done);
        }, error -> {
            log().warn("doRebalance, {} {}: cannot read the group's members: {}", group, topic, error.getMessage());
            done.run();
        });
    }

    private String pickBroker(TopicRouteData route) {
        List<String> addresses = new ArrayList<>();
        for (BrokerData b : route.brokerDatas()) {
            String address = instance.routes().address(b.brokerName(), true);
            if (address != null) {
                addresses.add(address);
            }
        }
        return addresses.isEmpty() ? null : addresses.get(instance.env().random().nextInt(addresses.size()));
    }

    // ---- applying an allocation ------------------------------------------------------------

    private void apply(String topic, TreeSet<MessageQueue> target, Runnable done) {
        boolean removed = false;
        for (MessageQueue mq : new ArrayList<>(processQueues.keySet())) {
            if (mq.topic().equals(topic) && !target.contains(mq)) {
                handBack(mq);
                removed = true;
            }
        }
        List<MessageQueue> added = new ArrayList<>();
        for (MessageQueue mq : target) {
            if (!processQueues.containsKey(mq) && !handingBack.contains(mq)) {
                added.add(mq);
            }
        }
        if (removed || !added.isEmpty()) {
            log().probe("client-rebalance-changed");
        }
        if (removed) {
            log().probe("client-rebalance-queue-removed");
        }
        if (added.isEmpty()) {
            done.run();
        } else if (lockFirst) {
            lockThenAdd(added, done);
        } else {
            addAll(added, done);
        }
    }

    private void handBack(MessageQueue mq) {
        ProcessQueue pq = processQueues.remove(mq);
        pq.drop();
        handingBack.add(mq);
        log().info("doRebalance, {}, remove unnecessary mq, {}", group, mq);
        owner.onQueueRemoved(mq, pq, () -> handingBack.remove(mq));
    }

    private void lockThenAdd(List<MessageQueue> added, Runnable done) {
        Map<String, Set<MessageQueue>> byBroker = new TreeMap<>();
        added.forEach(mq -> byBroker.computeIfAbsent(mq.brokerName(), b -> new TreeSet<>()).add(mq));
        List<MessageQueue> locked = new ArrayList<>();
        FanIn answered = new FanIn("rebalance locks", byBroker.size(), () -> addAll(locked, done));
        lockSentNanos = instance.env().clock().nanoTime();
        byBroker.forEach((broker, queues) -> proxy.lockBatch(broker, group, queues, ok -> {
            locked.addAll(ok);
            queues.stream().filter(q -> !ok.contains(q)).forEach(q -> log().info(
                    "doRebalance, {}, add a new mq failed, {}, because lock failed", group, q));
            answered.arrive();
        }, error -> {
            log().warn("doRebalance, {}, cannot lock {} on {}: {}", group, queues, broker, error.getMessage());
            answered.arrive();
        }));
    }

    /**
     * Adds the queues at the offsets they start from. A queue locked for this round that is not added
     * after all (no offset to start from, or the consumer stopping meanwhile) is unlocked before the
     * round ends: otherwise the broker would keep it locked for this client, which will not consume
     * it, and the group's other members could not take it until the lock expired (60 s; a member
     * leaving mid-round held three queues of an orderly group that long in fuzz2-740800; RocketMQ
     * 4.9's client leaves the same lock behind).
     */
    private void addAll(Collection<MessageQueue> added, Runnable done) {
        if (added.isEmpty()) {
            done.run();
            return;
        }
        Map<String, Set<MessageQueue>> notAdded = new TreeMap<>();
        FanIn started = new FanIn("rebalance additions", added.size(), () -> unlock(notAdded, done));
        for (MessageQueue mq : added) {
            offsets.removeOffset(mq);
            computePullFromWhere(mq, nextOffset -> {
                if (lockFirst && (nextOffset < 0 || stopped) && !processQueues.containsKey(mq)) {
                    notAdded.computeIfAbsent(mq.brokerName(), b -> new TreeSet<>()).add(mq);
                }
                if (nextOffset >= 0 && !stopped && !processQueues.containsKey(mq)) {
                    ProcessQueue pq = new ProcessQueue();
                    if (lockFirst) {
                        pq.setLocked(true, lockSentNanos);
                    }
                    processQueues.put(mq, pq);
                    log().info("doRebalance, {}, add a new mq, {}, nextOffset {}", group, mq, nextOffset);
                    owner.onQueueAdded(mq, pq, nextOffset);
                } else if (nextOffset < 0) {
                    log().warn("doRebalance, {}, add new mq failed, {}: no offset to start from", group, mq);
                }
                started.arrive();
            });
        }
    }

    private void unlock(Map<String, Set<MessageQueue>> byBroker, Runnable done) {
        if (byBroker.isEmpty()) {
            done.run();
            return;
        }
        log().probe("client-rebalance-lock-released");
        FanIn unlocked = new FanIn("rebalance unlocks", byBroker.size(), done);
        byBroker.forEach((broker, queues) -> proxy.unlockBatch(broker, group, queues, unlocked::arrive));
    }

    private void dropQueuesOfOtherTopics() {
        for (MessageQueue mq : new ArrayList<>(processQueues.keySet())) {
            if (!subscriptions.containsKey(mq.topic())) {
                handBack(mq);
            }
        }
    }

    /**
     * Takes a queue out without telling the owner (after OFFSET_MOVED or an offset reset, whose
     * caller keeps the offset); the next round adds it again. A consumer that locks its queues
     * (orderly, clustering) also gives the lock back once no batch is in flight, as RocketMQ's
     * removeProcessQueue does: else a member that stops before that round keeps the queue locked
     * until the broker's lock expires (60 s) and the group waits for it (fuzz6-123083). Until the
     * unlock is answered the queue is not added again, so it cannot release a newer lock.
     */
    void forget(MessageQueue mq, ProcessQueue pq) {
        if (processQueues.get(mq) != pq) {
            return;
        }
        processQueues.remove(mq);
        if (lockFirst) {
            handingBack.add(mq);
            pq.whenNoBatchInFlight(() -> proxy.unlockBatch(mq.brokerName(), group, new TreeSet<>(List.of(mq)),
                    () -> handingBack.remove(mq)));
        }
    }

    /** Drops every queue (shutdown); returns what was owned. */
    TreeMap<MessageQueue, ProcessQueue> dropAll() {
        stopped = true;
        TreeMap<MessageQueue, ProcessQueue> owned = new TreeMap<>(processQueues);
        owned.values().forEach(ProcessQueue::drop);
        processQueues.clear();
        return owned;
    }

    // ---- where a new queue starts ----------------------------------------------------------

    /**
     * The group's stored offset, or where {@code consumeFromWhere} says to begin (the retry topic
     * always from its start). A negative answer means "cannot tell now": the queue is skipped
     * until the next round.
     */
    void computePullFromWhere(MessageQueue mq, LongConsumer result) {
        offsets.readOffset(mq, ReadOffsetType.READ_FROM_STORE, stored -> {
            if (stored >= 0) {
                result.accept(stored);
            } else if (stored != OffsetStore.NOT_FOUND) {
                result.accept(-1);
            } else {
                startWithoutOffset(mq, result);
            }
        });
    }

    private void startWithoutOffset(MessageQueue mq, LongConsumer result) {
        boolean retry = MixAll.isRetryTopic(mq.topic());
        switch (consumeFromWhere) {
            case CONSUME_FROM_FIRST_OFFSET, CONSUME_FROM_MIN_OFFSET -> result.accept(0);
            case CONSUME_FROM_TIMESTAMP -> {
                if (retry) {
                    proxy.maxOffset(mq, result::accept, e -> result.accept(-1));
                } else {
                    proxy.searchOffset(mq, consumeTimestampMs, result::accept, e -> result.accept(-1));
                }
            }
            default -> {
                if (retry) {
                    result.accept(0);
                } else {
                    proxy.maxOffset(mq, result::accept, e -> result.accept(-1));
                }
            }
        }
    }
}
