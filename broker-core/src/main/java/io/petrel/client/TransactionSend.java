package io.petrel.client;

import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageId;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.NodeLog;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.header.TransactionHeaders.EndTransactionRequestHeader;
import java.util.function.BiConsumer;

/**
 * One {@code sendMessageInTransaction} (RocketMQ's DefaultMQProducerImpl flow): DELAY is dropped,
 * TRAN_MSG and PGROUP are set and the half message is sent like any message (with the synchronous
 * send's retries); on SEND_OK the listener runs the local transaction, on FLUSH_DISK_TIMEOUT,
 * FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE the transaction is rolled back; then END_TRANSACTION
 * goes oneway to the master the half message went to, and the caller gets the outcome. A send that
 * fails ends nothing: no half message was stored, or the broker asks about it later.
 */
final class TransactionSend {

    private final Producer producer;
    private final TransactionListener listener;

    TransactionSend(Producer producer, TransactionListener listener) {
        this.producer = producer;
        this.listener = listener;
    }

    void send(Message message, Object arg, BiConsumer<TransactionSendResult, ClientException> done) {
        message.removeProperty(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        message.putProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        message.putProperty(MessageConst.PROPERTY_PRODUCER_GROUP, producer.config().producerGroup());
        producer.send(message, new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                LocalTransactionState state = LocalTransactionState.ROLLBACK_MESSAGE;
                Throwable failure = null;
                if (result.sendStatus() == SendStatus.SEND_OK) {
                    try {
                        state = listener.executeLocalTransaction(message, arg);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    state = state == null || failure != null ? LocalTransactionState.UNKNOW : state;
                }
                end(result, state, failure == null ? null : "executeLocalTransactionBranch exception: " + failure);
                done.accept(new TransactionSendResult(result, state), null);
            }

            @Override
            public void onException(ClientException error) {
                done.accept(null, new ClientException(error.responseCode(), "send message Exception: " + error.getMessage(), error));
            }
        });
    }

    private void end(SendResult result, LocalTransactionState state, String remark) {
        String address = producer.instance().routes().masterAddress(result.messageQueue().brokerName());
        if (address == null) {
            producer.instance().env().log().warn("transaction {}: no master address for broker {}; the broker will ask"
                    + " about it", result.msgId(), result.messageQueue().brokerName());
            return;
        }
        long commitLogOffset = MessageId.decodeMessageId(result.offsetMsgId() != null ? result.offsetMsgId()
                : result.msgId()).commitLogOffset();
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(producer.config().producerGroup(),
                result.queueOffset(), commitLogOffset, code(state), false, result.msgId(), result.msgId(), null);
        producer.instance().rpc().oneway(address, RemotingCommand.request(RequestCode.END_TRANSACTION, header)
                .remark(remark));
    }

    /**
     * A broker's CHECK_TRANSACTION_STATE about one of this group's half messages: the listener's
     * answer goes back oneway to {@code brokerAddress}, marked as answering a check.
     */
    static void answerCheck(Producer producer, TransactionListener listener, String brokerAddress, MessageExt message,
            long tranStateTableOffset, long commitLogOffset, String transactionId, NodeLog log) {
        LocalTransactionState state;
        String remark = null;
        try {
            state = listener.checkLocalTransaction(message);
        } catch (RuntimeException e) {
            state = LocalTransactionState.UNKNOW;
            remark = "checkLocalTransactionState Exception: " + e;
        }
        state = state == null ? LocalTransactionState.UNKNOW : state;
        String uniqKey = message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        EndTransactionRequestHeader header = new EndTransactionRequestHeader(producer.config().producerGroup(),
                tranStateTableOffset, commitLogOffset, code(state), true, uniqKey != null ? uniqKey : message.getMsgId(),
                transactionId, null);
        log.debug("transaction {}: answering the broker's check with {}", transactionId, state);
        producer.instance().rpc().oneway(brokerAddress, RemotingCommand.request(RequestCode.END_TRANSACTION, header)
                .remark(remark));
    }

    private static int code(LocalTransactionState state) {
        return switch (state) {
            case COMMIT_MESSAGE -> MessageSysFlag.TRANSACTION_COMMIT_TYPE;
            case ROLLBACK_MESSAGE -> MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
            case UNKNOW -> MessageSysFlag.TRANSACTION_NOT_TYPE;
        };
    }
}
