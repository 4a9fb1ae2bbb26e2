package io.petrel.client;

import io.petrel.common.Check;
import io.petrel.common.FanIn;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Orderly consumption (RocketMQ's ConsumeMessageOrderlyService): each owned queue is consumed one
 * batch at a time, in queue order, and in clustering mode only while this client holds the
 * queue's lock on its broker (renewed every 20 s; trusted for 30 s). A failed batch is put back
 * and retried after {@code suspendCurrentQueueTimeMillis}; a message that failed
 * {@code maxReconsumeTimes} times goes to the broker's retry topic (and so to the DLQ) so the
 * queue can move on. At most {@code consumeThreadMax} queues are with the listener at once.
 *
 * <p>A queue handed back by a rebalance first lets its in-flight batch finish and commits it,
 * then commits the offset and only then unlocks, so the next owner starts exactly after it.
 */
final class ConsumeOrderlyService implements ConsumeService {

    static final long LOCK_INTERVAL_MS = 20_000;
    static final long LOCK_MAX_LIVE_MS = 30_000;
    private static final long RELOCK_AFTER_MS = 3_000;

    private final PushContext push;
    private final MessageListenerOrderly listener;
    private final boolean clustering;
    private record Waiting(MessageQueue mq, ProcessQueue pq) {
    }

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final ListenerCalls calls;

    ConsumeOrderlyService(PushContext context, MessageListenerOrderly listener) {
        this.push = context;
        this.listener = listener;
        this.clustering = context.config().messageModel() == MessageModel.CLUSTERING;
        this.calls = new ListenerCalls(context, "orderly batches");
    }

    @Override
    public boolean orderly() {
        return true;
    }

    @Override
    public int inFlight() {
        return calls.inFlight();
    }

    @Override
    public void start() {
        if (clustering) {
            push.env().scheduler().schedule(1_000, this::periodicLock);
        }
    }

    private void periodicLock() {
        if (calls.draining() || push.isStopped()) {
            return;
        }
        lockAll();
        push.env().scheduler().schedule(LOCK_INTERVAL_MS, this::periodicLock);
    }

    /**
     * LOCK_BATCH_MQ for every owned queue, per broker; queues not granted are marked unlocked. A
     * granted lock counts from when the request was sent: a slow answer must not stretch it.
     */
    void lockAll() {
        Map<String, Set<MessageQueue>> byBroker = new TreeMap<>();
        push.rebalancer().processQueues().keySet()
                .forEach(mq -> byBroker.computeIfAbsent(mq.brokerName(), b -> new TreeSet<>()).add(mq));
        long sentNanos = push.nowNanos();
        byBroker.forEach((broker, queues) -> push.proxy().lockBatch(broker, push.config().consumerGroup(), queues,
                locked -> {
                    long now = sentNanos;
                    for (MessageQueue mq : queues) {
                        ProcessQueue pq = push.rebalancer().processQueues().get(mq);
                        if (pq != null) {
                            boolean wasLocked = pq.isLocked();
                            pq.setLocked(locked.contains(mq), now);
                            if (!locked.contains(mq) && wasLocked) {
                                push.log().warn("the message queue locked Failed, Group: {} {}",
                                        push.config().consumerGroup(), mq);
                            }
                        }
                    }
                }, error -> push.log().warn("lockBatchMQ on {} failed: {}", broker, error.getMessage())));
    }

    @Override
    public void submit(List<MessageExt> messages, ProcessQueue pq, MessageQueue mq, boolean dispatch) {
        if (dispatch) {
            schedule(mq, pq, 0);
        }
    }

    private void schedule(MessageQueue mq, ProcessQueue pq, long delayMs) {
        Runnable go = () -> {
            if (calls.inFlight() < push.config().consumeThreadMax()) {
                consume(mq, pq);
            } else {
                waiting.add(new Waiting(mq, pq));
            }
        };
        if (delayMs == 0) {
            push.env().scheduler().execute(go);
        } else {
            push.env().scheduler().schedule(delayMs, go);
        }
    }

    private void consume(MessageQueue mq, ProcessQueue pq) {
        if (pq.isDropped() || calls.draining()) {
            pq.setConsuming(false);
            return;
        }
        if (clustering && (!pq.isLocked() || pq.isLockExpired(push.nowNanos(), LOCK_MAX_LIVE_MS))) {
            push.log().probe("client-orderly-relock");
            lockThenConsume(mq, pq);
            return;
        }
        List<MessageExt> batch = pq.takeOrderly(push.config().consumeMessageBatchMaxSize());
        if (batch.isEmpty()) {
            return;
        }
        String start = String.valueOf(push.nowMs());
        batch.forEach(m -> m.putProperty(RetryProperties.CONSUME_START_TIME, start));
        ConsumeOrderlyContext context = new ConsumeOrderlyContext(mq);
        long startNanos = push.nowNanos();
        boolean[] answered = {false};
        calls.started();
        try {
            listener.consumeMessage(batch, context, status -> {
                if (!answered[0]) {
                    answered[0] = true;
                    onAnswer(mq, pq, batch, status == null ? ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT : status,
                            context, startNanos);
                }
            });
        } catch (RuntimeException e) {
            Check.rethrowIfBug(e);
            push.log().warn("consumeMessage exception: {} Group: {} MQ: {}", e.toString(),
                    push.config().consumerGroup(), mq);
            if (!answered[0]) {
                answered[0] = true;
                onAnswer(mq, pq, batch, ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT, context, startNanos);
            }
        }
    }

    private void lockThenConsume(MessageQueue mq, ProcessQueue pq) {
        long sentNanos = push.nowNanos();
        push.proxy().lockBatch(mq.brokerName(), push.config().consumerGroup(), new TreeSet<>(List.of(mq)), locked -> {
            if (locked.contains(mq)) {
                pq.setLocked(true, sentNanos);
                schedule(mq, pq, 10);
            } else {
                schedule(mq, pq, RELOCK_AFTER_MS);
            }
        }, error -> schedule(mq, pq, RELOCK_AFTER_MS));
    }

    private void onAnswer(MessageQueue mq, ProcessQueue pq, List<MessageExt> batch, ConsumeOrderlyStatus status,
            ConsumeOrderlyContext context, long startNanos) {
        boolean ok = status == ConsumeOrderlyStatus.SUCCESS;
        push.stats().onConsumed(mq.topic(), push.nowMs(), (push.nowNanos() - startNanos) / 1_000_000L,
                ok ? batch.size() : 0, ok ? 0 : batch.size());
        if (ok) {
            commit(mq, pq);
            continueWith(mq, pq, 0);
            return;
        }
        List<MessageExt> exhausted = batch.stream()
                .filter(m -> m.getReconsumeTimes() >= push.config().effectiveOrderlyMaxReconsumeTimes()).toList();
        if (exhausted.isEmpty()) {
            suspend(mq, pq, batch, context);
            return;
        }
        sendExhaustedBack(mq, pq, batch, exhausted, context);
    }

    /** Messages out of retries go to the retry topic (and so to the DLQ); if any cannot, the batch waits. */
    private void sendExhaustedBack(MessageQueue mq, ProcessQueue pq, List<MessageExt> batch, List<MessageExt> exhausted,
            ConsumeOrderlyContext context) {
        boolean[] allSent = {true};
        FanIn sentBack = new FanIn("orderly send-back", exhausted.size(), () -> {
            if (allSent[0] && exhausted.size() == batch.size()) {
                commit(mq, pq);
                continueWith(mq, pq, 0);
            } else {
                suspend(mq, pq, batch, context);
            }
        });
        for (MessageExt m : exhausted) {
            push.sendBack().sendToRetryTopic(m, 0, push.config().effectiveOrderlyMaxReconsumeTimes(), sent -> {
                allSent[0] &= sent;
                sentBack.arrive();
            });
        }
    }

    private void suspend(MessageQueue mq, ProcessQueue pq, List<MessageExt> batch, ConsumeOrderlyContext context) {
        batch.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
        pq.rollbackOrderly();
        long pauseMs = context.getSuspendCurrentQueueTimeMillis() >= 0 ? context.getSuspendCurrentQueueTimeMillis()
                : push.config().suspendCurrentQueueTimeMillis();
        continueWith(mq, pq, pauseMs);
    }

    private void commit(MessageQueue mq, ProcessQueue pq) {
        long offset = pq.commitOrderly();
        if (offset >= 0 && pq.mayCommit()) {
            push.offsets().updateOffset(mq, offset, false);
        }
    }

    private void continueWith(MessageQueue mq, ProcessQueue pq, long delayMs) {
        pq.batchFinished();
        if (!calls.finished()) {
            return;
        }
        Waiting next = waiting.poll();
        if (next != null) {
            schedule(next.mq(), next.pq(), 0);
        }
        if (pq.isDropped()) {
            pq.setConsuming(false);
        } else {
            schedule(mq, pq, delayMs);
        }
    }

    @Override
    public void onQueueRemoved(MessageQueue mq, ProcessQueue pq, Runnable finished) {
        pq.allowCommitWhileDropped();
        pq.whenNoBatchInFlight(() -> {
            push.offsets().persist(mq);
            push.offsets().removeOffset(mq);
            if (clustering) {
                push.proxy().unlockBatch(mq.brokerName(), push.config().consumerGroup(), new TreeSet<>(List.of(mq)),
                        finished);
            } else {
                finished.run();
            }
        });
    }

    @Override
    public void drain(Runnable done) {
        calls.drain(waiting::clear, done);
    }

    @Override
    public void release(Collection<MessageQueue> owned, Runnable done) {
        if (!clustering || owned.isEmpty()) {
            done.run();
            return;
        }
        Map<String, Set<MessageQueue>> byBroker = new TreeMap<>();
        owned.forEach(mq -> byBroker.computeIfAbsent(mq.brokerName(), b -> new TreeSet<>()).add(mq));
        FanIn unlocked = new FanIn("orderly unlock at shutdown", byBroker.size(), done);
        byBroker.forEach((broker, queues) -> push.proxy().unlockBatch(broker, push.config().consumerGroup(), queues,
                unlocked::arrive));
    }
}
