package io.petrel.client;

import io.petrel.common.MessageQueue;

/**
 * What a send returns (RocketMQ's SendResult): the status, the producer's message id (UNIQ_KEY;
 * comma-joined for a batch), the broker's offsetMsgId, the queue and the queue offset.
 */
public record SendResult(SendStatus sendStatus, String msgId, String offsetMsgId, MessageQueue messageQueue,
        long queueOffset, String regionId) {
}
