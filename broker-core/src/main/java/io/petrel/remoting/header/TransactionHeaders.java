package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/** Headers of END_TRANSACTION (37) and CHECK_TRANSACTION_STATE (39), docs/protocol.md §3.3. */
public final class TransactionHeaders {

    private TransactionHeaders() {
    }

    /**
     * A producer's commit (8), rollback (12) or "still unknown" (0) for the half message stored at
     * {@code commitLogOffset}, which has offset {@code tranStateTableOffset} in the half queue.
     */
    public record EndTransactionRequestHeader(@Required String producerGroup, @Required Long tranStateTableOffset,
            @Required Long commitLogOffset, @Required Integer commitOrRollback, Boolean fromTransactionCheck,
            @Required String msgId, String transactionId, String bname) {
    }

    /** The broker asks a producer of the half message's group how its local transaction ended. */
    public record CheckTransactionStateRequestHeader(@Required Long tranStateTableOffset, @Required Long commitLogOffset,
            String msgId, String transactionId, String offsetMsgId, String bname) {
    }
}
