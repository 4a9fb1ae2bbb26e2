package io.petrel.client;

import io.petrel.common.SubscriptionData;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageResponseHeader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The lite pull consumer's fetcher: one long-polling PULL_MESSAGE in flight per readable queue
 * (the subscription rides on the request, as the official lite pull consumer sends it), filling
 * the consumer's buffer for {@code poll}. It holds back 50 ms when the buffer or the queue's cache
 * is over its threshold and 1 s after an error; a result pulled before a seek is discarded.
 */
final class LitePuller {

    private static final int FLAG_SUSPEND = 0x2;
    private static final int FLAG_SUBSCRIPTION = 0x4;
    private static final long FLOW_CONTROL_DELAY_MS = 50;
    private static final long DELAY_WHEN_EXCEPTION_MS = 1_000;

    /** Where the fetcher hands what it pulled, and what it looks at before pulling more. */
    interface Buffer {
        /** Messages fetched and not yet polled, over every queue. */
        int bufferedMessages();

        /** The subscription a pull of {@code topic} carries. */
        SubscriptionData subscriptionFor(String topic);

        /** A fetch of {@code q} landed. */
        void buffer(LiteQueue q, List<MessageExt> messages);
    }

    private final ClientInstance instance;
    private final LitePullConfig config;
    private final ConsumerState state;
    private final ConsumerProxy proxy;
    private final Buffer buffer;

    LitePuller(ClientInstance instance, LitePullConfig config, ConsumerState state, ConsumerProxy proxy, Buffer buffer) {
        this.instance = instance;
        this.config = config;
        this.state = state;
        this.proxy = proxy;
        this.buffer = buffer;
    }

    /** Starts the queue's pull unless one is in flight or it is paused or gone. */
    void kick(LiteQueue q) {
        if (q.pulling || q.paused || q.isRemoved() || state.isShutDown()) {
            return;
        }
        if (buffer.bufferedMessages() > config.pullThresholdForAll() || q.pq.count() > config.pullThresholdForQueue()
                || q.pq.sizeBytes() > (long) config.pullThresholdSizeForQueue() * 1024 * 1024) {
            instance.env().log().probe("client-flow-control");
            later(q, FLOW_CONTROL_DELAY_MS);
            return;
        }
        SubscriptionData subscription = buffer.subscriptionFor(q.mq.topic());
        TopicRoutes.SubscribeAddress target = proxy.pullTarget(q.mq);
        String address = target == null ? null : target.address();
        if (address == null) {
            instance.env().log().warn("pull of {} delayed: no address for broker {}", q.mq, q.mq.brokerName());
            later(q, DELAY_WHEN_EXCEPTION_MS);
            return;
        }
        q.pulling = true;
        int generation = q.generation;
        PullMessageRequestHeader header = new PullMessageRequestHeader(config.consumerGroup(), q.mq.topic(), q.mq.queueId(),
                q.pullOffset, config.pullBatchSize(), FLAG_SUSPEND | FLAG_SUBSCRIPTION, 0L,
                config.brokerSuspendMaxTimeMillis(), subscription.subString(), subscription.subVersion(),
                subscription.expressionType(), q.mq.brokerName());
        instance.rpc().call(address, RemotingCommand.request(RequestCode.PULL_MESSAGE, header),
                config.consumerTimeoutMillisWhenSuspend(), response -> {
                    q.pulling = false;
                    onResponse(q, generation, subscription, response);
                }, error -> {
                    q.pulling = false;
                    instance.env().log().warn("pull of {} failed: {}", q.mq, error.getMessage());
                    later(q, DELAY_WHEN_EXCEPTION_MS);
                });
    }

    private void later(LiteQueue q, long delayMs) {
        instance.env().scheduler().schedule(delayMs, () -> kick(q));
    }

    private void onResponse(LiteQueue q, int generation, SubscriptionData subscription, RemotingCommand response) {
        if (q.isRemoved()) {
            return;
        }
        if (generation != q.generation) {
            kick(q);
            return;
        }
        int code = response.code();
        PullMessageResponseHeader h = null;
        if (code == ResponseCode.SUCCESS || code == ResponseCode.PULL_NOT_FOUND || code == ResponseCode.PULL_RETRY_IMMEDIATELY
                || code == ResponseCode.PULL_OFFSET_MOVED) {
            try {
                h = response.decodeHeader(PullMessageResponseHeader.class);
            } catch (RuntimeException e) {
                instance.env().log().warn("pull of {} answered with a bad header: {}", q.mq, e.getMessage());
            }
        } else {
            instance.env().log().warn("pull of {} refused: code {} {}", q.mq, code, response.remark());
        }
        if (h == null) {
            later(q, DELAY_WHEN_EXCEPTION_MS);
            return;
        }
        proxy.suggest(q.mq, h.suggestWhichBrokerId());
        if (code == ResponseCode.SUCCESS) {
            List<MessageExt> messages = PulledMessages.decode(response.bodyBytes() == null ? null
                    : ByteBuffer.wrap(response.bodyBytes()), q.mq.brokerName(), subscription, config.consumerGroup(),
                    h.minOffset(), h.maxOffset(), instance.env().log());
            q.pullOffset = h.nextBeginOffset();
            if (!messages.isEmpty()) {
                q.pq.put(messages);
                buffer.buffer(q, messages);
            }
        } else {
            if (code == ResponseCode.PULL_OFFSET_MOVED) {
                instance.env().log().probe("client-pull-offset-moved");
                instance.env().log().warn("the pull offset of {} is illegal; moving to {}", q.mq, h.nextBeginOffset());
            }
            q.pullOffset = h.nextBeginOffset();
        }
        if (q.pq.count() == 0 && q.pullOffset > q.consumedOffset) {
            // Nothing polled is outstanding and the broker moved past entries it did not hand out
            // (filtered by tag, a damaged record it skipped, or deleted by retention): the progress
            // moves with it, as a push consumer's does when a pull finds nothing new. Also before the
            // first poll of a queue (consumedOffset -1): the official lite pull consumer commits
            // nothing then, so a queue whose messages retention deleted keeps its old committed
            // offset, and its lag, until a new message is polled (fuzz6-85001).
            q.consumedOffset = q.pullOffset;
        }
        kick(q);
    }
}
