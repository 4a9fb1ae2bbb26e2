package io.petrel.client;

import io.petrel.common.MessageModel;
import io.petrel.common.Sabotage;
import io.petrel.common.SubscriptionData;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageResponseHeader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The push consumer's pull loop (RocketMQ's pullMessage and its PullCallback): one long-polling
 * PULL_MESSAGE in flight per owned queue, held by the broker up to 15 s. It backs off 50 ms when
 * the queue's cache is over {@code pullThresholdForQueue}, {@code pullThresholdSizeForQueue} or (for
 * concurrent consumption) {@code consumeConcurrentlyMaxSpan}; 3 s after an error or while an
 * orderly queue is not locked; and on OFFSET_MOVED drops the queue, records the broker's offset,
 * and lets the next rebalance take the queue again from there.
 */
final class PushPuller {

    static final long BROKER_SUSPEND_MAX_MS = 15_000;
    static final long PULL_TIMEOUT_WHEN_SUSPEND_MS = 30_000;
    static final long FLOW_CONTROL_DELAY_MS = 50;
    static final long DELAY_WHEN_EXCEPTION_MS = 3_000;
    static final long OFFSET_MOVED_DELAY_MS = 10_000;
    private static final int FLAG_COMMIT_OFFSET = 0x1;
    private static final int FLAG_SUSPEND = 0x2;

    private final PushConsumer consumer;
    private long flowControlTimes;

    PushPuller(PushConsumer consumer) {
        this.consumer = consumer;
    }

    long flowControlTimes() {
        return flowControlTimes;
    }

    void later(PullRequest request, long delayMs) {
        consumer.env().scheduler().schedule(delayMs, () -> pull(request));
    }

    void pull(PullRequest request) {
        ProcessQueue pq = request.pq;
        if (pq.isDropped() || consumer.isStopped()) {
            return;
        }
        pq.onPulled(consumer.nowNanos());
        ConsumerConfig config = consumer.config();
        if (pq.count() > config.pullThresholdForQueue()
                || pq.sizeBytes() > (long) config.pullThresholdSizeForQueue() * 1024 * 1024
                || (!consumer.consumeService().orderly() && pq.span() > config.consumeConcurrentlyMaxSpan())) {
            flowControlTimes++;
            consumer.log().probe("client-flow-control");
            later(request, FLOW_CONTROL_DELAY_MS);
            return;
        }
        if (consumer.consumeService().orderly() && config.messageModel() == MessageModel.CLUSTERING && !pq.isLocked()) {
            later(request, DELAY_WHEN_EXCEPTION_MS);
            return;
        }
        SubscriptionData subscription = consumer.rebalancer().subscriptions().get(request.mq.topic());
        TopicRoutes.SubscribeAddress target = consumer.proxy().pullTarget(request.mq);
        if (subscription == null || target == null) {
            consumer.log().warn("pull of {} delayed: {}", request.mq, subscription == null ? "no subscription for the topic"
                    : "no address for broker " + request.mq.brokerName());
            later(request, DELAY_WHEN_EXCEPTION_MS);
            return;
        }
        send(request, subscription, target);
    }

    private void send(PullRequest request, SubscriptionData subscription, TopicRoutes.SubscribeAddress target) {
        String address = target.address();
        long commitOffset = 0;
        int sysFlag = FLAG_SUSPEND;
        // A slave never stores a pull's commit offset, so none is sent to one (as the official client does).
        if (consumer.config().messageModel() == MessageModel.CLUSTERING && !target.slave()) {
            long[] read = {-1};
            consumer.offsets().readOffset(request.mq, ReadOffsetType.READ_FROM_MEMORY, offset -> read[0] = offset);
            if (read[0] > 0) {
                commitOffset = read[0];
                sysFlag |= FLAG_COMMIT_OFFSET;
            }
        }
        PullMessageRequestHeader header = new PullMessageRequestHeader(consumer.config().consumerGroup(),
                request.mq.topic(), request.mq.queueId(), request.nextOffset, consumer.config().pullBatchSize(), sysFlag,
                commitOffset, BROKER_SUSPEND_MAX_MS, null, subscription.subVersion(), subscription.expressionType(),
                request.mq.brokerName());
        long startNanos = consumer.nowNanos();
        consumer.instance().rpc().call(address, RemotingCommand.request(RequestCode.PULL_MESSAGE, header),
                PULL_TIMEOUT_WHEN_SUSPEND_MS, response -> onResponse(request, subscription, response, startNanos), error -> {
                    consumer.log().warn("pull of {} failed: {}", request.mq, error.getMessage());
                    later(request, DELAY_WHEN_EXCEPTION_MS);
                });
    }

    private void onResponse(PullRequest request, SubscriptionData subscription, RemotingCommand response, long startNanos) {
        int code = response.code();
        boolean known = code == ResponseCode.SUCCESS || code == ResponseCode.PULL_NOT_FOUND
                || code == ResponseCode.PULL_RETRY_IMMEDIATELY || code == ResponseCode.PULL_OFFSET_MOVED;
        PullMessageResponseHeader h = null;
        if (known) {
            try {
                h = response.decodeHeader(PullMessageResponseHeader.class);
            } catch (RuntimeException e) {
                consumer.log().warn("pull of {} answered with a bad header: {}", request.mq, e.getMessage());
            }
        }
        if (h == null) {
            if (!known) {
                consumer.log().warn("pull of {} refused: code {} {}", request.mq, code, response.remark());
            }
            later(request, DELAY_WHEN_EXCEPTION_MS);
            return;
        }
        consumer.proxy().suggest(request.mq, h.suggestWhichBrokerId());
        if (request.pq.isDropped()) {
            return;
        }
        switch (code) {
            case ResponseCode.SUCCESS -> onFound(request, subscription, response, h, startNanos);
            case ResponseCode.PULL_OFFSET_MOVED -> onOffsetMoved(request, h);
            default -> onNothingNew(request, h);
        }
    }

    private void onFound(PullRequest request, SubscriptionData subscription, RemotingCommand response,
            PullMessageResponseHeader h, long startNanos) {
        long previous = request.nextOffset;
        List<MessageExt> messages = PulledMessages.decode(response.bodyBytes() == null ? null
                : ByteBuffer.wrap(response.bodyBytes()), request.mq.brokerName(), subscription,
                consumer.config().consumerGroup(), h.minOffset(), h.maxOffset(), consumer.log());
        request.nextOffset = h.nextBeginOffset();
        consumer.stats().onPull(request.mq.topic(), consumer.nowMillis(), (consumer.nowNanos() - startNanos) / 1_000_000L,
                messages.size());
        if (h.nextBeginOffset() < previous || (!messages.isEmpty() && messages.get(0).getQueueOffset() < previous)) {
            consumer.log().warn("[BUG] pull message result maybe data wrong, nextBeginOffset: {} firstMsgOffset: {} prevRequestOffset: {}",
                    h.nextBeginOffset(), messages.isEmpty() ? -1 : messages.get(0).getQueueOffset(), previous);
        }
        if (messages.isEmpty()) {
            pull(request);
            return;
        }
        boolean dispatch = request.pq.put(messages);
        if (consumer.sabotaged(Sabotage.COMMIT_OFFSET_BEFORE_PROCESSING)) {
            // SABOTAGE (tests only): the offset passes the pulled messages before the listener has seen them.
            consumer.offsets().updateOffset(request.mq, h.nextBeginOffset(), true);
        }
        consumer.consumeService().submit(messages, request.pq, request.mq, dispatch);
        if (consumer.config().pullInterval() > 0) {
            later(request, consumer.config().pullInterval());
        } else {
            pull(request);
        }
    }

    private void onNothingNew(PullRequest request, PullMessageResponseHeader h) {
        request.nextOffset = h.nextBeginOffset();
        if (request.pq.count() == 0 && !request.pq.hasBatchInFlight()) {
            consumer.offsets().updateOffset(request.mq, request.nextOffset, true);
        }
        pull(request);
    }

    private void onOffsetMoved(PullRequest request, PullMessageResponseHeader h) {
        consumer.log().probe("client-pull-offset-moved");
        consumer.log().warn("the pull request offset illegal, {} nextBeginOffset {}", request, h.nextBeginOffset());
        request.nextOffset = h.nextBeginOffset();
        request.pq.drop();
        consumer.env().scheduler().schedule(OFFSET_MOVED_DELAY_MS, () -> {
            consumer.offsets().updateOffset(request.mq, request.nextOffset, false);
            consumer.offsets().persist(request.mq);
            consumer.rebalancer().forget(request.mq, request.pq);
            consumer.log().warn("fix the pull request offset, {}", request);
        });
    }
}
