package io.petrel.broker.transaction;

import io.petrel.broker.transaction.HalfTable.Half;
import io.petrel.broker.transaction.HalfTable.Phase;
import io.petrel.common.Sabotage;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Cancellable;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.TransactionHeaders.EndTransactionRequestHeader;
import io.petrel.store.MessageStore;
import io.petrel.store.PutMessageResult;
import io.petrel.store.commitlog.BrokerMessage;
import io.petrel.store.format.ConsumeQueueFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A master's transactional messages (docs/protocol.md §6.8): stores half messages, resolves them
 * on END_TRANSACTION (a commit re-puts the message into its real queue, then both outcomes write an
 * op record), asks producers about unresolved ones ({@link TransactionCheck}) and saves how far
 * resolution is durable as the consumer offsets of {@value #GROUP}. See the package documentation
 * for what it does better than RocketMQ. Single-threaded on the broker's loop.
 */
public final class TransactionService {

    /** The group whose offsets on the half and op topics record progress (RocketMQ's name). */
    public static final String GROUP = "CID_RMQ_SYS_TRANS";
    static final String HALF = TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC;
    static final String OP = TopicValidator.RMQ_SYS_TRANS_OP_HALF_TOPIC;
    static final long RETRY_MS = 1_000;

    /** What an END_TRANSACTION came to: RocketMQ's code and remark (SUCCESS for a repeated one). */
    public record Outcome(int code, String remark) {
        static Outcome ok(String remark) {
            return new Outcome(ResponseCode.SUCCESS, remark);
        }

        static Outcome error(String remark) {
            return new Outcome(ResponseCode.SYSTEM_ERROR, remark);
        }
    }

    /** The broker's parts the service uses: its system topics, its consumer offsets, its store host. */
    public interface Context {
        void createSystemTopic(String topic);

        long savedOffset(String topic);

        void saveOffset(String topic, long offset);

        HostAddress storeHost();
    }

    private final Env env;
    private final MessageStore store;
    private final Context context;
    private final HalfTable table = new HalfTable();
    private final TransactionCheck check;
    private final Set<Sabotage> sabotage;
    private boolean loaded;
    private boolean running;
    private Cancellable retry = Cancellable.NONE;
    private long committed;
    private long rolledBack;

    public TransactionService(Env env, MessageStore store, Context context, TransactionCheck.Settings settings,
            TransactionCheck.Producers producers, Set<Sabotage> sabotage) {
        this.env = env;
        this.store = store;
        this.context = context;
        this.sabotage = Sabotage.copyOf(sabotage);
        this.check = new TransactionCheck(env, store, table, settings, producers, this);
    }

    /** Starts on a master once the store serves: loads what is unresolved, then checks periodically. */
    public void start() {
        running = true;
        load();
        check.start();
    }

    public void stop() {
        running = false;
        retry.cancel();
        check.stop();
    }

    /** Whether the unresolved half messages have been read since start. */
    public boolean isLoaded() {
        return loaded;
    }

    private void load() {
        if (!running) {
            return;
        }
        try {
            long halfLow = clamp(HALF, context.savedOffset(HALF));
            long opLow = clamp(OP, context.savedOffset(OP));
            Map<Long, Long> opEnds = readOps(opLow, halfLow);
            table.reset(halfLow, opLow);
            scan(opLow, opEnds);
            loaded = true;
            env.log().info("transactions: {} half messages tracked from half queue offset {} (op queue from {})",
                    table.size(), halfLow, opLow);
        } catch (DiskException e) {
            env.log().warn("transactions: reading the half and op queues failed ({}); retrying in {} ms",
                    e.getMessage(), RETRY_MS);
            retry = env.scheduler().schedule(RETRY_MS, this::load);
        }
    }

    /** A saved offset within its queue's range; below it means retention deleted unresolved half messages. */
    private long clamp(String topic, long saved) {
        long min = store.getMinOffsetInQueue(topic, 0);
        long max = store.getMaxOffsetInQueue(topic, 0);
        long from = saved < 0 ? min : saved;
        if (from < min && HALF.equals(topic)) {
            env.log().warn("transactions: half messages at half queue offsets [{}, {}) were deleted by retention"
                    + " before they were resolved; their producers will not be asked", from, min);
        }
        return Math.max(min, Math.min(from, max));
    }

    /** Half-queue offset → commit-log end of the op record resolving it, for op records from {@code opLow}. */
    private Map<Long, Long> readOps(long opLow, long halfLow) {
        Map<Long, Long> opEnds = new HashMap<>();
        long max = store.getMaxOffsetInQueue(OP, 0);
        for (long q = opLow; q < max; q++) {
            ConsumeQueueFormat.Entry e = store.consumeQueueEntry(OP, 0, q);
            StoredMessage op = e == null || !e.isWritten() || e.isFiller() ? null
                    : store.lookMessageByOffset(e.commitLogOffset());
            long resolved = op == null ? -1 : HalfMessages.resolvedOffset(op);
            if (resolved >= halfLow) {
                opEnds.put(resolved, e.commitLogEnd());
            }
        }
        return opEnds;
    }

    /** Registers every half message stored since the last scan; {@code opEnds} marks those already resolved. */
    private void scan(long opMark, Map<Long, Long> opEnds) {
        long min = store.getMinOffsetInQueue(HALF, 0);
        if (table.scannedEnd() < min) {
            table.scannedTo(min);
        }
        long max = store.getMaxOffsetInQueue(HALF, 0);
        for (long q = table.scannedEnd(); q < max; q++) {
            ConsumeQueueFormat.Entry e = store.consumeQueueEntry(HALF, 0, q);
            StoredMessage m = e == null || !e.isWritten() || e.isFiller() ? null : store.lookMessageByOffset(e.commitLogOffset());
            if (m == null) {
                env.log().warn("transactions: no readable half message at half queue offset {}; skipped", q);
                table.scannedTo(q + 1);
                continue;
            }
            Half h = new Half(q, m.physicalOffset(), env.clock().nanoTime(),
                    m.property(MessageConst.PROPERTY_PRODUCER_GROUP),
                    m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX), immunityMs(m), opMark);
            Long opEnd = opEnds.get(q);
            if (opEnd != null) {
                h.phase = Phase.RESOLVED;
                h.opEnd = opEnd;
            }
            table.register(h);
        }
    }

    /** Registers half messages stored since the last look (their CQ entries exist once they were answered). */
    void catchUp() {
        scan(store.getMaxOffsetInQueue(OP, 0), new HashMap<>());
    }

    /** CHECK_IMMUNITY_TIME_IN_SECONDS in ms, or -1 (use transactionTimeOut) when absent, -1 or unreadable. */
    private static long immunityMs(StoredMessage m) {
        String value = m.property(MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (value == null) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? -1 : seconds * 1_000L;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- the half message -----------------------------------------------------------------

    /**
     * Stores a producer's half message; {@code done} gets the store's result (the send's answer). It
     * is registered at once, so that its age is counted from its store.
     */
    public void prepare(BrokerMessage sent, Consumer<PutMessageResult> done) {
        context.createSystemTopic(HALF);
        store.putMessage(HalfMessages.half(sent), result -> {
            if (result.isAppended() && loaded && running) {
                try {
                    catchUp();
                } catch (DiskException e) {
                    env.log().warn("transactions: reading the half queue failed ({}); the next check round"
                            + " registers the half message", e.getMessage());
                }
            }
            done.accept(result);
        });
    }

    // ---- END_TRANSACTION ------------------------------------------------------------------

    /**
     * A producer's commit or rollback (callers handle the unknown state). {@code done} gets the
     * outcome once the resolution's records are appended, or at once for a refused or repeated one.
     */
    public void end(EndTransactionRequestHeader h, String from, Consumer<Outcome> done) {
        if (!loaded) {
            done.accept(Outcome.error("the broker is still reading its unresolved half messages; it will ask the"
                    + " producer about this one later"));
            return;
        }
        catchUp();
        boolean commit = h.commitOrRollback() == MessageSysFlag.TRANSACTION_COMMIT_TYPE;
        Half half = table.get(h.tranStateTableOffset());
        String wrong = half != null ? mismatch(h, half.commitLogOffset, half.group) : resolvedMismatch(h);
        if (wrong != null) {
            done.accept(Outcome.error(wrong));
            return;
        }
        if (half == null) {
            done.accept(Outcome.ok("already resolved"));
            return;
        }
        if (half.phase != Phase.PENDING) {
            env.log().info("transactions: {} from {} for {} ignored: it is already {}", commit ? "commit" : "rollback",
                    from, half, half.phase);
            done.accept(Outcome.ok("already resolved"));
            return;
        }
        if (commit) {
            commit(half, done);
        } else {
            half.phase = Phase.ROLLING_BACK;
            writeOp(half, "rolled back", done);
        }
    }

    /**
     * The real topic (REAL_TOPIC) of the half message an END names, read from the commit log; null
     * when no readable half message is there.
     */
    public String realTopicOf(EndTransactionRequestHeader h) {
        if (h.commitLogOffset() < store.getMinPhyOffset()) {
            return null;
        }
        StoredMessage m;
        try {
            m = store.lookMessageByOffset(h.commitLogOffset());
        } catch (DiskException e) {
            return null;
        }
        return m == null || !HALF.equals(m.topic()) ? null : m.property(MessageConst.PROPERTY_REAL_TOPIC);
    }

    /** Why an END does not match the half message it names, or null (RocketMQ's remarks, with the values). */
    private static String mismatch(EndTransactionRequestHeader h, long commitLogOffset, String group) {
        if (commitLogOffset != h.commitLogOffset()) {
            return "The commit log offset wrong: commitLogOffset " + h.commitLogOffset() + " but the half message at"
                    + " tranStateTableOffset " + h.tranStateTableOffset() + " is at " + commitLogOffset;
        }
        if (group == null || !group.equals(h.producerGroup())) {
            return "The producer group wrong: producerGroup " + h.producerGroup() + " but the half message belongs to "
                    + group;
        }
        return null;
    }

    /** For an END naming a half message no longer tracked: it must be one, resolved, and match. */
    private String resolvedMismatch(EndTransactionRequestHeader h) {
        String notFound = "Find prepared transaction message failed: no half message at tranStateTableOffset "
                + h.tranStateTableOffset() + " and commitLogOffset " + h.commitLogOffset();
        if (!table.resolvedDurably(h.tranStateTableOffset()) || h.commitLogOffset() < store.getMinPhyOffset()) {
            return notFound;
        }
        StoredMessage m = store.lookMessageByOffset(h.commitLogOffset());
        if (m == null || !HALF.equals(m.topic()) || m.queueOffset() != h.tranStateTableOffset()) {
            return notFound;
        }
        return mismatch(h, m.physicalOffset(), m.property(MessageConst.PROPERTY_PRODUCER_GROUP));
    }

    private void commit(Half half, Consumer<Outcome> done) {
        StoredMessage stored = store.lookMessageByOffset(half.commitLogOffset);
        StringBuilder why = new StringBuilder();
        BrokerMessage message = stored == null ? null : HalfMessages.committed(stored, why);
        if (message == null) {
            done.accept(Outcome.error("Find prepared transaction message failed: " + (stored == null
                    ? "no intact record at commit-log offset " + half.commitLogOffset : why)));
            return;
        }
        half.phase = Phase.COMMITTING;
        store.putMessage(message, result -> {
            if (!result.isAppended()) {
                half.phase = half.phase == Phase.COMMITTING ? Phase.PENDING : half.phase;
                // The producer answered; the store failed. Asks it answered do not count towards giving up.
                half.checks = 0;
                done.accept(new Outcome(ResponseCode.SYSTEM_ERROR, "the committed message could not be stored: "
                        + result.status() + (result.remark() == null ? "" : " " + result.remark())));
                return;
            }
            committed++;
            env.log().probe("broker-transaction-committed");
            if (sabotage.contains(Sabotage.TRANSACTION_OP_NOT_WRITTEN)) {
                // SABOTAGE (tests only): resolved in memory only; no op record says so on disk.
                half.phase = Phase.RESOLVED;
                done.accept(Outcome.ok(null));
                return;
            }
            writeOp(half, "committed", done);
        });
    }

    /** Appends the op record that resolves {@code half}; retried by the check when it fails after a commit. */
    void writeOp(Half half, String what, Consumer<Outcome> done) {
        context.createSystemTopic(OP);
        store.putMessage(HalfMessages.op(half.queueOffset, context.storeHost(), env.clock().nowMs()), result -> {
            if (result.isAppended()) {
                if (half.phase == Phase.ROLLING_BACK) {
                    rolledBack++;
                    env.log().probe("broker-transaction-rolled-back");
                }
                half.phase = Phase.RESOLVED;
                half.opEnd = result.appendMessageResult().wroteEnd();
                done.accept(Outcome.ok(null));
                return;
            }
            // A commit already made the message visible: never re-put it, only retry the op record. A
            // rollback or a give-up not recorded leaves the half message pending, to be asked about again.
            if (half.phase == Phase.ROLLING_BACK) {
                half.checks = 0;
            }
            half.phase = half.phase == Phase.COMMITTING ? Phase.OP_MISSING : Phase.PENDING;
            env.log().warn("transactions: the op record for {} ({}) could not be stored: {} {}", half, what,
                    result.status(), result.remark());
            done.accept(half.phase == Phase.OP_MISSING ? Outcome.ok(null) : new Outcome(ResponseCode.SYSTEM_ERROR,
                    "the op record could not be stored: " + result.status()));
        });
    }

    /** Stores the copy of a half message given up after too many checks; then {@code onStored}, else {@code onFailed}. */
    void giveUpCopy(StoredMessage half, Runnable onStored, Runnable onFailed) {
        context.createSystemTopic(TopicValidator.RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC);
        store.putMessage(HalfMessages.givenUp(half), result -> {
            if (result.isAppended()) {
                onStored.run();
            } else {
                env.log().warn("transactions: the given-up copy of half message {} could not be stored: {} {}",
                        half.physicalOffset(), result.status(), result.remark());
                onFailed.run();
            }
        });
    }

    // ---- progress --------------------------------------------------------------------------

    /** Saves, as CID_RMQ_SYS_TRANS's offsets, how far resolution is durable (before offsets are persisted). */
    public void saveProgress() {
        if (!loaded) {
            return;
        }
        long durable = sabotage.contains(Sabotage.TRANSACTION_PROGRESS_NOT_DURABLE) ? Long.MAX_VALUE
                : store.stats().commitLogDurableOffset();
        table.forgetDurable(durable, store.getMaxOffsetInQueue(OP, 0));
        HalfTable.Progress p = table.progress();
        if (context.savedOffset(HALF) < 0 && p.halfOffset() == store.getMinOffsetInQueue(HALF, 0)
                && table.size() == 0) {
            // No half message was ever resolved here: nothing to save (the offset table stays free of noise).
            return;
        }
        if (p.halfOffset() != context.savedOffset(HALF)) {
            context.saveOffset(HALF, p.halfOffset());
        }
        if (p.opOffset() != context.savedOffset(OP)) {
            context.saveOffset(OP, p.opOffset());
        }
    }

    /** Half messages tracked (pending, being resolved, or resolved but not yet durably). */
    public int tracked() {
        return table.size();
    }

    public long pending() {
        return table.pendingCount();
    }

    /** Half messages not yet resolved: pending, or with a commit, rollback or give-up being written. */
    public long unresolved() {
        return table.all().stream().filter(h -> h.phase != Phase.RESOLVED).count();
    }

    /** Half messages not yet resolved whose stored producer group passes {@code group}. */
    public long unresolved(Predicate<String> group) {
        return table.all().stream().filter(h -> h.phase != Phase.RESOLVED && group.test(h.group)).count();
    }

    public long committedCount() {
        return committed;
    }

    public long rolledBackCount() {
        return rolledBack;
    }

    public long checksSent() {
        return check.checksSent();
    }

    public long givenUpCount() {
        return check.givenUp();
    }
}
