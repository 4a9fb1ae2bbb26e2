package io.petrel.common;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Bugs Petrel can be told to have, for tests only: each switch makes one component break one of
 * its promises in a small, marked branch ({@code SABOTAGE (tests only): ...}), so a test can show
 * that the simulation's checks catch that kind of bug. A set of them is handed to a
 * {@code Broker} or a {@code ClientConfig} by test code; no properties file, key registry or
 * command line can reach them, and without one every component behaves as it should.
 *
 * <p>Not sent on the wire or stored, so the constants carry no codes.
 */
public enum Sabotage {

    /**
     * Store: a SYNC_FLUSH put is acknowledged before the force covering it completes, and the
     * acknowledger's check that every FLUSHED answer is covered by the forces is off with it, so that
     * the history checkers must see it (after a power loss at the wrong moment). Without the
     * sabotage, that check stops any other way to answer early at the first put.
     */
    ACK_SYNC_FLUSH_BEFORE_FORCE,

    /**
     * Store: records whose body CRC does not match are accepted, by recovery (which keeps them as
     * valid) and by the read path (which would otherwise refuse them, so skipping the check in
     * recovery alone is what {@code checkCRCOnRecover=false} does and is not a bug).
     */
    SKIP_CRC_CHECK_IN_RECOVERY,

    /**
     * Store: recovery writes each consume-queue entry it rebuilds from the commit log one slot late,
     * where the entry ends ((queueOffset + 1) × 20) instead of where it starts.
     */
    CONSUME_QUEUE_REBUILD_OFF_BY_ONE,

    /**
     * Store: every 50th put finds one of its invariants broken before it appends, as a bug on the
     * put path would. The broker answers that send SYSTEM_ERROR, which producers retry, so a harness
     * that lets a node answer for its own bugs never sees it; one that stops the run on a bug does.
     */
    PUT_PATH_INVARIANT_BROKEN,

    /**
     * Store: under SYNC_FLUSH a record becomes visible to consumers as soon as it is appended, before
     * a force covers it (the bug fuzz1-239 found: a power loss then takes back records consumers saw,
     * and later messages reuse their queue offsets). The store's invariants catch it at once; the
     * history alone only when a power loss hits such a window.
     */
    SYNC_FLUSH_VISIBLE_BEFORE_FORCE,

    /**
     * Store: a SYNC_MASTER answers SEND_OK without waiting for a slave's acknowledgement. The
     * history catches it only when the master loses power while its slave is away (rare); the
     * store's own check that no put is answered as replicated past what a slave acknowledged
     * catches it at the first put.
     */
    SYNC_MASTER_ACK_BEFORE_SLAVE,

    /**
     * Store: a commit-log file that is full gets no end-of-file blank record: the record that does not
     * fit goes to the next file and the bytes left at the old file's end stay unwritten. Petrel's
     * readers go on to the next file; Apache RocketMQ's (its recovery, an Apache slave) need the blank.
     * The planted bug store-no-end-of-file-blank does the same only when a record fits within the
     * blank's 8 bytes, which fuzzed runs rarely meet; this switch does it at every roll.
     */
    NO_END_OF_FILE_BLANK,

    /**
     * Slave: appends what its master sends at its own log's end, whatever offset the transfer names,
     * and loses the first bytes of every 20th transfer, so its log drifts from its master's offsets.
     */
    SLAVE_APPENDS_AT_WRONG_OFFSET,

    /**
     * Slave: reports a transfer's end as soon as it arrives, before appending it, and every 10th
     * transfer never appends at all (a slave acknowledging data it does not hold).
     */
    SLAVE_ACKS_BEFORE_APPEND,

    /**
     * Slave: takes its master's consumer offsets over the ones consumers committed to it while the
     * master was away, without handing those to the master first (RocketMQ 4.9's rocketmq#1094), so
     * the group's progress on the slave goes back.
     */
    SLAVE_OVERWRITES_CONSUMER_OFFSETS,

    /**
     * Broker: a request whose header is missing a field or holds a malformed number is handled as a
     * bug of Petrel's own: logged at ERROR and answered SYSTEM_ERROR with the exception's text, the
     * way issue 23 found VIEW_MESSAGE_BY_ID answering a bad offset. The frame fuzzer must catch it.
     */
    BAD_HEADER_ANSWERED_AS_BUG,

    /**
     * Broker: an UPDATE_BROKER_CONFIG refused for one key (unknown, not changeable at runtime, or a
     * bad value) keeps the keys read before it applied, although it is answered as refused: a refused
     * request that changes state. RocketMQ refuses a black-listed update whole; so does Petrel for
     * every refusal. The frame fuzzer must catch it.
     */
    REFUSED_CONFIG_UPDATE_KEEPS_EARLIER_KEYS,

    /**
     * Broker: UPDATE_BROKER_CONFIG accepts every key at runtime, those whose names mark a path, a class
     * or a command among them (the CVE-2023-33246 / CVE-2023-37582 class: a peer moves where the broker
     * writes).
     * The frame fuzzer must catch it.
     */
    PATH_KEYS_UPDATABLE_AT_RUNTIME,

    /**
     * Store: a read at an offset that came from outside (a message id, VIEW_MESSAGE_BY_ID) and is not
     * a record's start is counted and logged at ERROR as damage, as issue 23 found it: an operator
     * would think the store corrupt. The frame fuzzer must catch it.
     */
    OUTSIDE_OFFSET_READ_REPORTED_AS_DAMAGE,

    /**
     * Store: recovery ends the commit log at the start of its last record, so every restart loses the
     * newest acknowledged message. The frame fuzzer's check that acknowledged messages read back intact
     * after its restarts must catch it (so must the store crash scenario).
     */
    RECOVERY_DROPS_LAST_RECORD,

    /**
     * Broker: a request with a bad header goes to the bug handler, which stops the node (in production
     * the process exits; in the simulator the run fails): one hostile frame takes the broker down. The
     * frame fuzzer's property that the node keeps running must catch it.
     */
    BAD_HEADER_STOPS_THE_NODE,

    /** Broker: NOTIFY_CONSUMER_IDS_CHANGED is never sent; members learn of changes only by polling. */
    DROP_NOTIFY_CONSUMER_IDS_CHANGED,

    /**
     * Broker: CONSUMER_SEND_MSG_BACK dead-letters a message one retry early (stored reconsumeTimes at
     * max - 1), the mutant the checker once let through because it excused every early dead letter,
     * not only those whose last way back was the client's own send.
     */
    DEAD_LETTER_ONE_RETRY_EARLY,

    /**
     * Broker: a copy a client sends to a retry topic itself (its fallback when CONSUMER_SEND_MSG_BACK
     * fails) is dead-lettered only once its count passes the maximum, not when it reaches it, so it is
     * delivered once more (the mutant broker-retry-send-dlq-late, which the checker let through while
     * the history could not tell the client's copies from the broker's).
     */
    RETRY_SEND_DEAD_LETTERED_LATE,

    /**
     * Broker: every orderly lock counts as expired at once, so a queue is granted to whichever member
     * asks while another still works on it (the mutant broker-locks-always-expired, which the checker
     * let through before it held orderly queues to one member at a time).
     */
    ORDERLY_LOCKS_ALWAYS_EXPIRED,

    /**
     * Store: {@code fileReservedTime} is read as seconds, not hours, so time-based retention deletes
     * files written seconds ago (the mutant store-retention-hours-as-seconds).
     */
    RETENTION_TIME_IN_SECONDS,

    /**
     * Store: consume-queue files, and each queue's first offset, follow a commit-log offset 8 MiB past
     * the real minimum, so queues drop entries whose messages the log still holds (the mutant
     * store-queue-files-deleted-early, which the checker took for retention's doing while it judged by
     * queue offsets).
     */
    CONSUME_QUEUES_TRIMMED_EARLY,

    /**
     * Broker: a commit re-puts the message but writes no op record, so the half message is never
     * durably resolved: after a restart its producer is asked (and commits) again.
     */
    TRANSACTION_OP_NOT_WRITTEN,

    /**
     * Broker: the transaction progress saved as CID_RMQ_SYS_TRANS's offsets counts op records not yet
     * durable, so after a power loss a half message whose op record was lost is never asked about.
     */
    TRANSACTION_PROGRESS_NOT_DURABLE,

    /**
     * Push consumer: the consume offset moves past pulled messages as soon as they arrive, before the
     * listener has consumed them, so a crash in between loses them.
     */
    COMMIT_OFFSET_BEFORE_PROCESSING,

    /**
     * Client: RESET_CONSUMER_CLIENT_OFFSET applies its body's offsets to the group its raw ext fields
     * name before the header is decoded, so a reset refused for a missing or malformed header field
     * (answered SYSTEM_ERROR) has already moved the consumer's offsets.
     */
    CLIENT_RESET_APPLIED_BEFORE_HEADER_CHECK,

    /**
     * Broker ACL: a request naming a known access key passes without its signature being checked, so
     * a wrong secret, or a signed request altered on its way, is taken as that account's.
     */
    ACL_SIGNATURE_NOT_CHECKED;

    /** No sabotage: what every production component gets. */
    public static Set<Sabotage> none() {
        return Collections.unmodifiableSet(EnumSet.noneOf(Sabotage.class));
    }

    /** An unmodifiable copy in declaration order (EnumSet: its iteration order never varies). */
    public static Set<Sabotage> copyOf(Collection<Sabotage> switches) {
        EnumSet<Sabotage> copy = EnumSet.noneOf(Sabotage.class);
        copy.addAll(switches);
        return Collections.unmodifiableSet(copy);
    }
}
