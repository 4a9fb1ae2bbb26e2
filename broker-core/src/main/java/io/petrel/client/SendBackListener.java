package io.petrel.client;

/**
 * Told how each message a push consumer's listener rejected goes back to a broker. Petrel's own
 * hook (RocketMQ 4.9 has none), for tracing and for the fuzzer's history: the way back decides
 * when a message reaches the dead-letter queue, and a copy the client makes itself may be
 * annotated before it leaves, as RocketMQ's SendMessageHook may annotate any message it sends.
 * Called on the client's loop; must not block.
 */
@FunctionalInterface
public interface SendBackListener {

    /**
     * {@code message}, as delivered, goes back. {@code clientCopy} null: the broker made its retry
     * copy (CONSUMER_SEND_MSG_BACK answered success; told after that answer). Otherwise the client
     * sends {@code clientCopy} to the group's retry topic itself, carrying reconsumeTimes + 1 in its
     * RECONSUME_TIME property, after CONSUMER_SEND_MSG_BACK failed (so the broker dead-letters it one
     * retry earlier, as RocketMQ 4.9 does) or for an orderly message out of retries. Told before
     * the send, whose copy may be stored even when its answer is lost; the listener may add user
     * properties to the copy, which the stored copy (and any copy the broker later makes of it)
     * then carries, and must leave the rest of it alone.
     */
    void onSentBack(MessageExt message, Message clientCopy);

    /** The listener of a consumer nobody listens to. */
    SendBackListener NONE = (message, clientCopy) -> { };
}
