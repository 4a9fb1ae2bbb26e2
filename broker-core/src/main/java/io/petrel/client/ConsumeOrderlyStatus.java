package io.petrel.client;

/** What an orderly listener says about a batch: consumed, or pause the queue and retry the batch. */
public enum ConsumeOrderlyStatus {
    SUCCESS,
    SUSPEND_CURRENT_QUEUE_A_MOMENT
}
