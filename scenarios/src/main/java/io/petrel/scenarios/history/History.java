package io.petrel.scenarios.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the applications of one run did and what the run observed, for the {@link Checker}.
 * Thread-safe (every method synchronized) so real-node runs can record from client threads; the
 * simulator records from its one thread. Message ids are unique per run.
 */
public final class History {

    private final List<Send> sends = new ArrayList<>();
    private final Map<String, Send> sendsById = new TreeMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<ClientCopyDelivery> clientCopyDeliveries = new ArrayList<>();
    private final Map<String, GroupSpec> groups = new LinkedHashMap<>();
    private final Map<String, String> brokerFlush = new TreeMap<>();
    private final List<FaultRecord> faults = new ArrayList<>();
    private final Map<String, TreeSet<String>> deadLetters = new TreeMap<>();
    private final Map<String, Integer> sentBackByClient = new TreeMap<>();
    private final Map<String, Long> scheduledStoreTimes = new TreeMap<>();
    private final List<OffsetSample> offsetSamples = new ArrayList<>();
    private final List<QuietChange> quietChanges = new ArrayList<>();
    private final List<String> storeProblems = new ArrayList<>();
    private final List<String> replicaProblems = new ArrayList<>();
    private final List<String> layoutProblems = new ArrayList<>();
    private final List<String> slaveOffsetRegressions = new ArrayList<>();
    private final List<String> corruptServed = new ArrayList<>();
    private final List<String> nodeFailures = new ArrayList<>();
    private final Map<String, Long> queueMinOffsets = new TreeMap<>();
    private final Map<String, Long> releasedBelow = new TreeMap<>();
    private final Map<String, TreeMap<Long, Long>> releaseSeen = new TreeMap<>();
    private final TreeSet<String> retentionDeleted = new TreeSet<>();
    private final List<String> livenessProblems = new ArrayList<>();
    private final List<String> retentionProblems = new ArrayList<>();
    private final Map<String, Boolean> transactionDecisions = new TreeMap<>();
    private final Map<String, Integer> transactionChecks = new TreeMap<>();
    private final List<String> transactionProblems = new ArrayList<>();
    private final TreeSet<String> transactionsGivenUp = new TreeSet<>();
    private final List<String> aclServed = new ArrayList<>();
    private final List<String> aclStateChanges = new ArrayList<>();
    private long intrusionsRefused;
    private long intrusionsOtherwiseAnswered;
    private long nextOp;
    private final Map<String, Replica> replicas = new TreeMap<>();

    // ---- configuration ---------------------------------------------------------------------

    public synchronized void broker(String brokerName, String flushDiskType) {
        brokerFlush.put(brokerName, flushDiskType);
    }

    /** {@code brokerName}'s master runs as {@code role} with the slave node {@code slaveNode}. */
    public synchronized void replica(String brokerName, String role, String slaveNode, String slaveFlush) {
        replicas.put(brokerName, new Replica(role, slaveNode, slaveFlush));
    }

    /** A broker name's replication, as configured. */
    public record Replica(String role, String slaveNode, String slaveFlush) {
    }

    /** Broker names with a slave, and how they replicate. */
    public synchronized Map<String, Replica> replicas() {
        return new TreeMap<>(replicas);
    }

    public synchronized void group(GroupSpec spec) {
        groups.put(spec.group(), spec);
    }

    // ---- sends -----------------------------------------------------------------------------

    /** Records a send being invoked; returns its operation number for the outcome. */
    public synchronized long sendInvoked(String producer, String topic, String body, String key, int seq, int delayLevel,
            long atMs) {
        Send send = new Send(nextOp++, producer, topic, Bodies.id(body), body, key, seq, delayLevel, atMs);
        sends.add(send);
        sendsById.put(send.id, send);
        return send.op;
    }

    /**
     * Acknowledged (SEND_OK) at {@code queueId}/{@code queueOffset} of {@code brokerName}, its record at
     * {@code commitLogOffset} of that broker's commit log (each -1 when unknown).
     */
    public synchronized void sendOk(long op, String brokerName, int queueId, long queueOffset, long commitLogOffset,
            long atMs) {
        complete(op, Send.Outcome.OK, brokerName, atMs, null);
        Send send = sends.get((int) op);
        send.queueId = queueId;
        send.queueOffset = queueOffset;
        send.commitLogOffset = commitLogOffset;
    }

    /** The send {@code op} is a transaction's half message (what it decides is {@link #transactionDecided}). */
    public synchronized void transactional(long op) {
        sends.get((int) op).transactional = true;
    }

    /**
     * The producer's local transaction for message {@code id} decided to commit or roll back, as the
     * application's database keeps it (it outlives the producer's process).
     */
    public synchronized void transactionDecided(String id, boolean commit) {
        transactionDecisions.putIfAbsent(id, commit);
    }

    /** The local decision for {@code id}: true commit, false roll back, null when its local transaction never ran. */
    public synchronized Boolean transactionDecision(String id) {
        return transactionDecisions.get(id);
    }

    /** A broker asked a producer about message {@code id}'s transaction. */
    public synchronized void transactionChecked(String id) {
        transactionChecks.merge(id, 1, Integer::sum);
    }

    /** How often producers were asked about {@code id}'s transaction. */
    public synchronized int transactionChecks(String id) {
        return transactionChecks.getOrDefault(id, 0);
    }

    /**
     * A broker gave up on message {@code id}'s transaction after {@code transactionCheckMax} asks without
     * an answer (the final scan found its copy in TRANS_CHECK_MAX_TIME_TOPIC): it is not delivered
     * even if its local transaction committed, as in RocketMQ.
     */
    public synchronized void transactionGivenUp(String id) {
        transactionsGivenUp.add(id);
    }

    public synchronized boolean isTransactionGivenUp(String id) {
        return transactionsGivenUp.contains(id);
    }

    /** A half message the final scan found stored but never resolved (no op record). */
    public synchronized void transactionProblem(String problem) {
        transactionProblems.add(problem);
    }

    public synchronized List<String> transactionProblems() {
        return new ArrayList<>(transactionProblems);
    }

    // ---- access control ------------------------------------------------------------------------

    /**
     * A broker answered a request sent without the permission it needs: {@code served} when it did
     * what was asked, {@code refusedByAcl} when its ACL refused it (else it failed for another reason).
     */
    public synchronized void intrusionAnswered(String what, boolean served, boolean refusedByAcl, String answer) {
        if (served) {
            aclServed.add(what + " was served: " + answer);
        } else if (refusedByAcl) {
            intrusionsRefused++;
        } else {
            intrusionsOtherwiseAnswered++;
        }
    }

    /** Requests without permission that a broker served. */
    public synchronized List<String> aclServed() {
        return new ArrayList<>(aclServed);
    }

    /** The final scan found a change only a request without permission could have made. */
    public synchronized void aclStateChanged(String change) {
        aclStateChanges.add(change);
    }

    public synchronized List<String> aclStateChanges() {
        return new ArrayList<>(aclStateChanges);
    }

    /** Requests without permission refused by the ACL, and answered otherwise (a broker starting, a slave). */
    public synchronized long[] intrusionsRefused() {
        return new long[] {intrusionsRefused, intrusionsOtherwiseAnswered};
    }

    public synchronized void sendFailed(long op, String why, long atMs) {
        complete(op, Send.Outcome.FAILED, null, atMs, why);
    }

    public synchronized void sendUnknown(long op, String brokerName, String why, long atMs) {
        complete(op, Send.Outcome.UNKNOWN, brokerName, atMs, why);
    }

    private void complete(long op, Send.Outcome outcome, String brokerName, long atMs, String detail) {
        Send send = sends.get((int) op);
        if (send.outcome != Send.Outcome.PENDING) {
            return;
        }
        send.outcome = outcome;
        send.brokerName = brokerName;
        send.completedAtMs = atMs;
        send.detail = detail;
    }

    // ---- what was observed -------------------------------------------------------------------

    /** Records a delivery; returns its index, for {@link #processed} when the listener's work ends later. */
    public synchronized int delivered(Delivery delivery) {
        deliveries.add(delivery);
        return deliveries.size() - 1;
    }

    /**
     * The listener finished with delivery {@code index} (recorded as not consumed when it began) at
     * {@code atMs}: consumed, or not. A delivery whose processing never ended (its consumer crashed) stays unconsumed.
     */
    public synchronized void processed(int index, boolean consumed, long atMs) {
        Delivery d = deliveries.get(index);
        deliveries.set(index, new Delivery(d.consumer(), d.group(), d.kind(), d.topic(), d.storedTopic(), d.brokerName(),
                d.queueId(), d.queueOffset(), d.body(), d.reconsumeTimes(), consumed, d.storeTimestamp(), d.atMs(),
                atMs, d.commitLogOffset()));
    }

    /** The delivery just recorded was of a copy its group's consumer made itself (see {@link ClientCopyDelivery}). */
    public synchronized void clientCopyDelivered(ClientCopyDelivery delivery) {
        clientCopyDeliveries.add(delivery);
    }

    public synchronized void fault(FaultRecord fault) {
        faults.add(fault);
    }

    /**
     * A consumer of {@code group} sent a rejected delivery of {@code id} (with {@code reconsumeTimes})
     * to the retry topic itself, carrying the count raised by one: the broker dead-letters such a
     * copy one retry earlier than one it makes for CONSUMER_SEND_MSG_BACK.
     */
    public synchronized void sentBackByClient(String group, String id, int reconsumeTimes) {
        sentBackByClient.merge(group + "|" + id, reconsumeTimes, Math::max);
    }

    /** The highest reconsume count with which a consumer of {@code group} sent {@code id} back itself, or -1. */
    public synchronized int sentBackByClient(String group, String id) {
        return sentBackByClient.getOrDefault(group + "|" + id, -1);
    }

    public synchronized void deadLetter(String group, String id) {
        deadLetters.computeIfAbsent(group, g -> new TreeSet<>()).add(id);
    }

    /** The store timestamp of a delayed message's first copy (in the schedule topic). */
    /** A copy of delayed message {@code id} in {@code broker}'s schedule topic, stored at {@code storeTimestamp}. */
    public synchronized void scheduled(String broker, String id, long storeTimestamp) {
        scheduledStoreTimes.merge(broker + "|" + id, storeTimestamp, Math::min);
    }

    public synchronized void offset(OffsetSample sample) {
        offsetSamples.add(sample);
    }

    public synchronized void quietChange(QuietChange change) {
        quietChanges.add(change);
    }

    /** A consumer's commit a slave took was replaced by an older offset (see the fuzz Observer). */
    public synchronized void slaveOffsetRegressed(String what) {
        slaveOffsetRegressions.add(what);
    }

    public synchronized List<String> slaveOffsetRegressions() {
        return new ArrayList<>(slaveOffsetRegressions);
    }

    /** A slave's log differs from its master's where both hold it (final scan). */
    public synchronized void replicaProblem(String problem) {
        replicaProblems.add(problem);
    }

    public synchronized List<String> replicaProblems() {
        return new ArrayList<>(replicaProblems);
    }

    /**
     * A broker's commit-log file, not the last, that does not hold whole records ending in the
     * end-of-file blank record (final scan).
     */
    public synchronized void layoutProblem(String problem) {
        layoutProblems.add(problem);
    }

    public synchronized List<String> layoutProblems() {
        return new ArrayList<>(layoutProblems);
    }

    public synchronized void storeProblem(String problem) {
        storeProblems.add(problem);
    }

    /** A broker's read path handed out a body that fails its own check (found by the final scan). */
    public synchronized void corruptServed(String what) {
        corruptServed.add(what);
    }

    public synchronized List<String> corruptServed() {
        return new ArrayList<>(corruptServed);
    }

    /**
     * At the end of the run, the first offset {@code broker} still serves in a queue: positions below
     * it were deleted by retention (RocketMQ deletes the oldest commit-log files when they expire or
     * when the disk is fuller than diskMaxUsedSpaceRatio, consumed or not).
     */
    public synchronized void queueMinOffset(String broker, String topic, int queueId, long minOffset) {
        queueMinOffsets.put(broker + "|" + topic + "|" + queueId, minOffset);
    }

    /** The first offset {@code broker} serves in the queue at the end, or 0 when unknown. */
    public synchronized long queueMinOffset(String broker, String topic, int queueId) {
        return queueMinOffsets.getOrDefault(broker + "|" + topic + "|" + queueId, 0L);
    }

    /** Retention deleted a commit-log file that had not expired, with no full disk to excuse it. */
    public synchronized void retentionProblem(String what) {
        retentionProblems.add(what);
    }

    public synchronized List<String> retentionProblems() {
        return new ArrayList<>(retentionProblems);
    }

    /** {@code broker} deleted commit-log files by retention during the run. */
    public synchronized void retentionDeleted(String broker) {
        retentionDeleted.add(broker);
    }

    /** Retention on {@code broker} released the commit log below {@code offset} at some point (kept as the maximum). */
    public synchronized void releasedBelow(String broker, long offset) {
        releasedBelow.merge(broker, offset, Math::max);
    }

    /** As {@link #releasedBelow(String, long)}, seen at {@code atMs} (the first time each value is seen is kept). */
    public synchronized void releasedBelow(String broker, long offset, long atMs) {
        releasedBelow(broker, offset);
        releaseSeen.computeIfAbsent(broker, b -> new TreeMap<>()).putIfAbsent(offset, atMs);
    }

    /** When retention on {@code broker} was first seen released past {@code offset}; Long.MAX_VALUE if never. */
    public synchronized long releasedPastAtMs(String broker, long offset) {
        TreeMap<Long, Long> seen = releaseSeen.get(broker);
        return seen == null ? Long.MAX_VALUE
                : seen.tailMap(offset, false).values().stream().min(Long::compare).orElse(Long.MAX_VALUE);
    }

    public synchronized long releasedBelow(String broker) {
        return releasedBelow.getOrDefault(broker, 0L);
    }

    public synchronized Set<String> retentionDeleted() {
        return new TreeSet<>(retentionDeleted);
    }

    /** The run stopped because a node threw out of an event (always a bug: nodes handle their errors). */
    public synchronized void nodeFailure(String what) {
        nodeFailures.add(what);
    }

    public synchronized List<String> nodeFailures() {
        return new ArrayList<>(nodeFailures);
    }

    public synchronized void livenessProblem(String problem) {
        livenessProblems.add(problem);
    }

    // ---- reading (for the checker and summaries) -------------------------------------------

    public synchronized List<Send> sends() {
        return new ArrayList<>(sends);
    }

    public synchronized Send send(String id) {
        return sendsById.get(id);
    }

    public synchronized List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    public synchronized List<ClientCopyDelivery> clientCopyDeliveries() {
        return new ArrayList<>(clientCopyDeliveries);
    }

    public synchronized Map<String, GroupSpec> groups() {
        return new LinkedHashMap<>(groups);
    }

    public synchronized Map<String, String> brokerFlush() {
        return new TreeMap<>(brokerFlush);
    }

    public synchronized List<FaultRecord> faults() {
        return new ArrayList<>(faults);
    }

    public synchronized TreeSet<String> deadLetters(String group) {
        return new TreeSet<>(deadLetters.getOrDefault(group, new TreeSet<>()));
    }

    /** The earliest schedule-topic store time of each delayed message, by {@code broker|id}. */
    public synchronized Map<String, Long> scheduledStoreTimes() {
        return new TreeMap<>(scheduledStoreTimes);
    }

    public synchronized List<OffsetSample> offsetSamples() {
        return new ArrayList<>(offsetSamples);
    }

    public synchronized List<QuietChange> quietChanges() {
        return new ArrayList<>(quietChanges);
    }

    public synchronized List<String> storeProblems() {
        return new ArrayList<>(storeProblems);
    }

    public synchronized List<String> livenessProblems() {
        return new ArrayList<>(livenessProblems);
    }

    public synchronized long count(Send.Outcome outcome) {
        return sends.stream().filter(s -> s.outcome == outcome).count();
    }
}
