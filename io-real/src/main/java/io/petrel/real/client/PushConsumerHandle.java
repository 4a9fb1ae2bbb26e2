package io.petrel.real.client;

import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumeOrderlyStatus;
import io.petrel.client.MessageListenerConcurrently;
import io.petrel.client.MessageListenerOrderly;
import io.petrel.client.PushConsumer;
import io.petrel.common.MessageQueue;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A push consumer for plain Java code: its listener runs on {@code consumeThreadMax} consume
 * threads; each answer goes back to the client's loop, which commits offsets and sends rejected
 * messages back. {@link #shutdown()} waits for in-flight listener calls up to the consumer's
 * {@code awaitTerminationMillisWhenShutdown}, commits, unregisters and stops the consume threads.
 */
public final class PushConsumerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(PushConsumerHandle.class);

    private final PetrelClient client;
    private final PushConsumer consumer;
    private ExecutorService pool;

    PushConsumerHandle(PetrelClient client, PushConsumer consumer) {
        this.client = client;
        this.consumer = consumer;
    }

    public PushConsumerHandle registerMessageListener(ConcurrentListener listener) {
        ExecutorService threads = pool();
        MessageListenerConcurrently onLoop = (messages, context, done) -> {
            try {
                threads.execute(() -> {
                    ConsumeConcurrentlyStatus status;
                    try {
                        status = listener.consumeMessage(messages, context);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("consumeMessage exception, group {}: {}", consumer.group(), e.toString(), e);
                        status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                    ConsumeConcurrentlyStatus answer = status;
                    client.post(() -> done.accept(answer));
                });
            } catch (RejectedExecutionException stopped) {
                done.accept(ConsumeConcurrentlyStatus.RECONSUME_LATER);
            }
        };
        client.onLoop(() -> {
            consumer.registerMessageListener(onLoop);
            return null;
        });
        return this;
    }

    public PushConsumerHandle registerMessageListener(OrderlyListener listener) {
        ExecutorService threads = pool();
        MessageListenerOrderly onLoop = (messages, context, done) -> {
            try {
                threads.execute(() -> {
                    ConsumeOrderlyStatus status;
                    try {
                        status = listener.consumeMessage(messages, context);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("consumeMessage exception, group {}: {}", consumer.group(), e.toString(), e);
                        status = ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                    }
                    ConsumeOrderlyStatus answer = status;
                    client.post(() -> done.accept(answer));
                });
            } catch (RejectedExecutionException stopped) {
                done.accept(ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT);
            }
        };
        client.onLoop(() -> {
            consumer.registerMessageListener(onLoop);
            return null;
        });
        return this;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = client.consumePool(consumer.group(), consumer.config().consumeThreadMax());
        }
        return pool;
    }

    /** @throws io.petrel.client.ClientException when already started or without a listener */
    public PushConsumerHandle start() {
        client.onLoop(() -> {
            consumer.start();
            return null;
        });
        return this;
    }

    public TreeSet<MessageQueue> ownedQueues() {
        return client.onLoop(consumer::ownedQueues);
    }

    public PushConsumer consumer() {
        return consumer;
    }

    public void shutdown() {
        client.await(f -> consumer.shutdown(() -> f.complete(null)),
                consumer.config().awaitTerminationMillisWhenShutdown() + 30_000, "consumer shutdown");
        ExecutorService threads;
        synchronized (this) {
            threads = pool;
        }
        if (threads != null) {
            CallbackPool.stop(threads);
        }
    }
}
