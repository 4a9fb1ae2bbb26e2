package io.petrel.real.client;

import io.petrel.client.ConsumeConcurrentlyContext;
import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.MessageExt;
import java.util.List;

/** A blocking concurrent listener, run on the consumer's consume threads. Throwing means RECONSUME_LATER. */
@FunctionalInterface
public interface ConcurrentListener {

    ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context);
}
