package io.petrel.client;

import io.petrel.common.MessageQueue;
import java.util.List;

/** Chooses the queue of an ordered message (RocketMQ's MessageQueueSelector), e.g. by order id. */
@FunctionalInterface
public interface MessageQueueSelector {

    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);
}
