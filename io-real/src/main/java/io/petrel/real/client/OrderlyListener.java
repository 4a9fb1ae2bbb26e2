package io.petrel.real.client;

import io.petrel.client.ConsumeOrderlyContext;
import io.petrel.client.ConsumeOrderlyStatus;
import io.petrel.client.MessageExt;
import java.util.List;

/** A blocking orderly listener, run on the consumer's consume threads, one batch per queue at a time. */
@FunctionalInterface
public interface OrderlyListener {

    ConsumeOrderlyStatus consumeMessage(List<MessageExt> messages, ConsumeOrderlyContext context);
}
