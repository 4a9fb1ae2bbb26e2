package io.petrel.scenarios.fuzz;

import io.petrel.client.ClientNode;
import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumeOrderlyStatus;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.LitePullConfig;
import io.petrel.client.LitePullConsumer;
import io.petrel.client.Message;
import io.petrel.client.MessageExt;
import io.petrel.client.MessageListenerConcurrently;
import io.petrel.client.MessageListenerOrderly;
import io.petrel.client.PushConsumer;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.common.message.MessageId;
import io.petrel.env.RandomSource;
import io.petrel.scenarios.history.Bodies;
import io.petrel.scenarios.history.ClientCopyDelivery;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.Delivery;
import io.petrel.scenarios.history.History;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A consumer application in a fuzz scenario: one member of a group, as a push consumer
 * (clustering, broadcasting or orderly) or a lite pull consumer, starting from the first offset.
 * It records every delivery with the queue it was actually pulled from; a clustering or orderly
 * listener rejects a delivery with the group's planned probability, to exercise retries, the DLQ
 * and orderly suspension. The retry copies the client sends back itself are tagged, so the history
 * can tell their deliveries from those of copies the broker made.
 */
public final class FuzzConsumerApp {

    /** The user property a copy the client sends back itself is tagged with: the count it carries. */
    private static final String CLIENT_COPY_AT = "FUZZ_CLIENT_COPY_AT";
    /** RocketMQ's PROPERTY_RECONSUME_TIME: the count a copy sent to %RETRY% carries until the producer sends it. */
    private static final String RECONSUME_TIME = "RECONSUME_TIME";

    private final ClientNode node;
    private final FuzzPlan.GroupPlan plan;
    private final History history;
    private final RandomSource random;
    private final LongSupplier runMs;
    private final boolean orderlyWorkTakesTime;
    private PushConsumer push;
    private LitePullConsumer lite;

    /**
     * {@code orderlyWorkTakesTime}: an orderly batch is consumed when its processing ends, as a
     * concurrent one is (generator v3), so two members working on one queue at once can be seen.
     */
    public FuzzConsumerApp(ClientNode node, FuzzPlan.GroupPlan plan, History history, LongSupplier runMs,
            boolean orderlyWorkTakesTime) {
        this.node = node;
        this.runMs = runMs;
        this.orderlyWorkTakesTime = orderlyWorkTakesTime;
        this.plan = plan;
        this.history = history;
        this.random = node.env().random();
    }

    public void start() {
        if (plan.kind() == ConsumerKind.LITE_PULL) {
            lite = node.litePullConsumer(LitePullConfig.of(plan.group())
                    .withConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET));
            plan.topics().forEach(t -> lite.subscribe(t, "*"));
            lite.start();
            poll();
            return;
        }
        push = node.pushConsumer(ConsumerConfig.builder(plan.group())
                .messageModel(plan.kind() == ConsumerKind.BROADCASTING ? MessageModel.BROADCASTING : MessageModel.CLUSTERING)
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).maxReconsumeTimes(plan.maxReconsumeTimes())
                .suspendCurrentQueueTimeMillis(200).awaitTerminationMillisWhenShutdown(3_000).build());
        plan.topics().forEach(t -> push.subscribe(t, "*"));
        push.setSendBackListener(this::onSentBack);
        if (plan.kind() == ConsumerKind.ORDERLY) {
            push.registerMessageListener((MessageListenerOrderly) (messages, context, done) -> {
                boolean ok = !rejects();
                if (!orderlyWorkTakesTime) {
                    messages.forEach(m -> record(m, context.getMessageQueue(), ok, true));
                    done.accept(ok ? ConsumeOrderlyStatus.SUCCESS : ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT);
                    return;
                }
                List<Integer> recorded = new ArrayList<>();
                messages.forEach(m -> recorded.add(record(m, context.getMessageQueue(), false, false)));
                node.env().scheduler().schedule(processingMs(), () -> {
                    recorded.forEach(i -> history.processed(i, ok, runMs.getAsLong()));
                    done.accept(ok ? ConsumeOrderlyStatus.SUCCESS : ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT);
                });
            });
        } else {
            push.registerMessageListener((MessageListenerConcurrently) (messages, context, done) -> {
                // Work takes time: a batch is consumed (and recorded) when its processing ends, so a
                // crash or a rebalance can fall between a pull and the end of its processing.
                boolean ok = !rejects();
                List<Integer> recorded = new ArrayList<>();
                messages.forEach(m -> recorded.add(record(m, context.getMessageQueue(), false, false)));
                node.env().scheduler().schedule(processingMs(), () -> {
                    recorded.forEach(i -> history.processed(i, ok, runMs.getAsLong()));
                    done.accept(ok ? ConsumeConcurrentlyStatus.CONSUME_SUCCESS : ConsumeConcurrentlyStatus.RECONSUME_LATER);
                });
            });
        }
        push.start();
    }

    /**
     * A copy the client sends to the retry topic itself is tagged with the count it carries; a copy
     * the broker later makes of it keeps the tag with a higher count, so a delivery whose count
     * equals its tag is the client's own copy ({@link #record}).
     */
    private void onSentBack(MessageExt m, Message clientCopy) {
        if (clientCopy == null) {
            return;
        }
        clientCopy.putUserProperty(CLIENT_COPY_AT, clientCopy.getProperty(RECONSUME_TIME));
        String id = Bodies.id(new String(m.getBody(), StandardCharsets.UTF_8));
        if (id != null) {
            history.sentBackByClient(plan.group(), id, m.getReconsumeTimes());
        }
    }

    /** Mostly quick; one batch in ten takes up to two seconds. */
    private long processingMs() {
        return random.nextInt(10) == 0 ? random.nextInt(2_000) : random.nextInt(20);
    }

    private boolean rejects() {
        return plan.failureRate() > 0 && random.nextDouble() < plan.failureRate();
    }

    private void poll() {
        lite.poll(1_000, messages -> {
            messages.forEach(m -> record(m, new MessageQueue(m.getTopic(), m.getBrokerName(), m.getQueueId()), true, true));
            if (lite.isRunning()) {
                poll();
            }
        });
    }

    /** {@code finished}: the listener is done with it now; otherwise {@link History#processed} says when. */
    private int record(MessageExt m, MessageQueue pulledFrom, boolean consumed, boolean finished) {
        long now = runMs.getAsLong();
        String body = new String(m.getBody(), StandardCharsets.UTF_8);
        if (String.valueOf(m.getReconsumeTimes()).equals(m.getUserProperty(CLIENT_COPY_AT))) {
            history.clientCopyDelivered(new ClientCopyDelivery(node.env().nodeName(), plan.group(), pulledFrom.topic(),
                    pulledFrom.brokerName(), Bodies.id(body), m.getReconsumeTimes(), now));
        }
        return history.delivered(new Delivery(node.env().nodeName(), plan.group(), plan.kind(), m.getTopic(), pulledFrom.topic(),
                pulledFrom.brokerName(), pulledFrom.queueId(), m.getQueueOffset(), body, m.getReconsumeTimes(), consumed,
                m.getStoreTimestamp(), now, finished ? now : -1, commitLogOffset(m)));
    }

    /** Where the record {@code m} was read from starts in its broker's commit log, from its offsetMsgId. */
    private static long commitLogOffset(MessageExt m) {
        return m.getOffsetMsgId() == null ? -1 : MessageId.decodeMessageId(m.getOffsetMsgId()).commitLogOffset();
    }

    /** The push consumer, or null for a lite pull member. */
    PushConsumer push() {
        return push;
    }

    LitePullConsumer lite() {
        return lite;
    }

    List<MessageQueue> owned() {
        return push != null ? List.copyOf(push.ownedQueues()) : lite != null ? List.copyOf(lite.assignment()) : List.of();
    }
}
