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

    private final PushContext push;
    private final ConsumeService consumeService;
    private long flowControlTimes;

    PushPuller(PushContext context, ConsumeService consumeService) {
        this.push = context;
        this.consumeService = consumeService;
    }

    long flowControlTimes() {
        return flowControlTimes;
    }

    void later(PullRequest request, long delayMs) {
        push.env().scheduler().schedule(delayMs, () -> pull(request));
    }

    void pull(PullRequest request) {
        ProcessQueue pq = request.pq;
        if (pq.isDropped() || push.isStopped()) {
            return;
        }
        pq.onPulled(push.nowNanos());
        ConsumerConfig config = push.config();
        if (pq.count() > config.pullThresholdForQueue()
                || pq.sizeBytes() > (long) config.pullThresholdSizeForQueue() * 1024 * 1024
                || (!consumeService.orderly() && pq.span() > config.consumeConcurrentlyMaxSpan())) {
            flowControlTimes++;
            push.log().probe("client-flow-control");
            later(request, FLOW_CONTROL_DELAY_MS);
            return;
        }
        if (consumeService.orderly() && config.messageModel() == MessageModel.CLUSTERING && !pq.isLocked()) {
            later(request, DELAY_WHEN_EXCEPTION_MS);
            return;
        }
        SubscriptionData subscription = push.rebalancer().subscriptions().get(request.mq.topic());
        TopicRoutes.SubscribeAddress target = push.proxy().pullTarget(request.mq);
        if (subscription == null || target == null) {
            push.log().warn("pull of {} delayed: {}", request.mq, subscription == null ? "no subscription for the topic"
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
        if (push.config().messageModel() == MessageModel.CLUSTERING && !target.slave()) {
            long[] read = {-1};
            push.offsets().readOffset(request.mq, ReadOffsetType.READ_FROM_MEMORY, offset -> read[0] = offset);
            if (read[0] > 0) {
                commitOffset = read[0];
                sysFlag |= FLAG_COMMIT_OFFSET;
            }
        }
        PullMessageRequestHeader header = new PullMessageRequestHeader(push.config().consumerGroup(),
                request.mq.topic(), request.mq.queueId(), request.nextOffset, push.config().pullBatchSize(), sysFlag,
                commitOffset, BROKER_SUSPEND_MAX_MS, null, subscription.subVersion(), subscription.expressionType(),
                request.mq.brokerName());
        long startNanos = push.nowNanos();
        push.rpc().call(address, RemotingCommand.request(RequestCode.PULL_MESSAGE, header),
                PULL_TIMEOUT_WHEN_SUSPEND_MS, response -> onResponse(request, subscription, response, startNanos), error -> {
                    push.log().warn("pull of {} failed: {}", request.mq, error.getMessage());
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
                push.log().warn("pull of {} answered with a bad header: {}", request.mq, e.getMessage());
            }
        }
        if (h == null) {
            if (!known) {
                push.log().warn("pull of {} refused: code {} {}", request.mq, code, response.remark());
            }
            later(request, DELAY_WHEN_EXCEPTION_MS);
            return;
        }
        push.proxy().suggest(request.mq, h.suggestWhichBrokerId());
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
                push.config().consumerGroup(), h.minOffset(), h.maxOffset(), push.log());
        request.nextOffset = h.nextBeginOffset();
        push.stats().onPull(request.mq.topic(), push.nowMs(), (push.nowNanos() - startNanos) / 1_000_000L,
                messages.size());
        if (h.nextBeginOffset() < previous || (!messages.isEmpty() && messages.get(0).getQueueOffset() < previous)) {
            push.log().warn("[BUG] pull message result maybe data wrong, nextBeginOffset: {} firstMsgOffset: {} prevRequestOffset: {}",
                    h.nextBeginOffset(), messages.isEmpty() ? -1 : messages.get(0).getQueueOffset(), previous);
        }
        if (messages.isEmpty()) {
            pull(request);
            return;
        }
        boolean dispatch = request.pq.put(messages);
        if (push.sabotaged(Sabotage.COMMIT_OFFSET_BEFORE_PROCESSING)) {
            // SABOTAGE (tests only): the offset passes the pulled messages before the listener has seen them.
            push.offsets().updateOffset(request.mq, h.nextBeginOffset(), true);
        }
        consumeService.submit(messages, request.pq, request.mq, dispatch);
        if (push.config().pullInterval() > 0) {
            later(request, push.config().pullInterval());
        } else {
            pull(request);
        }
    }

    private void onNothingNew(PullRequest request, PullMessageResponseHeader h) {
        request.nextOffset = h.nextBeginOffset();
        if (request.pq.count() == 0 && !request.pq.hasBatchInFlight()) {
            push.offsets().updateOffset(request.mq, request.nextOffset, true);
        }
        pull(request);
    }

    private void onOffsetMoved(PullRequest request, PullMessageResponseHeader h) {
        push.log().probe("client-pull-offset-moved");
        push.log().warn("the pull request offset illegal, {} nextBeginOffset {}", request, h.nextBeginOffset());
        request.nextOffset = h.nextBeginOffset();
        request.pq.drop();
        push.env().scheduler().schedule(OFFSET_MOVED_DELAY_MS, () -> {
            push.offsets().updateOffset(request.mq, request.nextOffset, false);
            push.offsets().persist(request.mq);
            push.rebalancer().forget(request.mq, request.pq);
            push.log().warn("fix the pull request offset, {}", request);
        });
    }
}
