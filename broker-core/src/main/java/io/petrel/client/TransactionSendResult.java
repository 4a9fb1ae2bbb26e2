package io.petrel.client;

/** What {@link Producer#sendMessageInTransaction} returns: the half message's send and the local outcome. */
public record TransactionSendResult(SendResult sendResult, LocalTransactionState localTransactionState) {
}
