package io.petrel.client;

import io.petrel.common.Check;
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

    private final PushConsumer consumer;
    private final MessageListenerOrderly listener;
    private final boolean clustering;
    private record Waiting(MessageQueue mq, ProcessQueue pq) {
    }

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean draining;
    private Runnable drained;

    ConsumeOrderlyService(PushConsumer consumer, MessageListenerOrderly listener) {
        this.consumer = consumer;
        this.listener = listener;
        this.clustering = consumer.config().messageModel() == MessageModel.CLUSTERING;
    }

    @Override
    public boolean orderly() {
        return true;
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    @Override
    public void start() {
        if (clustering) {
            consumer.env().scheduler().schedule(1_000, this::periodicLock);
        }
    }

    private void periodicLock() {
        if (draining || consumer.isStopped()) {
            return;
        }
        lockAll();
        consumer.env().scheduler().schedule(LOCK_INTERVAL_MS, this::periodicLock);
    }

    /**
     * LOCK_BATCH_MQ for every owned queue, per broker; queues not granted are marked unlocked. A
     * granted lock counts from when the request was sent: a slow answer must not stretch it.
     */
    void lockAll() {
        Map<String, Set<MessageQueue>> byBroker = new TreeMap<>();
        consumer.rebalancer().processQueues().keySet()
                .forEach(mq -> byBroker.computeIfAbsent(mq.brokerName(), b -> new TreeSet<>()).add(mq));
        long sentNanos = consumer.nowNanos();
        byBroker.forEach((broker, queues) -> consumer.proxy().lockBatch(broker, consumer.config().consumerGroup(), queues,
                locked -> {
                    long now = sentNanos;
                    for (MessageQueue mq : queues) {
                        ProcessQueue pq = consumer.rebalancer().processQueues().get(mq);
                        if (pq != null) {
                            boolean wasLocked = pq.isLocked();
                            pq.setLocked(locked.contains(mq), now);
                            if (!locked.contains(mq) && wasLocked) {
                                consumer.log().warn("the message queue locked Failed, Group: {} {}",
                                        consumer.config().consumerGroup(), mq);
                            }
                        }
                    }
                }, error -> consumer.log().warn("lockBatchMQ on {} failed: {}", broker, error.getMessage())));
    }

    @Override
    public void submit(List<MessageExt> messages, ProcessQueue pq, MessageQueue mq, boolean dispatch) {
        if (dispatch) {
            schedule(mq, pq, 0);
        }
    }

    private void schedule(MessageQueue mq, ProcessQueue pq, long delayMs) {
        Runnable go = () -> {
            if (inFlight < consumer.config().consumeThreadMax()) {
                consume(mq, pq);
            } else {
                waiting.add(new Waiting(mq, pq));
            }
        };
        if (delayMs == 0) {
            consumer.env().scheduler().execute(go);
        } else {
            consumer.env().scheduler().schedule(delayMs, go);
        }
    }

    private void consume(MessageQueue mq, ProcessQueue pq) {
        if (pq.isDropped() || draining) {
            pq.setConsuming(false);
            return;
        }
        if (clustering && (!pq.isLocked() || pq.isLockExpired(consumer.nowNanos(), LOCK_MAX_LIVE_MS))) {
            consumer.log().probe("client-orderly-relock");
            lockThenConsume(mq, pq);
            return;
        }
        List<MessageExt> batch = pq.takeOrderly(consumer.config().consumeMessageBatchMaxSize());
        if (batch.isEmpty()) {
            return;
        }
        String start = String.valueOf(consumer.nowMillis());
        batch.forEach(m -> m.putProperty(RetryProperties.CONSUME_START_TIME, start));
        ConsumeOrderlyContext context = new ConsumeOrderlyContext(mq);
        long startNanos = consumer.nowNanos();
        boolean[] answered = {false};
        inFlight++;
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
            consumer.log().warn("consumeMessage exception: {} Group: {} MQ: {}", e.toString(),
                    consumer.config().consumerGroup(), mq);
            if (!answered[0]) {
                answered[0] = true;
                onAnswer(mq, pq, batch, ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT, context, startNanos);
            }
        }
    }

    private void lockThenConsume(MessageQueue mq, ProcessQueue pq) {
        long sentNanos = consumer.nowNanos();
        consumer.proxy().lockBatch(mq.brokerName(), consumer.config().consumerGroup(), new TreeSet<>(List.of(mq)), locked -> {
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
        consumer.stats().onConsumed(mq.topic(), consumer.nowMillis(), (consumer.nowNanos() - startNanos) / 1_000_000L,
                ok ? batch.size() : 0, ok ? 0 : batch.size());
        if (ok) {
            commit(mq, pq);
            continueWith(mq, pq, 0);
            return;
        }
        List<MessageExt> exhausted = batch.stream()
                .filter(m -> m.getReconsumeTimes() >= consumer.config().effectiveOrderlyMaxReconsumeTimes()).toList();
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
        int[] left = {exhausted.size()};
        for (MessageExt m : exhausted) {
            consumer.sendBack().sendToRetryTopic(m, 0, consumer.config().effectiveOrderlyMaxReconsumeTimes(), sent -> {
                allSent[0] &= sent;
                if (--left[0] > 0) {
                    return;
                }
                if (allSent[0] && exhausted.size() == batch.size()) {
                    commit(mq, pq);
                    continueWith(mq, pq, 0);
                } else {
                    suspend(mq, pq, batch, context);
                }
            });
        }
    }

    private void suspend(MessageQueue mq, ProcessQueue pq, List<MessageExt> batch, ConsumeOrderlyContext context) {
        batch.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
        pq.rollbackOrderly();
        long pauseMs = context.getSuspendCurrentQueueTimeMillis() >= 0 ? context.getSuspendCurrentQueueTimeMillis()
                : consumer.config().suspendCurrentQueueTimeMillis();
        continueWith(mq, pq, pauseMs);
    }

    private void commit(MessageQueue mq, ProcessQueue pq) {
        long offset = pq.commitOrderly();
        if (offset >= 0 && pq.mayCommit()) {
            consumer.offsets().updateOffset(mq, offset, false);
        }
    }

    private void continueWith(MessageQueue mq, ProcessQueue pq, long delayMs) {
        inFlight--;
        pq.batchFinished();
        if (draining) {
            if (inFlight == 0 && drained != null) {
                Runnable done = drained;
                drained = null;
                done.run();
            }
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
            consumer.offsets().persist(mq);
            consumer.offsets().removeOffset(mq);
            if (clustering) {
                consumer.proxy().unlockBatch(mq.brokerName(), consumer.config().consumerGroup(), new TreeSet<>(List.of(mq)),
                        finished);
            } else {
                finished.run();
            }
        });
    }

    @Override
    public void drain(Runnable done) {
        draining = true;
        waiting.clear();
        if (inFlight == 0) {
            done.run();
            return;
        }
        drained = done;
        consumer.env().scheduler().schedule(consumer.config().awaitTerminationMillisWhenShutdown(), () -> {
            if (drained != null) {
                consumer.log().warn("shutdown: {} orderly batches still running after {} ms; they will be delivered again",
                        inFlight, consumer.config().awaitTerminationMillisWhenShutdown());
                Runnable waitingDone = drained;
                drained = null;
                waitingDone.run();
            }
        });
    }

    @Override
    public void release(Collection<MessageQueue> owned, Runnable done) {
        if (!clustering || owned.isEmpty()) {
            done.run();
            return;
        }
        Map<String, Set<MessageQueue>> byBroker = new TreeMap<>();
        owned.forEach(mq -> byBroker.computeIfAbsent(mq.brokerName(), b -> new TreeSet<>()).add(mq));
        int[] left = {byBroker.size()};
        byBroker.forEach((broker, queues) -> consumer.proxy().unlockBatch(broker, consumer.config().consumerGroup(), queues,
                () -> {
                    if (--left[0] == 0) {
                        done.run();
                    }
                }));
    }
}
