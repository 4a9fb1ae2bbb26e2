package io.petrel.scenarios.fuzz;

import io.petrel.broker.Broker;
import io.petrel.common.MixAll;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.history.OffsetSample;
import io.petrel.scenarios.history.QuietChange;
import io.petrel.sim.SimNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Looks at the running world once per simulated second: records each change of a committed
 * offset on a broker (with the queue's max offset), and follows membership changes made while
 * nothing else was wrong until their group settles, recording how long that took.
 */
final class Observer {

    static final long QUIET_BEFORE_MS = 70_000;
    static final long FOLLOW_MS = 30_000;

    private record Following(String group, String member, String change, long atMs, long faultMarkMs) {
    }

    private final FuzzWorld world;
    private final History history;
    private final FaultInjector faults;
    private final Map<String, Long> lastOffsets = new TreeMap<>();
    private final List<Following> following = new ArrayList<>();

    Observer(FuzzWorld world, History history, FaultInjector faults) {
        this.world = world;
        this.history = history;
        this.faults = faults;
    }

    /** Whether the world has been free of faults long enough for a membership change to be judged. */
    boolean quiet() {
        long now = world.sim.elapsedMs();
        return !faults.anyActive() && (faults.lastFaultMs() < 0 || now - faults.lastFaultMs() > QUIET_BEFORE_MS)
                && world.servers().stream().allMatch(n -> n.state() == SimNode.State.RUNNING)
                && world.clients().stream().noneMatch(n -> n.state() == SimNode.State.PAUSED);
    }

    /** A member joined or left; followed when the world is quiet and the group is a clustering one. */
    void membershipChanged(FuzzPlan.GroupPlan g, String member, String change) {
        following.removeIf(f -> f.group().equals(g.group()));
        if (g.kind() != ConsumerKind.BROADCASTING && quiet()) {
            following.add(new Following(g.group(), member, change, world.sim.elapsedMs(), faults.lastFaultMs()));
        }
    }

    void sample() {
        world.brokers().forEach(this::sampleRetention);
        world.slaves().values().forEach(this::sampleRetention);
        sampleOffsets();
        sampleSlaveCommits();
        long now = world.sim.elapsedMs();
        for (Iterator<Following> it = following.iterator(); it.hasNext(); ) {
            Following f = it.next();
            if (faults.lastFaultMs() != f.faultMarkMs() || faults.anyActive()) {
                it.remove();
            } else if (Ownership.settled(world, world.group(f.group()))) {
                history.quietChange(new QuietChange(f.group(), f.member(), f.change(), f.atMs(), now - f.atMs()));
                it.remove();
            } else if (now - f.atMs() > FOLLOW_MS) {
                history.quietChange(new QuietChange(f.group(), f.member(), f.change(), f.atMs(), -1));
                it.remove();
            }
        }
    }

    private void sampleOffsets() {
        for (SimNode node : world.brokers()) {
            Broker broker = world.broker(node);
            if (broker == null) {
                continue;
            }
            long released = broker.store().retentionReleasedBelow();
            if (released > 0) {
                history.retentionDeleted(node.name());
                history.releasedBelow(node.name(), released, world.sim.elapsedMs());
            }
            for (FuzzPlan.GroupPlan g : world.plan.groups()) {
                if (g.kind() == ConsumerKind.BROADCASTING) {
                    continue;
                }
                List<String> topics = new ArrayList<>(g.topics());
                if (g.kind() != ConsumerKind.LITE_PULL) {
                    topics.add(MixAll.retryTopic(g.group()));
                }
                for (String topic : topics) {
                    broker.offsets().offsets(g.group(), topic).forEach((queueId, offset) -> {
                        String key = node.name() + "|" + g.group() + "|" + topic + "|" + queueId;
                        Long before = lastOffsets.put(key, offset);
                        if (before == null || before.longValue() != offset) {
                            history.offset(new OffsetSample(world.sim.elapsedMs(), node.name(), g.group(), topic, queueId,
                                    offset, servedMax(broker, topic, queueId)));
                        }
                    });
                }
            }
        }
    }

    /** Forced deletion may go on for a while after a full disk is healed. */
    static final long DISK_FULL_AFTERMATH_MS = 60_000;
    /** How far a clock fault may move a broker's wall clock (a skew up to 10 min, a drift up to 5%). */
    static final long CLOCK_FAULT_SLACK_MS = 11 * 60_000;

    /** Per broker node: when its commit log's end was first seen at or past each offset. */
    private final Map<String, TreeMap<Long, Long>> endSeen = new TreeMap<>();
    private final Map<String, Long> releasedSeen = new TreeMap<>();
    private final Map<String, DeletedFiles> deletedSeen = new TreeMap<>();

    /** How many commit-log files retention deleted in one run of a broker node. */
    private record DeletedFiles(int starts, long count) {
    }

    /**
     * Retention deletes a commit-log file by time only once it was last written fileReservedTime
     * hours ago; earlier only when the disk is full. The file's last write is bounded from below by
     * the last sample that saw the log end before the file did: a release that the clock cannot
     * explain even with a fault's skew is reported.
     */
    private void sampleRetention(SimNode node) {
        Broker broker = world.broker(node);
        if (broker == null) {
            return;
        }
        long now = world.sim.elapsedMs();
        TreeMap<Long, Long> seen = endSeen.computeIfAbsent(node.name(), n -> new TreeMap<>());
        long end = broker.store().getMaxPhyOffset();
        if (seen.isEmpty() || end > seen.lastKey()) {
            seen.put(end, now);
        }
        long released = broker.store().retentionReleasedBelow();
        long deleted = broker.store().stats().filesDeleted();
        // A slave whose log was empty starts again at its master's last file: a new start, not retention.
        DeletedFiles last = deletedSeen.put(node.name(), new DeletedFiles(node.starts(), deleted));
        boolean retentionDeleted = last != null && last.starts() == node.starts() && deleted > last.count();
        Long before = releasedSeen.put(node.name(), released);
        if (before == null || released <= before || !retentionDeleted) {
            return;
        }
        Map.Entry<Long, Long> lastBefore = seen.lowerEntry(released);
        long keepMs = world.plan.store().fileReservedHours() * 3_600_000L;
        if (lastBefore == null || faults.diskFullWithin(node.name(), DISK_FULL_AFTERMATH_MS)) {
            return;
        }
        long writtenAfter = lastBefore.getValue();
        if (writtenAfter + keepMs > now + CLOCK_FAULT_SLACK_MS) {
            history.retentionProblem(node.name() + " released its commit log below " + released + " at " + now
                    + " ms without a full disk; that file was written after " + writtenAfter + " ms, and fileReservedTime is "
                    + world.plan.store().fileReservedHours() + " h");
        }
    }

    /** A consumer's commit a slave took, while it did not restart since. */
    private record SlaveCommit(long offset, int slaveStarts, long atMs) {
    }

    private final Map<String, SlaveCommit> slaveCommits = new TreeMap<>();

    /**
     * A commit a consumer made to a slave (its master away) must stay on that slave until the group
     * commits further: the slave may not take its master's older copy over it (rocketmq#1094), also
     * when the master restarted meanwhile (the slave hands its commits back to whatever the master
     * reloaded). A restart of the slave ends the watch: it keeps consumers' commits in memory only.
     * The watch follows the group's last commit, which may be lower than an earlier one (a rebalance
     * moves a queue to a consumer that commits its own position): fuzz2-711198 committed 51 then 48
     * within one sampling second, the slave handed 48 to its master, and the rule took that for a
     * regression from 51.
     */
    private void sampleSlaveCommits() {
        world.slaves().forEach((brokerName, slaveNode) -> {
            Broker slave = world.broker(slaveNode);
            if (slave == null) {
                return;
            }
            String prefix = slaveNode.name() + "|";
            Map<String, Map<Integer, Long>> pending = slave.offsets().committedHere();
            pending.forEach((key, queues) -> queues.forEach((queueId, offset) -> slaveCommits.put(prefix + key + "|"
                    + queueId, new SlaveCommit(offset, slaveNode.starts(), world.sim.elapsedMs()))));
            for (Iterator<Map.Entry<String, SlaveCommit>> it = slaveCommits.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, SlaveCommit> e = it.next();
                SlaveCommit c = e.getValue();
                if (!e.getKey().startsWith(prefix)) {
                    continue;
                }
                if (c.slaveStarts() != slaveNode.starts()) {
                    it.remove();
                    continue;
                }
                String[] parts = e.getKey().substring(prefix.length()).split("\\|");
                long last = slave.offsets().lastCommittedHere(parts[0], Integer.parseInt(parts[1]));
                if (last >= 0 && last != c.offset()) {
                    c = new SlaveCommit(last, c.slaveStarts(), world.sim.elapsedMs());
                    e.setValue(c);
                }
                if (slave.offsets().handedBack(parts[0], Integer.parseInt(parts[1])) >= c.offset()) {
                    it.remove();
                    continue;
                }
                int at = parts[0].lastIndexOf('@');
                long now = slave.offsets().query(parts[0].substring(at + 1), parts[0].substring(0, at),
                        Integer.parseInt(parts[1]));
                if (now < c.offset()) {
                    history.slaveOffsetRegressed(slaveNode.name() + " " + parts[0] + "/" + parts[1] + ": a consumer committed "
                            + c.offset() + " here at " + c.atMs() + " ms, the slave holds " + now + " at "
                            + world.sim.elapsedMs() + " ms");
                    it.remove();
                }
            }
        });
    }

    /**
     * How far consumers may have read a master's queue: past every message its log holds, visible
     * in its consume queue yet or not. A consumer reading from the slave sees records before the
     * master's queue does (the master's dispatch waits for the slave's acknowledgement under
     * SYNC_MASTER, or is stalled by a failing disk) and commits to the master; those records are in
     * the master's log, so such an offset is not past the end. One past what the log holds (a power
     * loss cut it) still is.
     */
    private long servedMax(Broker broker, String topic, int queueId) {
        return broker.store().appendedEndInQueue(topic, queueId);
    }

    /** A broker restarted: its offsets were reloaded, so compare afresh. */
    void forgetOffsets(String brokerName) {
        lastOffsets.keySet().removeIf(k -> k.startsWith(brokerName + "|"));
    }
}
