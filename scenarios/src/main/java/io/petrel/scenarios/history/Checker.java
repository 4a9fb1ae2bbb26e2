package io.petrel.scenarios.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges a {@link History} against what the configuration promises (docs/durability.md §2; §5 lists
 * these checks): an acknowledged message may be missing only from a broker that lost power under
 * ASYNC_FLUSH, or whose disk corrupted its commit log; such losses are counted, not reported.
 * Everything else listed here is a violation: acknowledged messages never consumed (nor
 * dead-lettered), messages consumed that were never sent, bodies that differ from what was sent,
 * per-key and per-queue order broken, a stored position carrying two different messages, retries
 * dead-lettered without a rejection, retry copies delivered again although their count had reached
 * the group's maximum ({@link RetriesPastMax}), committed offsets past the queue's end (or going back in a
 * run without faults), delayed messages re-stored early by the broker's clock, consume-queue
 * entries that do not match the commit log, a full commit-log file without its end-of-file blank
 * record (or with a record crossing its end), no convergence after healing, a quiet membership
 * change that took the group more than {@link #QUIET_SETTLE_LIMIT_MS} to settle, two members of
 * an orderly group working on one queue at the same time, a transactional message delivered although
 * its local transaction did not commit, a half message left unresolved after convergence, and a
 * request without the permission it needs served by a broker, or a change only such a request could
 * have made found in a broker's state.
 */
public final class Checker {

    public static final long QUIET_SETTLE_LIMIT_MS = 5_000;
    /**
     * An orderly member that asks for a queue's lock while the old owner still holds it is refused
     * and asks again at its next periodic rebalance (every 20 s, as RocketMQ's client does).
     */
    public static final long ORDERLY_SETTLE_LIMIT_MS = 25_000;
    private static final long[] DELAY_LEVEL_MS = {0, 1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 180_000, 240_000,
        300_000, 360_000, 420_000, 480_000, 540_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000};

    private final History history;
    private final Verdict verdict = new Verdict();
    private final Map<String, List<Delivery>> byGroup = new TreeMap<>();

    private Checker(History history) {
        this.history = history;
        history.deliveries().forEach(d -> byGroup.computeIfAbsent(d.group(), g -> new ArrayList<>()).add(d));
    }

    public static Verdict check(History history) {
        Checker c = new Checker(history);
        c.bodies();
        c.losses();
        c.order();
        c.positions();
        c.deadLetters();
        new RetriesPastMax(history).judge(c.verdict);
        c.offsets();
        c.delays();
        c.orderlyExclusive();
        c.transactions();
        c.access();
        c.verdict.violation("consume-queue-mismatch", history.storeProblems());
        c.verdict.violation("replica-differs", history.replicaProblems());
        c.verdict.violation("retention-deleted-unexpired", history.retentionProblems());
        c.layout();
        c.verdict.violation("slave-offset-regressed", history.slaveOffsetRegressions());
        c.verdict.violation("node-threw", history.nodeFailures());
        c.verdict.violation("no-convergence", history.livenessProblems());
        c.quietChanges();
        c.counters();
        return c.verdict;
    }

    /**
     * {@code acl-accepted}: a broker with aclEnable=true served a request that lacked the permission
     * it needs (unsigned, an unknown key, a wrong or altered signature, an account without the topic,
     * group or admin right). {@code acl-state-changed}: the final scan found what such a request
     * would have changed (a message stored, a topic, group, offset, account, white-list entry or
     * setting created, changed or deleted), whether or not its answer was seen.
     */
    private void access() {
        verdict.violation("acl-accepted", history.aclServed());
        verdict.violation("acl-state-changed", history.aclStateChanges());
        long[] refused = history.intrusionsRefused();
        if (refused[0] + refused[1] > 0) {
            verdict.count("intrusions-refused-by-acl", refused[0]);
            verdict.count("intrusions-failed-otherwise", refused[1]);
        }
    }

    /**
     * {@code commit-log-layout}: every full commit-log file must be whole records ending in the
     * end-of-file blank, the layout Apache RocketMQ's readers of the same files rely on (brokers with
     * a bit flip are left out by the final scan).
     */
    private void layout() {
        verdict.violation("commit-log-layout", history.layoutProblems());
    }

    // ---- faults that excuse --------------------------------------------------------------------

    /**
     * Whether retention deleted the message before the group consumed it: its record lay below the
     * commit-log offset retention released on its broker (or, where the send did not say where its
     * record went, its queue position below the first offset the queue still serves), or a copy it depended on (a delayed message's
     * schedule copy, a rejected message's retry copy) may have been in a deleted file of a broker
     * that deleted files. RocketMQ deletes expired files, and the oldest files when the disk is
     * fuller than diskMaxUsedSpaceRatio, whether or not they were consumed.
     */
    private boolean deletedByRetention(Send s, List<Delivery> groupDeliveries) {
        Set<String> deleting = history.retentionDeleted();
        if (deleting.isEmpty()) {
            return false;
        }
        if (deleting.contains(s.brokerName) && s.delayLevel <= 0 && s.commitLogOffset >= 0
                && s.commitLogOffset < history.releasedBelow(s.brokerName)) {
            return true;
        }
        if (deleting.contains(s.brokerName) && s.delayLevel <= 0 && s.commitLogOffset < 0 && s.queueOffset >= 0
                && s.queueOffset < history.queueMinOffset(s.brokerName, s.topic, s.queueId)) {
            return true;
        }
        if (s.delayLevel > 0 && deleting.contains(s.brokerName)) {
            return true;
        }
        return groupDeliveries.stream().anyMatch(d -> s.id.equals(d.id()) && !d.consumed());
    }

    /**
     * Whether a loss of what {@code brokerName} acknowledged is allowed: that broker lost power
     * under ASYNC_FLUSH, or had its media corrupted, at any time in the run. Not only messages
     * acknowledged before the fault: recovery truncates the commit log, so positions are used
     * again, and a group whose committed offset was already past them never reads what lands there.
     */
    /**
     * A rejected message lives on as a retry copy, which may sit on any broker (the send-back, or
     * the client's fallback send to %RETRY%, picks one): its loss is allowed where the copy's
     * broker's is, and the history does not say which broker that was.
     */
    private boolean retryCopyMayBeLost(Send s, List<Delivery> groupDeliveries) {
        return groupDeliveries.stream().anyMatch(d -> s.id.equals(d.id()) && !d.consumed())
                && history.brokerFlush().keySet().stream().anyMatch(this::lossAllowed);
    }

    /**
     * The durability table (docs/durability.md), per broker name: a corrupted medium (the master's
     * or its slave's) may lose anything; an ASYNC_FLUSH master's power loss may lose what it acknowledged, unless it is a
     * SYNC_MASTER with a slave, whose acknowledged messages were on the slave too: then only a power
     * loss (or corruption) of the slave as well excuses a loss. An ASYNC_MASTER's slave excuses
     * nothing more than the master alone would (what it had not received may be lost).
     */
    private boolean lossAllowed(String brokerName) {
        History.Replica replica = history.replicas().get(brokerName);
        // A slave serves the broker's messages too (reads from it, or its master down), and a bit
        // flipped in its copy's properties (no CRC covers them) hands a consumer a message under
        // another id, as on the master (fuzz2-753195: the checker only looked at the master).
        if (hit(brokerName, "bit-flip") || replica != null && hit(replica.slaveNode(), "bit-flip")) {
            return true;
        }
        boolean masterLostPower = !"SYNC_FLUSH".equals(history.brokerFlush().get(brokerName))
                && hit(brokerName, "power-loss");
        if (replica == null || !"SYNC_MASTER".equals(replica.role())) {
            return masterLostPower;
        }
        return masterLostPower && (hit(replica.slaveNode(), "power-loss") || hit(replica.slaveNode(), "bit-flip"));
    }

    private boolean hit(String node, String kind) {
        for (FaultRecord f : history.faults()) {
            if (f.hits(node) && f.kind().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Brokers whose stored history may legitimately have been rewritten (power loss, corruption). A
     * slave serves under its master's broker name, so a bit flipped in its copy counts for that name:
     * no CRC covers a record's header, and a flipped queue id moves a message into another queue on
     * the slave alone (fuzz6-112417). A slave's power loss does not: it re-fetches the same bytes.
     */
    private Set<String> rewrittenBrokers() {
        Set<String> brokers = new TreeSet<>();
        history.faults().stream().filter(f -> f.kind().equals("power-loss") || f.kind().equals("bit-flip"))
                .forEach(f -> brokers.addAll(f.nodes()));
        history.replicas().forEach((brokerName, replica) -> {
            if (hit(replica.slaveNode(), "bit-flip")) {
                brokers.add(brokerName);
            }
        });
        return brokers;
    }

    // ---- checks --------------------------------------------------------------------------------

    private void bodies() {
        List<String> corrupted = new ArrayList<>();
        List<String> phantoms = new ArrayList<>();
        for (Delivery d : history.deliveries()) {
            Send sent = d.id() == null ? null : history.send(d.id());
            if (!Bodies.intact(d.body()) || (sent != null && !sent.body.equals(d.body()))) {
                corrupted.add(d + " body " + abbreviate(d.body()));
            } else if (sent == null) {
                phantoms.add(d.toString());
            }
        }
        corrupted.addAll(history.corruptServed());
        verdict.violation("corrupted-body", corrupted);
        verdict.violation("phantom-message", phantoms);
    }

    private void losses() {
        List<String> lost = new ArrayList<>();
        long allowed = 0;
        long retention = 0;
        long givenUp = 0;
        for (GroupSpec group : history.groups().values()) {
            List<Delivery> got = byGroup.getOrDefault(group.group(), List.of());
            TreeSet<String> dead = history.deadLetters(group.group());
            List<String> receivers = group.kind() == ConsumerKind.BROADCASTING ? group.members() : List.of(group.group());
            for (String receiver : receivers) {
                TreeSet<String> consumed = new TreeSet<>();
                got.stream().filter(d -> d.consumed() && d.id() != null && (group.kind() != ConsumerKind.BROADCASTING
                        || d.consumer().equals(receiver))).forEach(d -> consumed.add(d.id()));
                for (Send s : history.sends()) {
                    if (s.outcome != Send.Outcome.OK || !group.topics().contains(s.topic)
                            || consumed.contains(s.id) || dead.contains(s.id) || s.transactional && !committed(s)) {
                        continue;
                    }
                    if (s.transactional && history.isTransactionGivenUp(s.id)) {
                        givenUp++;
                        continue;
                    }
                    if (lossAllowed(s.brokerName) || retryCopyMayBeLost(s, got)) {
                        allowed++;
                    } else if (deletedByRetention(s, got)) {
                        retention++;
                    } else {
                        lost.add(receiver + " never consumed " + s);
                    }
                }
            }
        }
        verdict.violation("acknowledged-message-lost", lost);
        verdict.count("losses-allowed-by-durability", allowed);
        verdict.count("losses-by-retention", retention);
        if (givenUp > 0) {
            verdict.count("committed-transactions-given-up", givenUp);
        }
    }

    private boolean committed(Send s) {
        return Boolean.TRUE.equals(history.transactionDecision(s.id));
    }

    /**
     * {@code rolled-back-delivered}: a message sent in a transaction is delivered only if its local
     * transaction committed; one that rolled back, or whose local transaction never ran (its half
     * message's send failed or was not acknowledged), never is. {@code transaction-unresolved}: after
     * convergence every half message a master still holds has an op record (final scan). A committed
     * message that is never consumed is an {@code acknowledged-message-lost} like any other.
     */
    private void transactions() {
        List<String> delivered = new ArrayList<>();
        long committed = 0;
        long transactional = 0;
        for (Send s : history.sends()) {
            if (s.transactional) {
                transactional++;
                committed += committed(s) ? 1 : 0;
            }
        }
        for (Delivery d : history.deliveries()) {
            Send s = d.id() == null ? null : history.send(d.id());
            if (s != null && s.transactional && !committed(s)) {
                Boolean decision = history.transactionDecision(s.id);
                delivered.add(d + " of " + s + ": its local transaction " + (decision == null ? "never ran"
                        : "rolled back") + " (producers were asked " + history.transactionChecks(s.id) + " times)");
            }
        }
        verdict.violation("rolled-back-delivered", delivered);
        verdict.violation("transaction-unresolved", history.transactionProblems());
        if (transactional > 0) {
            verdict.count("transactions", transactional);
            verdict.count("transactions-committed", committed);
        }
    }

    private void order() {
        Set<String> rewritten = rewrittenBrokers();
        List<String> keyOrder = new ArrayList<>();
        List<String> queueOrder = new ArrayList<>();
        for (GroupSpec group : history.groups().values()) {
            List<Delivery> got = byGroup.getOrDefault(group.group(), List.of());
            Map<String, List<Delivery>> streams = new TreeMap<>();
            for (Delivery d : got) {
                if (rewritten.contains(d.brokerName()) || d.reconsumeTimes() > 0 && !d.storedTopic().equals(d.topic())
                        || removedByRetention(d)) {
                    continue;
                }
                String stream = group.kind() == ConsumerKind.BROADCASTING ? d.consumer() + "|" + d.queue() : d.queue();
                streams.computeIfAbsent(stream, k -> new ArrayList<>()).add(d);
            }
            streams.forEach((stream, deliveries) -> firstDeliveriesIncrease(stream, deliveries, queueOrder));
            if (group.kind() == ConsumerKind.ORDERLY) {
                keyPrefixes(group, got, rewritten, keyOrder);
            }
        }
        verdict.violation("queue-order-broken", queueOrder);
        verdict.violation("key-order-broken", keyOrder);
    }

    /**
     * Whether retention had released the record {@code d} was read from when it was delivered: a
     * member that had pulled it earlier (frozen, or slow) may still deliver it after the group was
     * moved past the released part of the queue (fuzz3-804994: a member frozen past its channel
     * expiry delivered 85..101 from its cache after its successor had been moved from 79 to 102). Such
     * a late delivery breaks no order the broker promised.
     */
    private boolean removedByRetention(Delivery d) {
        return d.commitLogOffset() >= 0 && history.releasedPastAtMs(d.brokerName(), d.commitLogOffset()) <= d.atMs();
    }

    /** Within one queue, the first delivery of each offset comes in increasing offset order. */
    private static void firstDeliveriesIncrease(String stream, List<Delivery> deliveries, List<String> problems) {
        TreeSet<Long> seen = new TreeSet<>();
        for (Delivery d : deliveries) {
            if (!seen.add(d.queueOffset())) {
                continue;
            }
            Long higher = seen.higher(d.queueOffset());
            if (higher != null) {
                problems.add(stream + ": offset " + d.queueOffset() + " first delivered after offset " + higher + " (" + d + ")");
            }
        }
    }

    /** For each key, no message is delivered before an earlier message of its key was first delivered. */
    private void keyPrefixes(GroupSpec group, List<Delivery> got, Set<String> rewritten, List<String> problems) {
        Map<String, TreeSet<Integer>> delivered = new TreeMap<>();
        for (Delivery d : got) {
            Send s = d.id() == null ? null : history.send(d.id());
            if (s == null || s.key == null || s.seq < 0 || rewritten.contains(d.brokerName()) || removedByRetention(d)) {
                continue;
            }
            TreeSet<Integer> seqs = delivered.computeIfAbsent(s.key, k -> new TreeSet<>());
            if (seqs.add(s.seq) && seqs.higher(s.seq) != null) {
                problems.add(group.group() + " key " + s.key + ": seq " + s.seq + " first delivered after seq "
                        + seqs.higher(s.seq) + " (" + d + ")");
            }
        }
    }

    private void positions() {
        Set<String> rewritten = rewrittenBrokers();
        Map<String, String> idAt = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        for (Delivery d : history.deliveries()) {
            if (rewritten.contains(d.brokerName()) || d.id() == null) {
                continue;
            }
            String before = idAt.putIfAbsent(d.position(), d.id());
            if (before != null && !before.equals(d.id())) {
                conflicts.add(d.position() + " held " + before + " and " + d.id());
            }
        }
        verdict.violation("position-holds-two-messages", conflicts);
    }

    private void deadLetters() {
        List<String> unexplained = new ArrayList<>();
        List<String> early = new ArrayList<>();
        // A flipped bit in a retry copy's reconsume count (no CRC covers properties) can shorten its way.
        boolean flipped = history.faults().stream().anyMatch(f -> f.kind().equals("bit-flip"));
        long dead = 0;
        for (GroupSpec group : history.groups().values()) {
            Map<String, Integer> lastRejected = new TreeMap<>();
            byGroup.getOrDefault(group.group(), List.of()).stream().filter(d -> !d.consumed() && d.id() != null)
                    .forEach(d -> lastRejected.merge(d.id(), d.reconsumeTimes(), Math::max));
            // CONSUMER_SEND_MSG_BACK dead-letters a message whose stored reconsume count reached the
            // maximum (16 by default), so its last rejected delivery had at least max. The client's
            // fallback when that call fails sends the copy straight to %RETRY% with the count already
            // raised, which the broker dead-letters one retry earlier (RocketMQ 4.9 alike): max - 1
            // is allowed only for a message whose consumer sent it back itself at that count.
            int max = group.retryMaxTimes() < 0 ? DEFAULT_MAX_RECONSUME_TIMES : group.retryMaxTimes();
            for (String id : history.deadLetters(group.group())) {
                dead++;
                Integer last = lastRejected.get(id);
                int byClient = history.sentBackByClient(group.group(), id);
                int least = byClient >= max - 1 ? max - 1 : max;
                if (last == null) {
                    unexplained.add(group.group() + " dead-lettered " + id + " which its listener never rejected");
                } else if (last < least && !flipped) {
                    early.add(group.group() + " dead-lettered " + id + " after a rejection at reconsume " + last
                            + "; retryMaxTimes " + max + (byClient < 0 ? "" : ", sent back by the client at " + byClient));
                }
            }
        }
        verdict.violation("dead-letter-without-rejection", unexplained);
        verdict.violation("dead-lettered-early", early);
        verdict.count("dead-lettered", dead);
    }

    /**
     * Committed offsets never pass the queue's end, except on a broker whose commit log was cut
     * back (power loss, corruption) under consumers that had read further; and they never go back
     * in a run without faults.
     */
    private static final long REBALANCE_WINDOW_MS = 30_000;
    /** RocketMQ's retryMaxTimes of a subscription group, used when the consumer sets none. */
    static final int DEFAULT_MAX_RECONSUME_TIMES = 16;
    private static final long RETRY_ROUTE_SETTLE_MS = 75_000;

    private void offsets() {
        boolean anyFault = !history.faults().isEmpty();
        Set<String> rewritten = rewrittenBrokers();
        Map<String, OffsetSample> last = new TreeMap<>();
        List<String> pastEnd = new ArrayList<>();
        List<String> backwards = new ArrayList<>();
        long pastEndAfterRewrite = 0;
        long rebalanced = 0;
        for (OffsetSample s : history.offsetSamples()) {
            if (s.offset() > s.maxOffset() && rewritten.contains(s.brokerName())) {
                pastEndAfterRewrite++;
            } else if (s.offset() > s.maxOffset()) {
                pastEnd.add(s.queue() + " committed " + s.offset() + " past max " + s.maxOffset() + " at " + s.atMs() + " ms");
            }
            OffsetSample before = last.put(s.queue(), s);
            if (before != null && s.offset() < before.offset() && afterRebalance(s.group(), s.topic(), before.atMs(), s.atMs())) {
                rebalanced++;
            } else if (before != null && s.offset() < before.offset()) {
                backwards.add(s.queue() + " went from " + before.offset() + " (" + before.atMs() + " ms) to " + s.offset()
                        + " (" + s.atMs() + " ms)");
            }
        }
        verdict.violation("offset-past-max", pastEnd);
        verdict.count("offsets-past-max-after-log-cut", pastEndAfterRewrite);
        verdict.count("offsets-went-back-after-rebalance", rebalanced);
        if (anyFault) {
            verdict.count("offsets-went-back-under-faults", backwards.size());
        } else {
            verdict.violation("offset-went-back", backwards);
        }
    }

    /**
     * Whether the group's membership changed (the run's start counts) within a rebalance window of
     * the two samples. When a queue changes owner the new owner may read the committed offset
     * before the old owner's last commit lands, and then commit from there: at-least-once allows
     * that step back (RocketMQ behaves the same), so it is counted, not reported.
     */
    private boolean afterRebalance(String group, String topic, long fromMs, long toMs) {
        if (fromMs - REBALANCE_WINDOW_MS <= 0) {
            return true;
        }
        if (topic.startsWith("%RETRY%") && toMs <= RETRY_ROUTE_SETTLE_MS) {
            // Every broker creates the group's retry topic at the members' first heartbeats, a few
            // milliseconds apart; a member that fetched the route in between sees fewer retry queues
            // than the others until its next route refresh (30 s) and rebalance (20 s), and two
            // members may own one retry queue meanwhile (fuzz1-102126; RocketMQ's client alike).
            return true;
        }
        return history.quietChanges().stream().anyMatch(c -> c.group().equals(group)
                && c.atMs() >= fromMs - REBALANCE_WINDOW_MS && c.atMs() <= toMs);
    }

    private void delays() {
        Set<String> clockFaulted = new TreeSet<>();
        history.faults().stream().filter(f -> f.kind().startsWith("clock-")).forEach(f -> clockFaulted.addAll(f.nodes()));
        Map<String, Long> scheduled = history.scheduledStoreTimes();
        // On a broker that deleted files the schedule copy a delivery came from may be gone, leaving
        // only a later copy (a retried send) to compare with.
        Set<String> deleting = history.retentionDeleted();
        // A flipped bit in a schedule copy's store timestamp (no CRC covers it), or a power loss that
        // took a schedule copy back after its delivery, leaves no trustworthy copy to compare with.
        deleting.addAll(rewrittenBrokers());
        List<String> early = new ArrayList<>();
        for (Delivery d : history.deliveries()) {
            Send s = d.id() == null ? null : history.send(d.id());
            // Against the copy in the same broker's schedule topic: a retried send may sit on several brokers.
            Long first = s == null ? null : scheduled.get(d.brokerName() + "|" + s.id);
            if (first == null || s.delayLevel <= 0 || s.delayLevel >= DELAY_LEVEL_MS.length || d.reconsumeTimes() > 0
                    || clockFaulted.contains(d.brokerName()) || deleting.contains(d.brokerName())) {
                continue;
            }
            long waited = d.storeTimestamp() - first;
            if (waited < DELAY_LEVEL_MS[s.delayLevel]) {
                early.add(s + " re-stored after " + waited + " ms, level " + s.delayLevel + " wants " + DELAY_LEVEL_MS[s.delayLevel]);
            }
        }
        verdict.violation("delayed-message-early", early);
    }

    /**
     * An orderly queue is worked on by one member at a time: no listener call of one member on a
     * queue overlaps one of another member on it. RocketMQ's locks promise that (a member starts a
     * batch only while it trusts its lock, which it trusts for half the time the broker keeps it),
     * except that a member frozen mid-batch (a pause) finishes that batch whenever it thaws, whoever
     * holds the lock by then. RocketMQ's broker also forgets its locks when it restarts and grants them
     * at once; Petrel's grants none for the lock's lifetime after a restart, so a restart excuses nothing.
     */
    private void orderlyExclusive() {
        List<String> shared = new ArrayList<>();
        long excused = 0;
        for (GroupSpec group : history.groups().values()) {
            if (group.kind() != ConsumerKind.ORDERLY) {
                continue;
            }
            Map<String, List<Delivery>> byQueue = new TreeMap<>();
            byGroup.getOrDefault(group.group(), List.of()).stream().filter(d -> d.doneMs() > d.atMs())
                    .forEach(d -> byQueue.computeIfAbsent(d.queue(), q -> new ArrayList<>()).add(d));
            for (List<Delivery> calls : byQueue.values()) {
                calls.sort(Comparator.comparingLong(Delivery::atMs));
                List<Delivery> open = new ArrayList<>();
                for (Delivery d : calls) {
                    open.removeIf(o -> o.doneMs() <= d.atMs());
                    for (Delivery o : open) {
                        if (o.consumer().equals(d.consumer())) {
                            continue;
                        }
                        if (frozenDuring(o)) {
                            excused++;
                        } else {
                            shared.add(group.group() + " " + d.queue() + ": " + o.consumer() + " worked on it from " + o.atMs()
                                    + " to " + o.doneMs() + " ms, " + d.consumer() + " from " + d.atMs() + " to "
                                    + d.doneMs() + " ms (" + o.id() + ", " + d.id() + ")");
                        }
                        break;
                    }
                    open.add(d);
                }
            }
        }
        verdict.violation("orderly-queue-shared", shared);
        verdict.count("orderly-overlaps-after-a-freeze", excused);
    }

    /** Whether the member of {@code call} was frozen (paused) while its listener call ran. */
    private boolean frozenDuring(Delivery call) {
        return history.faults().stream().anyMatch(f -> f.kind().equals("pause") && f.hits(call.consumer())
                && f.startMs() < call.doneMs() && (f.endMs() < 0 || f.endMs() > call.atMs()));
    }

    private void quietChanges() {
        List<String> slow = new ArrayList<>();
        for (QuietChange c : history.quietChanges()) {
            GroupSpec spec = history.groups().get(c.group());
            long limit = spec != null && spec.kind() == ConsumerKind.ORDERLY ? ORDERLY_SETTLE_LIMIT_MS : QUIET_SETTLE_LIMIT_MS;
            if (c.settledAfterMs() < 0 || c.settledAfterMs() > limit) {
                slow.add(c.group() + " after " + c.member() + " " + c.change() + " at " + c.atMs() + " ms: "
                        + (c.settledAfterMs() < 0 ? "never settled" : "settled after " + c.settledAfterMs() + " ms"));
            }
        }
        verdict.violation("slow-rebalance", slow);
        verdict.count("quiet-membership-changes", history.quietChanges().size());
    }

    private void counters() {
        for (Send.Outcome outcome : Send.Outcome.values()) {
            verdict.count("sends-" + outcome.name().toLowerCase(Locale.ROOT), history.count(outcome));
        }
        List<Delivery> all = history.deliveries();
        verdict.count("deliveries", all.size());
        TreeSet<String> distinct = new TreeSet<>();
        all.forEach(d -> distinct.add(d.group() + "|" + d.consumer() + "|" + d.id()));
        verdict.count("duplicate-deliveries", all.size() - distinct.size());
    }

    private static String abbreviate(String body) {
        return body.length() <= 60 ? body : body.substring(0, 60) + "...";
    }
}
