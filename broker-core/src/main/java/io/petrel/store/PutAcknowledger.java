package io.petrel.store;

import io.petrel.common.Check;
import io.petrel.store.commitlog.AppendMessageResult;
import java.util.function.Consumer;

/**
 * The one place that decides when an appended put is answered, and with what (RocketMQ's
 * {@code submitFlushRequest} and {@code submitReplicaRequest} combined). Every put path goes
 * through it: client sends, consumers' send-backs, the schedule service's re-puts.
 *
 * <ul>
 *   <li>Flush: ASYNC_FLUSH answers at once; SYNC_FLUSH waits for a force covering the record
 *       (FLUSH_DISK_TIMEOUT after {@code syncFlushTimeout}, FLUSH_DISK_FAILED when it failed), unless
 *       the message says it need not wait ({@code WAIT=false}).</li>
 *   <li>Replication, only when a {@link ReplicaAcks} is installed (a SYNC_MASTER) and the message
 *       waits: SLAVE_NOT_AVAILABLE at once when no slave can acknowledge it, else a wait for a slave's
 *       acknowledgement, FLUSH_SLAVE_TIMEOUT after {@code slaveTimeout}.</li>
 *   <li>Both run at once and the answer comes when both ended. PUT_OK only if both are OK;
 *       otherwise the replication status wins over the flush status, as in RocketMQ 4.9.8.</li>
 * </ul>
 * Driven by its node's loop only.
 */
final class PutAcknowledger {

    private final StoreConfig config;
    private final CommitLogFlushService flush;
    private final ReplicaWaitService replicas;
    private final boolean sabotageAckBeforeSlave;
    private final boolean checkFlushed;

    /**
     * {@code sabotageAckBeforeSlave} is SYNC_MASTER_ACK_BEFORE_SLAVE; {@code checkFlushed} false is
     * ACK_SYNC_FLUSH_BEFORE_FORCE, whose lying store must reach the history checkers (tests only).
     */
    PutAcknowledger(StoreConfig config, CommitLogFlushService flush, ReplicaWaitService replicas,
            boolean sabotageAckBeforeSlave, boolean checkFlushed) {
        this.config = config;
        this.flush = flush;
        this.replicas = replicas;
        this.sabotageAckBeforeSlave = sabotageAckBeforeSlave;
        this.checkFlushed = checkFlushed;
    }

    /**
     * Answers {@code appended} once: an answer decided during this call goes to {@code answerNow}
     * (which must deliver it after the current event), one decided later to {@code answerLater}.
     */
    void acknowledge(AppendMessageResult appended, boolean wait, Consumer<PutMessageResult> answerNow,
            Consumer<PutMessageResult> answerLater) {
        boolean replicate = wait && replicas.acks() != null;
        Pending pending = new Pending(appended, answerNow);
        startFlush(appended, wait, pending);
        startReplica(appended, replicate, pending);
        pending.deliverFromNowOn(answerLater);
    }

    private void startFlush(AppendMessageResult appended, boolean wait, Pending pending) {
        if (config.flushDiskType() == FlushDiskType.ASYNC_FLUSH || !wait) {
            if (config.flushDiskType() == FlushDiskType.SYNC_FLUSH) {
                flush.requestRound();
            }
            pending.onFlush(ok(appended));
            return;
        }
        flush.awaitDurable(appended.wroteEnd(), outcome -> pending.onFlush(switch (outcome) {
            case FLUSHED -> flushed(appended);
            case TIMED_OUT -> new PutMessageResult(PutMessageStatus.FLUSH_DISK_TIMEOUT, appended,
                    "no force covered the message within syncFlushTimeout=" + config.syncFlushTimeout() + " ms");
            case FAILED -> new PutMessageResult(PutMessageStatus.FLUSH_DISK_FAILED, appended,
                    "the force covering the message failed; it is stored but not known durable");
        }));
    }

    private void startReplica(AppendMessageResult appended, boolean replicate, Pending pending) {
        if (!replicate) {
            pending.onReplica(ok(appended));
            return;
        }
        // SABOTAGE (tests only): SYNC_MASTER_ACK_BEFORE_SLAVE answers as if a slave had acknowledged.
        if (sabotageAckBeforeSlave) {
            replicated(appended, pending);
            return;
        }
        long end = appended.wroteEnd();
        if (!replicas.acks().isSlaveAvailable(end)) {
            pending.onReplica(new PutMessageResult(PutMessageStatus.SLAVE_NOT_AVAILABLE, appended,
                    "no slave of this SYNC_MASTER can acknowledge the message (none connected, or one more than "
                            + "haSlaveFallbehindMax behind); it is stored on the master only"));
            return;
        }
        replicas.await(appended.wroteOffset(), end, acked -> {
            if (acked) {
                replicated(appended, pending);
            } else {
                pending.onReplica(new PutMessageResult(PutMessageStatus.FLUSH_SLAVE_TIMEOUT, appended,
                        "no slave acknowledged the message within slaveTimeout=" + replicas.timeoutMs() + " ms"));
            }
        });
    }

    /** A force covered the put: its flush half is OK. Checked, since SEND_OK under SYNC_FLUSH promises it. */
    private PutMessageResult flushed(AppendMessageResult appended) {
        long durable = flush.durableOffset();
        // SABOTAGE (tests only): checkFlushed is false only under ACK_SYNC_FLUSH_BEFORE_FORCE.
        Check.state(!checkFlushed || durable >= appended.wroteEnd(), "a SYNC_FLUSH put ending at {} is answered as "
                + "flushed, but forces covered only {}", appended.wroteEnd(), durable);
        return ok(appended);
    }

    /** A slave holds the put: its replica half is OK. Checked, since SEND_OK promises it. */
    private void replicated(AppendMessageResult appended, Pending pending) {
        long acked = replicas.acks().replicatedEnd();
        Check.state(acked >= appended.wroteEnd(), "a put ending at {} is answered as replicated, but no slave "
                + "acknowledged past {}", appended.wroteEnd(), acked);
        pending.onReplica(ok(appended));
    }

    private static PutMessageResult ok(AppendMessageResult appended) {
        return new PutMessageResult(PutMessageStatus.PUT_OK, appended, "");
    }

    /** The two halves of one answer; the second to arrive answers. */
    private static final class Pending {
        private final AppendMessageResult appended;
        private Consumer<PutMessageResult> deliver;
        private PutMessageResult flushed;
        private PutMessageResult replicated;

        Pending(AppendMessageResult appended, Consumer<PutMessageResult> deliver) {
            this.appended = appended;
            this.deliver = deliver;
        }

        void deliverFromNowOn(Consumer<PutMessageResult> later) {
            deliver = later;
        }

        void onFlush(PutMessageResult r) {
            flushed = r;
            answerWhenBoth();
        }

        void onReplica(PutMessageResult r) {
            replicated = r;
            answerWhenBoth();
        }

        private void answerWhenBoth() {
            if (flushed == null || replicated == null) {
                return;
            }
            PutMessageResult answer = replicated.status() != PutMessageStatus.PUT_OK ? replicated : flushed;
            deliver.accept(answer);
        }
    }
}
