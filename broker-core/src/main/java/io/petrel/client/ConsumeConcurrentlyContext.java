package io.petrel.client;

import io.petrel.common.MessageQueue;

/**
 * Per-batch settings a concurrent listener may change: the delay level of the retry (0 lets the
 * broker pick 3 + reconsume times) and the index of the last message consumed successfully when
 * the batch as a whole succeeds.
 */
public final class ConsumeConcurrentlyContext {

    private final MessageQueue messageQueue;
    private int delayLevelWhenNextConsume;
    private int ackIndex = Integer.MAX_VALUE;

    ConsumeConcurrentlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    public MessageQueue getMessageQueue() {
        return messageQueue;
    }

    public int getDelayLevelWhenNextConsume() {
        return delayLevelWhenNextConsume;
    }

    public void setDelayLevelWhenNextConsume(int delayLevelWhenNextConsume) {
        this.delayLevelWhenNextConsume = delayLevelWhenNextConsume;
    }

    public int getAckIndex() {
        return ackIndex;
    }

    public void setAckIndex(int ackIndex) {
        this.ackIndex = ackIndex;
    }
}
