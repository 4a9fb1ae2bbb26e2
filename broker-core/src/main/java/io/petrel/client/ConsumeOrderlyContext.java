package io.petrel.client;

import io.petrel.common.MessageQueue;

/** Per-batch settings an orderly listener may change: how long to pause the queue after a failure. */
public final class ConsumeOrderlyContext {

    private final MessageQueue messageQueue;
    private long suspendCurrentQueueTimeMillis = -1;

    ConsumeOrderlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    public MessageQueue getMessageQueue() {
        return messageQueue;
    }

    /** -1 keeps the consumer's {@code suspendCurrentQueueTimeMillis}. */
    public long getSuspendCurrentQueueTimeMillis() {
        return suspendCurrentQueueTimeMillis;
    }

    public void setSuspendCurrentQueueTimeMillis(long suspendCurrentQueueTimeMillis) {
        this.suspendCurrentQueueTimeMillis = suspendCurrentQueueTimeMillis;
    }
}
