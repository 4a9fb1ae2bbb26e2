package io.petrel.client;

/** How a producer's local transaction ended, as RocketMQ's {@code LocalTransactionState} names it. */
public enum LocalTransactionState {
    /** Commit: the broker makes the message visible to consumers. */
    COMMIT_MESSAGE,
    /** Roll back: the message is never delivered. */
    ROLLBACK_MESSAGE,
    /** Not known yet: the broker asks again later (CHECK_TRANSACTION_STATE). RocketMQ's spelling. */
    UNKNOW
}
