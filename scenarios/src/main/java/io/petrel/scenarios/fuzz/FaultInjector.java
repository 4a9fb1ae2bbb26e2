package io.petrel.scenarios.fuzz;

import io.petrel.broker.Broker;
import io.petrel.common.message.MessageFormat;
import io.petrel.env.DiskException;
import io.petrel.env.RandomSource;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.world.SimWorldNode;
import io.petrel.scenarios.world.WorldNode;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Injects the faults of {@link FaultType} into a running simulated world and heals them: each
 * injection picks its targets and a duration from the scenario's fault stream, and begins the fault
 * on its {@link FaultSchedule}, which records it and schedules its heal; {@link #healAll()} ends
 * everything still active at the end of the safety phase. The faults of a process are
 * {@link ProcessFaults}', shared with runs of real processes; the network's, disks' and clocks' are
 * the simulator's alone. Faults that need a live target (a
 * running broker, a client) are skipped when there is none; only injected faults are counted.
 */
final class FaultInjector {

    private final Simulator sim;
    private final FuzzWorld world;
    private final RandomSource random;
    private final History history;
    private final FaultSchedule schedule;
    private final ProcessFaults processes;

    FaultInjector(Simulator sim, FuzzWorld world, RandomSource random, History history) {
        this.sim = sim;
        this.world = world;
        this.random = random;
        this.history = history;
        this.schedule = new FaultSchedule(world, history);
        this.processes = new ProcessFaults(world, schedule, random, this::pastLockExpiry);
    }

    Map<FaultType, Integer> fired() {
        return schedule.fired();
    }

    /** When the last fault began or ended (-1 before any), for "quiet" windows. */
    long lastFaultMs() {
        return schedule.lastFaultMs();
    }

    boolean anyActive() {
        return schedule.anyActive();
    }

    /** Whether {@code node}'s disk is (nearly) full, or was within the last {@code withinMs}. */
    boolean diskFullWithin(String node, long withinMs) {
        long now = sim.elapsedMs();
        return schedule.activeOn(FaultType.DISK_FULL, node)
                || history.faults().stream().anyMatch(f -> f.kind().equals(FaultType.DISK_FULL.label()) && f.hits(node)
                && now - f.endMs() <= withinMs);
    }

    // ---- injection ---------------------------------------------------------------------------

    void inject(FaultType type) {
        boolean done = switch (type.category()) {
            case "network" -> network(type);
            case "process", "client" -> processes.inject(type);
            case "disk" -> disk(type);
            default -> clock(type);
        };
        if (done) {
            schedule.fired(type);
        }
    }

    private long durationMs(long minMs, long maxMs) {
        return ProcessFaults.durationMs(random, minMs, maxMs);
    }

    private <T> T pick(List<T> from) {
        return ProcessFaults.pick(random, from);
    }

    /** Starts a fault now and schedules its heal after {@code durationMs} (0: nothing to heal later). */
    private void begin(FaultType type, List<String> nodes, long durationMs, Runnable heal) {
        schedule.begin(type, nodes, durationMs, heal);
    }

    /** Heals everything still active (the end of the safety phase). */
    void healAll() {
        schedule.healAll();
        sim.network().healAll();
    }

    // ---- network -----------------------------------------------------------------------------

    private boolean network(FaultType type) {
        List<SimNode> nodes = world.everyone();
        // Long runs sometimes cut a broker off from a NameServer past its 120 s broker expiry.
        boolean expiry = world.plan.isLong() && type == FaultType.PARTITION_BLACKHOLE && random.nextInt(3) == 0;
        SimNode a = expiry ? pick(world.brokers()) : pick(nodes);
        List<SimNode> others = new ArrayList<>(expiry ? world.cluster.namesrvs() : nodes);
        others.remove(a);
        SimNode b = pick(others);
        if (b == null) {
            return false;
        }
        long duration = expiry ? durationMs(125_000, 200_000) : durationMs(2_000, 25_000);
        switch (type) {
            case PARTITION_BLACKHOLE -> pair(type, a, b, LinkMode.BLACKHOLE, duration);
            case PARTITION_RESET -> pair(type, a, b, LinkMode.RESET, duration);
            case CLOG -> pair(type, a, b, LinkMode.CLOG, duration);
            case ONE_WAY_PARTITION -> {
                sim.network().partitionOneWay(List.of(a.host()), List.of(b.host()), LinkMode.BLACKHOLE);
                begin(type, List.of(a.name(), b.name()), duration, () -> sim.network().heal(a.host(), b.host()));
            }
            case ISOLATE_ONE -> split(type, List.of(a), others, List.of(), duration);
            case HALVES, BRIDGE -> halves(type, nodes, duration);
            default -> {
                int pairs = 1 + random.nextInt(3);
                for (int i = 0; i < pairs; i++) {
                    SimNode x = pick(nodes);
                    SimNode y = pick(nodes);
                    sim.network().resetConnections(x.host(), y.host());
                }
                begin(type, List.of(a.name()), 0, null);
            }
        }
        return true;
    }

    private void pair(FaultType type, SimNode a, SimNode b, LinkMode mode, long duration) {
        sim.network().partition(List.of(a.host()), List.of(b.host()), mode);
        begin(type, List.of(a.name(), b.name()), duration, () -> sim.network().heal(a.host(), b.host()));
    }

    private void halves(FaultType type, List<SimNode> nodes, long duration) {
        List<SimNode> shuffled = new ArrayList<>(nodes);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        List<SimNode> bridge = type == FaultType.BRIDGE ? List.of(shuffled.remove(0)) : List.of();
        int cut = 1 + random.nextInt(Math.max(1, shuffled.size() - 1));
        split(type, shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size()), bridge, duration);
    }

    private void split(FaultType type, List<SimNode> sideA, List<SimNode> sideB, List<SimNode> bridge, long duration) {
        List<String> hostsA = sideA.stream().map(SimNode::host).toList();
        List<String> hostsB = sideB.stream().map(SimNode::host).toList();
        LinkMode mode = random.nextBoolean() ? LinkMode.BLACKHOLE : LinkMode.RESET;
        sim.network().partition(hostsA, hostsB, mode);
        List<String> names = new ArrayList<>();
        sideA.forEach(n -> names.add(n.name()));
        sideB.forEach(n -> names.add(n.name()));
        bridge.forEach(n -> names.add(n.name()));
        begin(type, names, duration, () -> {
            for (String x : hostsA) {
                for (String y : hostsB) {
                    sim.network().heal(x, y);
                }
            }
        });
    }

    // ---- processes ---------------------------------------------------------------------------

    /**
     * Generator v3: long runs sometimes freeze a consumer past its broker's lock expiry (60 s) and
     * client-channel expiry (120 s), so the group moves its queues on while it still holds messages
     * it pulled: the case orderly locking exists for.
     */
    private boolean pastLockExpiry(WorldNode n) {
        return world.plan.isLong() && world.plan.seed().version() >= 3
                && world.members.values().stream().anyMatch(m -> m.stream().anyMatch(x -> x.name().equals(n.name())))
                && random.nextInt(3) == 0;
    }

    // ---- disks and clocks ----------------------------------------------------------------

    private boolean disk(FaultType type) {
        SimNode b = pick(world.brokerNodes().stream().filter(x -> x.state() == SimNode.State.RUNNING).toList());
        if (b == null) {
            return false;
        }
        var faults = b.disk().faults();
        long duration = durationMs(3_000, 30_000);
        switch (type) {
            case POWER_LOSS -> powerLoss(b, world.plan.seed().version() >= 3 ? STRIKE_TRIES : 0);
            case FAILED_FORCE -> {
                faults.failNextForces(1 + random.nextInt(3));
                begin(type, List.of(b.name()), 0, null);
            }
            case SLOW_FORCE -> {
                faults.slowForces(50 + random.nextInt(3_000));
                begin(type, List.of(b.name()), duration, () -> faults.slowForces(0));
            }
            case DISK_FULL -> {
                faults.fillerBytes(Math.max(0, b.disk().usableSpaceBytes() - 64 * 1024));
                begin(type, List.of(b.name()), duration, () -> faults.fillerBytes(0));
            }
            case READ_ERROR -> {
                faults.readErrorProbability(0.01 + random.nextDouble() * 0.2);
                begin(type, List.of(b.name()), duration, () -> faults.readErrorProbability(0));
            }
            case WRITE_ERROR -> {
                faults.writeErrorProbability(0.01 + random.nextDouble() * 0.2);
                begin(type, List.of(b.name()), duration, () -> faults.writeErrorProbability(0));
            }
            default -> {
                return bitFlip(b);
            }
        }
        return true;
    }

    /** How many milliseconds a v3 power loss waits at most for a moment with unforced bytes. */
    private static final int STRIKE_TRIES = 500;

    /**
     * Cuts {@code b}'s power. Generator v3 picks the worst moment within {@value #STRIKE_TRIES} ms:
     * one when the commit log holds bytes no force has covered yet (under SYNC_FLUSH a put waits for
     * a force of about a millisecond, so a power loss at a random time rarely finds one, and a store
     * that acknowledges a put before its force covers it would rarely be caught).
     */
    private void powerLoss(SimNode b, int triesLeft) {
        if (b.state() != SimNode.State.RUNNING) {
            return;
        }
        Broker broker = world.broker(b);
        boolean unforced = broker != null && broker.store().stats().commitLogDurableOffset() < broker.store().getMaxPhyOffset();
        if (triesLeft > 0 && !unforced) {
            sim.schedule(1, () -> powerLoss(b, triesLeft - 1));
            return;
        }
        WorldNode handle = new SimWorldNode(b);
        handle.powerLoss();
        begin(FaultType.POWER_LOSS, List.of(b.name()), durationMs(1_000, 20_000), () -> ProcessFaults.startIfDown(handle));
    }

    /** Flips a bit of the commit log (the only file with CRCs), then half the time restarts the broker to recover over it. */
    private boolean bitFlip(SimNode b) {
        String what = world.plan.seed().version() >= 3 && random.nextBoolean() ? flipInAHeader(b) : null;
        if (what == null) {
            what = b.disk().flipRandomBit(random, path -> path.contains("/commitlog/"));
        }
        if (what == null) {
            return false;
        }
        begin(FaultType.BIT_FLIP, List.of(b.name()), 0, null);
        if (random.nextBoolean()) {
            b.crash(CrashKind.PROCESS);
            b.start();
        }
        return true;
    }

    /** The bytes of a record's header a v3 flip aims at: size, magic, CRC, queue, flag, offsets, times, hosts. */
    private static final int HEADER_BYTES = 64;

    /**
     * Generator v3: half the flips hit the header of a record a workload queue points at, the fields
     * no CRC covers (a flip anywhere in a file mostly lands in bodies, which the CRC catches, or in
     * zeros past the end). Null when there is no such record to aim at.
     */
    private String flipInAHeader(SimNode b) {
        Broker broker = world.broker(b);
        if (broker == null) {
            return null;
        }
        String topic = random.nextBoolean() ? FuzzPlan.TOPIC : FuzzPlan.ORDER_TOPIC;
        int queueId = random.nextInt(world.plan.queuesPerBroker());
        try {
            long min = broker.store().getMinOffsetInQueue(topic, queueId);
            long max = broker.store().getMaxOffsetInQueue(topic, queueId);
            long physical = max <= min ? -1 : broker.store().getCommitLogOffsetInQueue(topic, queueId,
                    min + (random.nextLong() >>> 1) % (max - min));
            if (physical < 0) {
                return null;
            }
            long fileSize = world.plan.store().commitLogFileBytes();
            String path = String.format(Locale.ROOT, "/store/commitlog/%020d", physical - physical % fileSize);
            return b.disk().flipBit(path, physical % fileSize + headerByte(), random.nextInt(8));
        } catch (DiskException e) {
            return null;
        }
    }

    /**
     * Which header byte a flip aims at. Generator v4: half the time one of the two lowest bytes of the
     * queue id or the queue offset, where a flip leaves a value the format check finds plausible (a
     * high bit makes it one no log could hold, refused at once), so only a reader that compares them
     * with the consume-queue entry stops it.
     */
    private int headerByte() {
        if (world.plan.seed().version() >= 4 && random.nextBoolean()) {
            int field = random.nextBoolean() ? MessageFormat.QUEUE_OFFSET_POSITION + 6 : MessageFormat.QUEUE_ID_POSITION + 2;
            return field + random.nextInt(2);
        }
        return random.nextInt(HEADER_BYTES);
    }

    private boolean clock(FaultType type) {
        SimNode n = pick(world.everyone().stream().filter(SimNode::isUp).toList());
        if (n == null) {
            return false;
        }
        long duration = durationMs(5_000, 60_000);
        switch (type) {
            case CLOCK_SKEW -> {
                long skew = (random.nextBoolean() ? 1 : -1) * (1_000 + (long) (random.nextDouble() * 600_000));
                n.clock().setSkewMs(skew);
                begin(type, List.of(n.name()), duration, () -> n.clock().setSkewMs(0));
            }
            case CLOCK_DRIFT -> {
                n.clock().setDriftPpm((random.nextBoolean() ? 1 : -1) * (100 + random.nextInt(50_000)));
                begin(type, List.of(n.name()), duration, () -> n.clock().setDriftPpm(0));
            }
            default -> {
                n.clock().stepBack(100 + (long) (random.nextDouble() * 300_000));
                begin(type, List.of(n.name()), 0, null);
            }
        }
        return true;
    }
}
