package io.petrel.common;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * LOCK_BATCH_MQ's body (RocketMQ's {@code LockBatchRequestBody}): the queues an orderly consumer
 * wants to own for its group. UNLOCK_BATCH_MQ sends the same shape as
 * {@code UnlockBatchRequestBody}, so one record serves both. The queue set keeps the order the
 * body listed it in.
 */
public record LockBatchRequestBody(String consumerGroup, String clientId, Set<MessageQueue> mqSet) {

    public LockBatchRequestBody {
        mqSet = mqSet == null ? new LinkedHashSet<>() : new LinkedHashSet<>(mqSet);
    }
}
