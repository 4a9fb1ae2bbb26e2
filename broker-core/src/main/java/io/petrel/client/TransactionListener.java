package io.petrel.client;

/**
 * A transactional producer's application (RocketMQ's {@code TransactionListener}). Both methods
 * run on the client's loop and must return at once; an exception counts as UNKNOW and its text
 * goes to the broker in the END_TRANSACTION remark.
 */
public interface TransactionListener {

    /** Runs the local transaction once the half message is stored; {@code arg} is the send's argument. */
    LocalTransactionState executeLocalTransaction(Message message, Object arg);

    /** The broker asks how the local transaction of {@code message} (its transactionId is UNIQ_KEY) ended. */
    LocalTransactionState checkLocalTransaction(MessageExt message);
}
