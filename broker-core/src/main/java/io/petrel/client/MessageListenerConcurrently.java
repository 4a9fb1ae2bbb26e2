package io.petrel.client;

import java.util.List;
import java.util.function.Consumer;

/**
 * Consumes batches from any queue in any order. Called on the client's loop; it must not block:
 * it answers by calling {@code done} exactly once, now or later (the io-real facade runs a blocking
 * listener on its own threads and answers through {@code done}). Throwing counts as RECONSUME_LATER.
 */
@FunctionalInterface
public interface MessageListenerConcurrently {

    void consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context,
            Consumer<ConsumeConcurrentlyStatus> done);
}
