package io.petrel.broker.metrics;

/**
 * RocketMQ 5.x's {@code message_type} label of incoming messages, as far as a 4.9 send tells it:
 * a transactional half message, a message with a delay level, or any other. (5.x's FIFO needs a
 * sharding key 4.9's clients do not send.) The label values are 5.x's.
 */
public enum MessageType {
    NORMAL("normal"),
    DELAY("delay"),
    TRANSACTION("transaction");

    private final String label;

    MessageType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
