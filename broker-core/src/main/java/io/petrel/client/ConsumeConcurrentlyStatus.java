package io.petrel.client;

/** What a concurrent listener says about a batch: consumed, or to be delivered again later. */
public enum ConsumeConcurrentlyStatus {
    CONSUME_SUCCESS,
    RECONSUME_LATER
}
