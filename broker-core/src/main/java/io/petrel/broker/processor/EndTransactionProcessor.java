package io.petrel.broker.processor;

import io.petrel.broker.BrokerConfig;
import io.petrel.broker.transaction.TransactionService;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.NodeLog;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.RequestGuard;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.TransactionHeaders.EndTransactionRequestHeader;
import java.util.function.Supplier;

/**
 * END_TRANSACTION (37): a producer's commit or rollback of a half message, sent oneway by the
 * official client (after its local transaction, or in answer to a check). A slave answers
 * SLAVE_NOT_AVAILABLE; the unknown state (0) changes nothing (the check service asks again later);
 * a value other than 0, 8 or 12 is refused naming {@code commitOrRollback}. A commit or rollback
 * goes to the {@link TransactionService}. A request that cannot be answered (oneway) and is refused
 * is logged at WARN with the reason, so a producer's mistake is never silent.
 *
 * <p>Under ACL its sender must be allowed to publish to the half message's real topic, as a send to
 * it would need (RocketMQ 4.9 checks nothing for END_TRANSACTION, so any signed account could commit
 * or roll back another producer's transaction); an END whose half message cannot be read to learn
 * that topic is refused too.
 */
public final class EndTransactionProcessor {

    private final Supplier<BrokerConfig> settings;
    private final TransactionService transactions;
    private final NodeLog log;
    private final RequestGuard access;

    public EndTransactionProcessor(Supplier<BrokerConfig> settings, TransactionService transactions, NodeLog log,
            RequestGuard access) {
        this.settings = settings;
        this.transactions = transactions;
        this.log = log;
        this.access = access;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.END_TRANSACTION, this::end);
    }

    private void end(RemotingChannel channel, RemotingCommand request) {
        EndTransactionRequestHeader h = request.decodeHeader(EndTransactionRequestHeader.class);
        String what = "END_TRANSACTION from " + channel.remoteAddress() + " (group " + h.producerGroup() + ", msgId "
                + h.msgId() + ", tranStateTableOffset " + h.tranStateTableOffset() + ")";
        if (!settings.get().isMaster()) {
            answer(channel, request, what, ResponseCode.SLAVE_NOT_AVAILABLE,
                    "the broker[" + settings.get().brokerName() + "] is a slave: end transactions on its master");
            return;
        }
        int type = h.commitOrRollback();
        if (type == MessageSysFlag.TRANSACTION_NOT_TYPE) {
            log.info("{}: the producer does not know its transaction's state yet{}", what,
                    Boolean.TRUE.equals(h.fromTransactionCheck()) ? " (answering a check)" : "");
            answer(channel, request, what, ResponseCode.SUCCESS, "state unknown: the broker asks again later");
            return;
        }
        if (type != MessageSysFlag.TRANSACTION_COMMIT_TYPE && type != MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            answer(channel, request, what, ResponseCode.SYSTEM_ERROR, "commitOrRollback " + type
                    + " is not 0 (unknown), 8 (commit) or 12 (rollback)");
            return;
        }
        if (access != RequestGuard.ALLOW_ALL) {
            String topic = transactions.realTopicOf(h);
            String refusal = topic == null ? "AclException: no readable half message at commitLogOffset "
                    + h.commitLogOffset() + " to learn the topic the sender must be allowed to publish to"
                    : access.publishRefusal(channel, request, topic);
            if (refusal != null) {
                answer(channel, request, what, ResponseCode.SYSTEM_ERROR, refusal);
                return;
            }
        }
        transactions.end(h, channel.remoteAddress().toString(),
                outcome -> answer(channel, request, what, outcome.code(), outcome.remark()));
    }

    private void answer(RemotingChannel channel, RemotingCommand request, String what, int code, String remark) {
        if (code != ResponseCode.SUCCESS && request.isOneway()) {
            log.warn("refused {}: {}", what, remark);
        }
        if (!request.isOneway()) {
            channel.reply(request, RemotingCommand.response(code, remark));
        }
    }
}
