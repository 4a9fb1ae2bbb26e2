package io.petrel.real.client;

import io.petrel.client.ClientException;
import io.petrel.client.LitePullConsumer;
import io.petrel.client.MessageExt;
import io.petrel.common.MessageQueue;
import java.util.List;
import java.util.TreeSet;

/** A lite pull consumer for plain Java code: {@link #poll} blocks up to its timeout. */
public final class LitePullHandle {

    private static final long WAIT_MARGIN_MS = 10_000;

    private final PetrelClient client;
    private final LitePullConsumer consumer;

    LitePullHandle(PetrelClient client, LitePullConsumer consumer) {
        this.client = client;
        this.consumer = consumer;
    }

    public LitePullHandle start() {
        client.onLoop(() -> {
            consumer.start();
            return null;
        });
        return this;
    }

    /** The next fetched batch, or an empty list when none arrived within {@code timeoutMs}. */
    public List<MessageExt> poll(long timeoutMs) {
        return client.await(f -> consumer.poll(timeoutMs, f::complete), timeoutMs + WAIT_MARGIN_MS, "poll");
    }

    public List<MessageExt> poll() {
        return poll(consumer.config().pollTimeoutMillis());
    }

    /** @throws ClientException when the queue is not assigned or the offset is out of range */
    public void seek(MessageQueue mq, long offset) {
        client.<Void>await(f -> consumer.seek(mq, offset, error -> {
            if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(null);
            }
        }), WAIT_MARGIN_MS, "seek");
    }

    public void commitSync() {
        client.<Void>await(f -> consumer.commitSync(() -> f.complete(null)), WAIT_MARGIN_MS, "commitSync");
    }

    public long committed(MessageQueue mq) {
        return client.await(f -> consumer.committed(mq, f::complete), WAIT_MARGIN_MS, "committed");
    }

    public TreeSet<MessageQueue> assignment() {
        return client.onLoop(consumer::assignment);
    }

    public void shutdown() {
        client.<Void>await(f -> consumer.shutdown(() -> f.complete(null)), WAIT_MARGIN_MS * 3, "lite pull shutdown");
    }
}
