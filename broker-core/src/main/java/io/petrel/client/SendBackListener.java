package io.petrel.client;

/**
 * Told how each message a push consumer's listener rejected goes back to a broker. Petrel's own
 * hook (RocketMQ 4.9 has none), for tracing and for the fuzzer's
 * history: the way back decides when a message reaches the dead-letter queue. Called on the
 * client's loop; must not block.
 */
@FunctionalInterface
public interface SendBackListener {

    /**
     * {@code message}, as delivered, goes back. {@code byClient} false: the broker made its retry
     * copy (CONSUMER_SEND_MSG_BACK answered success). {@code byClient} true: the client sends the
     * copy to the group's retry topic itself, carrying reconsumeTimes + 1, after CONSUMER_SEND_MSG_BACK
     * failed (so the broker dead-letters it one retry earlier, as RocketMQ 4.9 does) or for an
     * orderly message out of retries; told before the send, whose copy may be stored even when its
     * answer is lost.
     */
    void onSentBack(MessageExt message, boolean byClient);

    /** The listener of a consumer nobody listens to. */
    SendBackListener NONE = (message, byClient) -> { };
}
