package io.petrel.client;

import java.util.List;
import java.util.function.Consumer;

/**
 * Consumes each queue's messages one batch at a time in queue order, while this client holds the
 * queue's lock on the broker. Called on the client's loop; it answers through {@code done} exactly
 * once. Throwing counts as SUSPEND_CURRENT_QUEUE_A_MOMENT.
 */
@FunctionalInterface
public interface MessageListenerOrderly {

    void consumeMessage(List<MessageExt> messages, ConsumeOrderlyContext context, Consumer<ConsumeOrderlyStatus> done);
}
