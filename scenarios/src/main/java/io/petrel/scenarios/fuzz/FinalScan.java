package io.petrel.scenarios.fuzz;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.common.MixAll;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import io.petrel.scenarios.history.Bodies;
import io.petrel.scenarios.history.History;
import io.petrel.sim.SimNode;
import io.petrel.store.ConsumeQueueProblem;
import io.petrel.store.GetMessageResult;
import io.petrel.store.MessageStore;
import io.petrel.store.commitlog.TopicQueue;
import io.petrel.store.format.ConsumeQueueFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;

/**
 * Reads the brokers' stores once the run is over: which messages each group's dead-letter queue
 * holds, when each delayed message was first stored (its copy in the schedule topic), every
 * consume-queue entry checked against the commit-log record it points at, and the layout of every
 * full commit-log file (whole records ending in the end-of-file blank), and every half message
 * resolved by an op record, for the checker. A record
 * damaged by a bit-flip fault on that broker is the fault's doing, not the store's, and is not reported.
 */
public final class FinalScan {

    private static final String SCHEDULE_TOPIC = TopicValidator.RMQ_SYS_SCHEDULE_TOPIC;
    private static final int DELAY_LEVELS = 18;

    private FinalScan() {
    }

    static void run(FuzzWorld world, History history) {
        world.slaves().forEach((brokerName, slaveNode) -> replica(world, history, brokerName, slaveNode));
        layouts(world, history);
        for (SimNode node : world.brokers()) {
            Broker broker = world.broker(node);
            if (broker == null) {
                continue;
            }
            MessageStore store = broker.store();
            boolean flipped = history.faults().stream().anyMatch(f -> f.kind().equals("bit-flip") && f.hits(node.name()));
            for (ConsumeQueueProblem p : store.verifyConsumeQueues()) {
                // A flipped bit outside the body (topic, queue offset, ...) has no CRC to catch it.
                boolean fromFlip = p.kind() == ConsumeQueueProblem.Kind.DAMAGED || p.kind() == ConsumeQueueProblem.Kind.MISMATCH;
                if (!(flipped && fromFlip)) {
                    history.storeProblem(node.name() + ": " + p);
                }
            }
            servedBodies(node.name(), store, history);
            if (store.retentionReleasedFiles()) {
                history.retentionDeleted(node.name());
                history.releasedBelow(node.name(), store.retentionReleasedBelow());
            }
            long released = Math.max(history.releasedBelow(node.name()), store.retentionReleasedBelow());
            for (TopicQueue q : store.consumeQueueKeys()) {
                if (workloadTopic(q.topic())) {
                    history.queueMinOffset(node.name(), q.topic(), q.queueId(), firstKept(store, q, released));
                }
            }
            for (FuzzPlan.GroupPlan g : world.plan.groups()) {
                scan(store, MixAll.dlqTopic(g.group()), 0, (m, id) -> history.deadLetter(g.group(), id));
            }
            for (int level = 1; level <= DELAY_LEVELS; level++) {
                scan(store, SCHEDULE_TOPIC, level - 1, (m, id) -> history.scheduled(node.name(), id, m.storeTimestamp()));
            }
            if (!flipped(world, history, node.name())) {
                halfMessages(node.name(), store, released, history);
            }
            scan(store, TopicValidator.RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC, 0, (m, id) -> history.transactionGivenUp(id));
        }
        if (world.plan.acl().enabled()) {
            world.brokerNodes().forEach(node -> access(world, node, history));
        }
    }

    /**
     * What only a request without permission could have changed (every intruder's request needs one
     * it lacks): topics, groups or accounts named as the intruder names them, the victim group's
     * offsets, the victim topic gone from a master or holding messages, the intruder's address
     * white-listed, the broker setting it asks for. Its messages to the workload's topics are found
     * by {@link #servedBodies}.
     */
    private static void access(FuzzWorld world, SimNode node, History history) {
        Broker broker = world.broker(node);
        if (broker == null) {
            return;
        }
        String name = node.name();
        String prefix = FuzzAcl.INTRUDER_PREFIX;
        broker.topics().topics().keySet().stream().filter(t -> t.startsWith(prefix))
                .forEach(t -> history.aclStateChanged(name + " has the intruder's topic " + t));
        broker.groups().groups().keySet().stream().filter(g -> g.startsWith(prefix))
                .forEach(g -> history.aclStateChanged(name + " has the intruder's group " + g));
        if (!broker.offsets().topicsOf(FuzzAcl.VICTIM_GROUP).isEmpty()) {
            history.aclStateChanged(name + " has offsets of " + FuzzAcl.VICTIM_GROUP + " for "
                    + broker.offsets().topicsOf(FuzzAcl.VICTIM_GROUP));
        }
        if (world.cluster.brokers().containsValue(node) && !broker.topics().contains(FuzzAcl.VICTIM_TOPIC)) {
            history.aclStateChanged(name + " no longer has the topic " + FuzzAcl.VICTIM_TOPIC);
        }
        MessageStore store = broker.store();
        for (TopicQueue q : store.consumeQueueKeys()) {
            if (q.topic().equals(FuzzAcl.VICTIM_TOPIC) && store.getMaxOffsetInQueue(q.topic(), q.queueId())
                    > store.getMinOffsetInQueue(q.topic(), q.queueId())) {
                history.aclStateChanged(name + " stores messages in " + FuzzAcl.VICTIM_TOPIC + "/" + q.queueId());
            }
        }
        if (broker.settings().values().get(BrokerConfig.SHORT_POLLING_TIME_MILLS) == FuzzAcl.CONFIG_VALUE) {
            history.aclStateChanged(name + " runs with the intruder's " + FuzzAcl.CONFIG_KEY);
        }
        if (broker.acl() != null) {
            broker.acl().rules().accessKeys().stream().filter(k -> k.startsWith(prefix))
                    .forEach(k -> history.aclStateChanged(name + " has the intruder's account " + k));
            if (broker.acl().rules().globallyWhite(FuzzAcl.INTRUDER_HOST)) {
                history.aclStateChanged(name + " white-lists the intruder's address " + FuzzAcl.INTRUDER_HOST);
            }
        }
    }

    /**
     * Every half message a master holds must have an op record that resolves it: after convergence its
     * producer has committed or rolled it back, or it was given up. Half messages below {@code released}
     * are left out: retention released them in this run (the op record may then be gone with its queue's
     * trimmed files, while the commit-log file outlived its deletion in a crash, fuzz5-60036). A bit flip
     * may hide a record from the scan, so a flipped broker is left out.
     */
    private static void halfMessages(String broker, MessageStore store, long released, History history) {
        String half = TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC;
        String op = TopicValidator.RMQ_SYS_TRANS_OP_HALF_TOPIC;
        Set<Long> resolved = new TreeSet<>();
        for (long q = store.getMinOffsetInQueue(op, 0); q < store.getMaxOffsetInQueue(op, 0); q++) {
            ConsumeQueueFormat.Entry e = store.consumeQueueEntry(op, 0, q);
            StoredMessage m = e == null || !e.isWritten() || e.isFiller() ? null : store.lookMessageByOffset(e.commitLogOffset());
            try {
                if (m != null) {
                    resolved.add(Long.parseLong(new String(m.body(), StandardCharsets.UTF_8).trim()));
                }
            } catch (NumberFormatException notAnOffset) {
                // Resolves nothing; a half message it was meant for is reported below.
            }
        }
        for (long q = store.getMinOffsetInQueue(half, 0); q < store.getMaxOffsetInQueue(half, 0); q++) {
            ConsumeQueueFormat.Entry e = store.consumeQueueEntry(half, 0, q);
            if (e == null || !e.isWritten() || e.isFiller() || e.commitLogOffset() < store.getMinPhyOffset()
                    || e.commitLogOffset() < released || resolved.contains(q)) {
                continue;
            }
            StoredMessage m = store.lookMessageByOffset(e.commitLogOffset());
            history.transactionProblem(broker + ": half message at half queue offset " + q + " (commit-log offset "
                    + e.commitLogOffset() + (m == null ? "" : ", " + Bodies.id(new String(m.body(), StandardCharsets.UTF_8)))
                    + ") has no op record resolving it");
        }
    }

    /**
     * A slave's log must be its master's, byte for byte, wherever both hold it; its consume queues
     * must point at its own records as a master's do.
     */
    private static void replica(FuzzWorld world, History history, String brokerName, SimNode slaveNode) {
        Broker slave = world.broker(slaveNode);
        Broker master = world.broker(world.cluster.broker(brokerName));
        if (slave == null || master == null) {
            return;
        }
        boolean flipped = history.faults().stream().anyMatch(f -> f.kind().equals("bit-flip")
                && (f.hits(slaveNode.name()) || f.hits(brokerName)));
        for (ConsumeQueueProblem p : slave.store().verifyConsumeQueues()) {
            if (!flipped) {
                history.storeProblem(slaveNode.name() + ": " + p);
            }
        }
        long differs = firstDifference(master.store(), slave.store());
        if (differs >= 0 && !flipped) {
            history.replicaProblem(slaveNode.name() + ": replica differs from " + brokerName
                    + "'s commit log in the 64 KiB from offset " + differs);
        }
    }

    /**
     * Where a slave's commit log first differs from its master's over the range both hold, to 64 KiB
     * (the start of the read that differs); -1 when they agree. Used after simulated and real runs.
     */
    public static long firstDifference(MessageStore master, MessageStore slave) {
        return firstDifference(Math.max(master.getMinPhyOffset(), slave.getMinPhyOffset()),
                Math.min(master.getMaxPhyOffset(), slave.getMaxPhyOffset()),
                at -> master.replication().readTail(at, 64 * 1024), at -> slave.replication().readTail(at, 64 * 1024));
    }

    /**
     * As {@link #firstDifference(MessageStore, MessageStore)} over {@code [from, to)}, each log read
     * through its function (up to 64 KiB from an offset; null where it holds nothing), for stores
     * that must be read on their own threads.
     */
    public static long firstDifference(long from, long to, LongFunction<ByteBuffer> master, LongFunction<ByteBuffer> slave) {
        for (long at = Math.max(0, from); at < to; ) {
            ByteBuffer mine = slave.apply(at);
            ByteBuffer theirs = master.apply(at);
            if (mine == null || theirs == null) {
                break;
            }
            int n = Math.min(mine.remaining(), theirs.remaining());
            if (!mine.slice(0, n).equals(theirs.slice(0, n))) {
                return at;
            }
            at += n;
        }
        return -1;
    }

    /**
     * Every full commit-log file of every master and slave must end in its end-of-file blank (see
     * {@link CommitLogLayout}). A master and its slave hold the same bytes, so a bit flipped on either
     * may be in both and excuses the pair.
     */
    private static void layouts(FuzzWorld world, History history) {
        for (SimNode node : world.brokerNodes()) {
            Broker broker = world.broker(node);
            if (broker == null || flipped(world, history, node.name())) {
                continue;
            }
            CommitLogLayout.problems(broker.store()).forEach(p -> history.layoutProblem(node.name() + ": " + p));
        }
    }

    /** Whether a bit-flip fault hit {@code node}, or the other node of its master and slave pair. */
    static boolean flipped(FuzzWorld world, History history, String node) {
        Set<String> pair = new TreeSet<>(List.of(node));
        world.slaves().forEach((brokerName, slaveNode) -> {
            if (brokerName.equals(node) || slaveNode.name().equals(node)) {
                pair.add(brokerName);
                pair.add(slaveNode.name());
            }
        });
        return history.faults().stream().anyMatch(f -> f.kind().equals("bit-flip") && pair.stream().anyMatch(f::hits));
    }

    /**
     * Reads every queue of the workload's topics through the read path consumers use, which must
     * never hand out a body that differs from what was stored (a CRC-damaged record is refused), nor
     * a record under a position it does not claim (its topic, queue and queue offset are not covered
     * by the CRC, so a flipped bit there is caught only by comparing them with the entry).
     */
    public static void servedBodies(String broker, MessageStore store, History history) {
        for (TopicQueue q : store.consumeQueueKeys()) {
            if (!workloadTopic(q.topic())) {
                continue;
            }
            long offset = store.getMinOffsetInQueue(q.topic(), q.queueId());
            long max = store.getMaxOffsetInQueue(q.topic(), q.queueId());
            while (offset < max) {
                GetMessageResult r = store.getMessage("fuzz-final-scan", q.topic(), q.queueId(), offset, 32, null);
                try {
                    List<ByteBuffer> buffers = r.messageBuffers();
                    for (int i = 0; i < buffers.size(); i++) {
                        ByteBuffer b = buffers.get(i);
                        StoredMessage m = StoredMessage.decode(b, b.position(), false);
                        long at = r.queueOffsets().get(i);
                        if (!m.topic().equals(q.topic()) || m.queueId() != q.queueId() || m.queueOffset() != at) {
                            history.corruptServed(broker + " serves the record of " + m.topic() + "/" + m.queueId() + "@"
                                    + m.queueOffset() + " as " + q.topic() + "/" + q.queueId() + "@" + at);
                            continue;
                        }
                        if ((m.sysFlag() & MessageSysFlag.COMPRESSED_FLAG) != 0) {
                            continue;
                        }
                        String body = new String(m.body(), StandardCharsets.UTF_8);
                        if (body.startsWith(FuzzAcl.INTRUDER_BODY)) {
                            history.aclStateChanged(broker + " stores the intruder's message " + body.trim() + " at "
                                    + q.topic() + "/" + q.queueId() + "@" + at);
                        } else if (!Bodies.intact(body)) {
                            history.corruptServed(broker + " serves " + q.topic() + "/" + q.queueId() + "@"
                                    + r.queueOffsets().get(i) + " with a damaged body " + body.substring(0,
                                    Math.min(40, body.length())));
                        }
                    }
                } finally {
                    r.release();
                }
                if (r.nextBeginOffset() <= offset) {
                    break;
                }
                offset = r.nextBeginOffset();
            }
        }
    }

    /**
     * The first queue offset retention never released: past the queue's min offset, and past every
     * entry pointing below {@code released} (a file released for deletion that a restart brought
     * back still had its messages skipped while it was released).
     */
    private static long firstKept(MessageStore store, TopicQueue q, long released) {
        long first = store.getMinOffsetInQueue(q.topic(), q.queueId());
        long max = store.getMaxOffsetInQueue(q.topic(), q.queueId());
        for (long o = first; o < max && released > 0; o++) {
            long physical = store.getCommitLogOffsetInQueue(q.topic(), q.queueId(), o);
            if (physical >= released) {
                break;
            }
            first = o + 1;
        }
        return first;
    }

    private static boolean workloadTopic(String topic) {
        return topic.equals(FuzzPlan.TOPIC) || topic.equals(FuzzPlan.ORDER_TOPIC) || topic.equals(SCHEDULE_TOPIC)
                || topic.startsWith(MixAll.RETRY_GROUP_TOPIC_PREFIX) || topic.startsWith(MixAll.DLQ_GROUP_TOPIC_PREFIX);
    }

    private static void scan(MessageStore store, String topic, int queueId, BiConsumer<StoredMessage, String> each) {
        long max = store.getMaxOffsetInQueue(topic, queueId);
        for (long offset = store.getMinOffsetInQueue(topic, queueId); offset < max; offset++) {
            long physical = store.getCommitLogOffsetInQueue(topic, queueId, offset);
            StoredMessage m = physical < 0 ? null : store.lookMessageByOffset(physical);
            // An entry that leads to another topic's record is the verifier's to report, not a member of this queue.
            boolean belongs = m != null && m.topic().equals(topic) && m.queueId() == queueId;
            String id = belongs ? Bodies.id(new String(m.body(), StandardCharsets.UTF_8)) : null;
            if (id != null) {
                each.accept(m, id);
            }
        }
    }
}
