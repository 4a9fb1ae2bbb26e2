package io.petrel.client;

import io.petrel.common.Check;
import io.petrel.common.FanIn;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Concurrent consumption (RocketMQ's ConsumeMessageConcurrentlyService): pulled messages are cut
 * into batches of {@code consumeMessageBatchMaxSize} and handed to the listener, at most
 * {@code consumeThreadMax} batches at a time, in arrival order. A batch the listener rejects is
 * sent back to the broker for a later retry (clustering) or dropped with a warning (broadcasting);
 * a message that cannot be sent back stays in its process queue and is offered again after 5 s,
 * so the committed offset never passes it. The offset committed is always the smallest offset
 * still held, so a crash re-delivers and never skips.
 */
final class ConsumeConcurrentlyService implements ConsumeService {

    private static final long RETRY_LOCALLY_MS = 5_000;

    private record Batch(List<MessageExt> messages, ProcessQueue pq, MessageQueue mq) {
    }

    private final PushContext push;
    private final MessageListenerConcurrently listener;
    private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
    private final ListenerCalls calls;

    ConsumeConcurrentlyService(PushContext context, MessageListenerConcurrently listener) {
        this.push = context;
        this.listener = listener;
        this.calls = new ListenerCalls(context, "listener calls");
    }

    @Override
    public void start() {
        // Nothing periodic: batches run as they arrive.
    }

    @Override
    public boolean orderly() {
        return false;
    }

    @Override
    public int inFlight() {
        return calls.inFlight();
    }

    @Override
    public void submit(List<MessageExt> messages, ProcessQueue pq, MessageQueue mq, boolean dispatch) {
        int batchSize = push.config().consumeMessageBatchMaxSize();
        for (int from = 0; from < messages.size(); from += batchSize) {
            waiting.add(new Batch(List.copyOf(messages.subList(from, Math.min(messages.size(), from + batchSize))), pq, mq));
        }
        runWaiting();
    }

    private void runWaiting() {
        while (!calls.draining() && calls.inFlight() < push.config().consumeThreadMax() && !waiting.isEmpty()) {
            Batch batch = waiting.poll();
            if (batch.pq.isDropped()) {
                push.log().info("the message queue not be able to consume, because it's dropped. {}", batch.mq);
                continue;
            }
            run(batch);
        }
    }

    private void run(Batch batch) {
        long startNanos = push.nowNanos();
        String start = String.valueOf(push.nowMs());
        batch.messages.forEach(m -> m.putProperty(RetryProperties.CONSUME_START_TIME, start));
        ConsumeConcurrentlyContext context = new ConsumeConcurrentlyContext(batch.mq);
        boolean[] answered = {false};
        calls.started();
        try {
            listener.consumeMessage(batch.messages, context, status -> {
                if (!answered[0]) {
                    answered[0] = true;
                    onAnswer(batch, status == null ? ConsumeConcurrentlyStatus.RECONSUME_LATER : status, context, startNanos);
                }
            });
        } catch (RuntimeException e) {
            Check.rethrowIfBug(e);
            push.log().warn("consumeMessage exception: {} Group: {} Msgs: {} MQ: {}", e.toString(),
                    push.config().consumerGroup(), batch.messages.size(), batch.mq);
            if (!answered[0]) {
                answered[0] = true;
                onAnswer(batch, ConsumeConcurrentlyStatus.RECONSUME_LATER, context, startNanos);
            }
        }
    }

    private void onAnswer(Batch batch, ConsumeConcurrentlyStatus status, ConsumeConcurrentlyContext context,
            long startNanos) {
        int size = batch.messages.size();
        int ackIndex = status == ConsumeConcurrentlyStatus.CONSUME_SUCCESS ? Math.min(context.getAckIndex(), size - 1) : -1;
        push.stats().onConsumed(batch.mq.topic(), push.nowMs(), (push.nowNanos() - startNanos) / 1_000_000L,
                ackIndex + 1, size - ackIndex - 1);
        List<MessageExt> failed = new ArrayList<>(batch.messages.subList(ackIndex + 1, size));
        if (failed.isEmpty() || push.config().messageModel() == MessageModel.BROADCASTING) {
            failed.forEach(m -> push.log().warn("BROADCASTING, the message consume failed, drop it, {}", m));
            finish(batch, batch.messages);
        } else {
            sendBack(batch, failed, context.getDelayLevelWhenNextConsume());
        }
        afterAnswer();
    }

    private void sendBack(Batch batch, List<MessageExt> failed, int delayLevel) {
        List<MessageExt> keep = new ArrayList<>();
        FanIn returned = new FanIn("send-back of a batch", failed.size(), () -> {
            List<MessageExt> done = new ArrayList<>(batch.messages);
            done.removeAll(keep);
            finish(batch, done);
            retryLocally(batch, keep);
        });
        for (MessageExt m : failed) {
            push.sendBack().sendBack(m, delayLevel, push.config().effectiveMaxReconsumeTimes(), ok -> {
                if (!ok) {
                    keep.add(m);
                }
                returned.arrive();
            });
        }
    }

    private void finish(Batch batch, List<MessageExt> done) {
        long offset = batch.pq.remove(done);
        if (offset >= 0 && !batch.pq.isDropped()) {
            push.offsets().updateOffset(batch.mq, offset, true);
        }
    }

    private void retryLocally(Batch batch, List<MessageExt> keep) {
        if (keep.isEmpty()) {
            return;
        }
        keep.forEach(m -> m.setReconsumeTimes(m.getReconsumeTimes() + 1));
        push.env().scheduler().schedule(RETRY_LOCALLY_MS, () -> {
            if (!batch.pq.isDropped()) {
                waiting.add(new Batch(List.copyOf(keep), batch.pq, batch.mq));
                runWaiting();
            }
        });
    }

    private void afterAnswer() {
        if (calls.finished()) {
            runWaiting();
        }
    }

    @Override
    public void onQueueRemoved(MessageQueue mq, ProcessQueue pq, Runnable finished) {
        push.offsets().persist(mq);
        push.offsets().removeOffset(mq);
        finished.run();
    }

    @Override
    public void drain(Runnable done) {
        calls.drain(waiting::clear, done);
    }

    @Override
    public void release(Collection<MessageQueue> owned, Runnable done) {
        done.run();
    }
}
