package io.petrel.broker.processor;

import io.petrel.broker.BrokerSettings;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.NodeLog;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import java.util.Map;

/**
 * Transactional messages, which Petrel does not have yet: every half message is refused, loudly,
 * before anything is stored for it.
 *
 * <p>Storing a half message as RocketMQ's real-topic fallback would (sysFlag PREPARED keeps it out
 * of the ConsumeQueue) and answering SEND_OK would let the official {@code TransactionMQProducer}
 * commit a message no consumer ever receives. So a send whose properties say
 * {@code TRAN_MSG=true}, or whose sysFlag says PREPARED or ROLLBACK, is answered NO_PERMISSION, the
 * code RocketMQ 4.9.8 gives a half message when {@code rejectTransactionMessage=true}; the official
 * producer treats it as a failed send and {@code sendMessageInTransaction} throws. With
 * {@code rejectTransactionMessage=true} the remark is RocketMQ's; otherwise it says that this
 * broker does not support transactional messages. RocketMQ lets a half message through when it is
 * a retry of a delayed message (clients before 4.6.1 copied the flag onto retries); no Petrel broker
 * ever stored a half message a consumer could hold, so Petrel needs no such exception.
 *
 * <p>END_TRANSACTION (the producer's commit or rollback, sent oneway) can only follow a half message
 * this broker refused. It cannot be answered when oneway, so it is logged at WARN naming the
 * request, the producer group and the message; when it is not oneway it is also answered
 * REQUEST_CODE_NOT_SUPPORTED with the same explanation. Nothing is stored either way.
 */
final class TransactionRefusal {

    private final NodeLog log;

    TransactionRefusal(NodeLog log) {
        this.log = log;
    }

    /** A transaction's half message: flagged PREPARED or ROLLBACK in its sysFlag, or TRAN_MSG=true. */
    static boolean isHalfMessage(int sysFlag, Map<String, String> properties) {
        int type = MessageSysFlag.transactionValue(sysFlag);
        return type == MessageSysFlag.TRANSACTION_PREPARED_TYPE || type == MessageSysFlag.TRANSACTION_ROLLBACK_TYPE
                || Boolean.parseBoolean(properties.get(MessageConst.PROPERTY_TRANSACTION_PREPARED));
    }

    /** The remark of the NO_PERMISSION a half message gets. */
    static String remark(BrokerSettings s) {
        if (s.rejectTransactionMessage()) {
            return "the broker[" + s.brokerIP1() + "] sending transaction message is forbidden";
        }
        return "the broker[" + s.brokerIP1() + "] does not support transactional messages: Petrel has no"
                + " transactions yet, so it refuses every half message and stores nothing for it";
    }

    void onEndTransaction(RemotingChannel channel, RemotingCommand request) {
        String what = "END_TRANSACTION (" + commitOrRollback(request.extField("commitOrRollback")) + ") from "
                + channel.remoteAddress() + " for producer group " + request.extField("producerGroup") + ", msgId "
                + request.extField("msgId") + ", transactionId " + request.extField("transactionId");
        log.warn("ignored {}: this broker has no transactional messages; it refused the half message, so there is"
                + " nothing to commit or roll back", what);
        if (!request.isOneway()) {
            channel.reply(request, RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    RequestCode.describe(RequestCode.END_TRANSACTION) + " is not supported: this broker has no"
                            + " transactional messages and refuses every half message"));
        }
    }

    /** RocketMQ's commitOrRollback header values as words (8 commit, 12 rollback, 0 unknown). */
    private static String commitOrRollback(String value) {
        if (String.valueOf(MessageSysFlag.TRANSACTION_COMMIT_TYPE).equals(value)) {
            return "commit";
        }
        if (String.valueOf(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE).equals(value)) {
            return "rollback";
        }
        return "state " + value;
    }
}
