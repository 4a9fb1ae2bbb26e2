package io.petrel.real.client;

import io.petrel.client.ClientException;
import io.petrel.client.Message;
import io.petrel.client.MessageQueueSelector;
import io.petrel.client.Producer;
import io.petrel.client.SendCallback;
import io.petrel.client.SendResult;
import io.petrel.common.MessageQueue;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A producer for plain Java code: {@link #send} blocks until the broker answered (bounded by the
 * send timeout plus a margin for the retries' bookkeeping), {@link #sendAsync} calls back on the
 * client's callback threads, {@link #sendOneway} returns at once.
 */
public final class BlockingProducer {

    private static final long WAIT_MARGIN_MS = 5_000;

    private final PetrelClient client;
    private final Producer producer;

    BlockingProducer(PetrelClient client, Producer producer) {
        this.client = client;
        this.producer = producer;
    }

    private long waitMs() {
        return producer.config().sendMsgTimeoutMs() + WAIT_MARGIN_MS;
    }

    /** @throws ClientException naming the problem: bad message, no route, broker refusal, timeout */
    public SendResult send(Message message) {
        return client.await(f -> producer.send(message, toFuture(f)), waitMs(), "send to " + message.getTopic());
    }

    public SendResult send(List<Message> batch) {
        String topic = batch == null || batch.isEmpty() ? "?" : batch.get(0).getTopic();
        return client.await(f -> producer.send(batch, toFuture(f)), waitMs(), "batch send to " + topic);
    }

    /** Ordered send: {@code selector} runs on the client's loop and must not block. */
    public SendResult send(Message message, MessageQueueSelector selector, Object arg) {
        return client.await(f -> producer.send(message, selector, arg, toFuture(f)), waitMs(),
                "ordered send to " + message.getTopic());
    }

    /** {@code callback} runs on a callback thread, never on the loop. */
    public void sendAsync(Message message, SendCallback callback) {
        client.post(() -> producer.sendAsync(message, new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                client.callbacks().run(() -> callback.onSuccess(result));
            }

            @Override
            public void onException(ClientException error) {
                client.callbacks().run(() -> callback.onException(error));
            }
        }));
    }

    public void sendOneway(Message message) {
        client.onLoop(() -> {
            producer.sendOneway(message);
            return null;
        });
    }

    public List<MessageQueue> fetchPublishMessageQueues(String topic) {
        return client.await(f -> producer.fetchPublishMessageQueues(topic, (queues, error) -> {
            if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(queues);
            }
        }), waitMs(), "route of " + topic);
    }

    /** Unregisters the group from the brokers. */
    public void shutdown() {
        client.await(f -> producer.shutdown(() -> f.complete(null)), waitMs(), "producer shutdown");
    }

    private static SendCallback toFuture(CompletableFuture<SendResult> future) {
        return new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                future.complete(result);
            }

            @Override
            public void onException(ClientException error) {
                future.completeExceptionally(error);
            }
        };
    }
}
