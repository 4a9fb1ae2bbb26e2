package io.petrel.scenarios.fuzz;

import io.petrel.env.RandomSource;
import io.petrel.env.SplitMix64;
import io.petrel.scenarios.history.ConsumerKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Everything a fuzz scenario will do, drawn from its seed alone (no simulator needed, so a
 * campaign or a property can look at a plan before running it): the topology, the workload, how
 * long the safety phase lasts, and the fault rates. Fault rates are themselves random per seed
 * (swarm testing: each seed enables a different subset of faults), and some seeds run clean.
 */
public record FuzzPlan(
        FuzzSeed seed,
        int namesrvs,
        List<String> brokerFlushTypes,
        List<ReplicaPlan> replicas,
        StorePlan store,
        int queuesPerBroker,
        long safetyMs,
        List<ProducerPlan> producers,
        List<GroupPlan> groups,
        Map<FaultType, Double> faultsPerMinute,
        double churnPerMinute,
        TransactionPlan transactions,
        AclPlan acl) {

    /**
     * One broker name's replication: its master's role, and its slave's flush type ("" when it has
     * no slave; then the role is ASYNC_MASTER, as a SYNC_MASTER without a slave acknowledges nothing).
     */
    public record ReplicaPlan(String role, String slaveFlush, boolean slaveRead) {

        static final ReplicaPlan NONE = new ReplicaPlan("ASYNC_MASTER", "", false);

        public boolean hasSlave() {
            return !slaveFlush.isEmpty();
        }
    }

    /**
     * Every broker's store: file sizes and retention. {@code deleteWhen} and {@code fileReservedHours}
     * as RocketMQ's keys; the consume-queue file size in entries.
     */
    public record StorePlan(int commitLogFileBytes, int consumeQueueEntries, String deleteWhen, int fileReservedHours) {

        /** Versions 1 and 2: 1 MiB commit-log files, 1,000-entry consume-queue files, RocketMQ's retention defaults. */
        static final StorePlan CLASSIC = new StorePlan(1 << 20, 1_000, "04", 72);
        static final String EVERY_HOUR = String.join(";", IntStream.range(0, 24)
                .mapToObj(h -> String.format(Locale.ROOT, "%02d", h)).toList());

        /** Time-based retention runs all the time here (deleteWhen names every hour). */
        public boolean deletesByTime() {
            return deleteWhen.equals(EVERY_HOUR);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "commit-log files %d KiB, consume-queue files %d entries, deleteWhen %s,"
                    + " fileReservedTime %d h", commitLogFileBytes / 1024, consumeQueueEntries,
                    deletesByTime() ? "every hour" : deleteWhen, fileReservedHours);
        }
    }

    /**
     * Version 5: transactional sends. {@code weights} has one weight per producer, beside its other
     * send kinds' (0: it sends none; empty before version 5); the brokers ask producers every
     * {@code checkIntervalMs} about half messages {@code timeoutMs} old.
     */
    public record TransactionPlan(List<Double> weights, long checkIntervalMs, long timeoutMs) {

        static final TransactionPlan NONE = new TransactionPlan(List.of(), 60_000, 6_000);

        public boolean any() {
            return weights.stream().anyMatch(w -> w > 0);
        }

        /** The weight of producer {@code index} (0-based). */
        public double weight(int index) {
            return index < weights.size() ? weights.get(index) : 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "transactional weights %s, checks every %d ms after %d ms", weights,
                    checkIntervalMs, timeoutMs);
        }
    }

    /**
     * Version 6: access control. When on, every broker runs with aclEnable=true, producers and
     * consumers sign with an account allowed only the workload's topics and groups, and an intruder
     * sends {@code intrusionsPerSecond} requests that need a permission its signature does not carry
     * (see {@link FuzzIntruder}).
     */
    public record AclPlan(boolean enabled, double intrusionsPerSecond) {

        static final AclPlan OFF = new AclPlan(false, 0);

        @Override
        public String toString() {
            return enabled ? String.format(Locale.ROOT, "ACL on, %.1f intrusions/s", intrusionsPerSecond) : "ACL off";
        }
    }

    /** One producer node: messages per second and the mix of send kinds (weights). */
    public record ProducerPlan(String name, int ratePerSecond, double sync, double async, double oneway, double batch,
            double ordered, double delayed) {
    }

    /** One consumer group: kind, topics, initial and maximum members, listener failure rate, retries before the DLQ. */
    public record GroupPlan(String group, ConsumerKind kind, List<String> topics, int initialMembers, int maxMembers,
            double failureRate, int maxReconsumeTimes) {
    }

    public static final String TOPIC = "FuzzTopic";
    public static final String ORDER_TOPIC = "FuzzOrder";
    static final long SHORT_MIN_MS = 20_000;
    static final long SHORT_MAX_MS = 60_000;
    static final long LONG_MIN_MS = 600_000;
    static final long LONG_MAX_MS = 720_000;

    public static FuzzPlan of(FuzzSeed seed) {
        RandomSource r = new SplitMix64(seed.value() ^ 0x6A09E667F3BCC909L);
        int namesrvs = 1 + r.nextInt(2);
        List<String> flush = new ArrayList<>();
        int brokers = 1 + r.nextInt(3);
        for (int i = 0; i < brokers; i++) {
            flush.add(r.nextBoolean() ? "ASYNC_FLUSH" : "SYNC_FLUSH");
        }
        int queues = 2 + r.nextInt(3);
        boolean longRun = r.nextInt(20) == 0;
        long safety = longRun ? between(r, LONG_MIN_MS, LONG_MAX_MS) : between(r, SHORT_MIN_MS, SHORT_MAX_MS);
        List<ProducerPlan> producers = new ArrayList<>();
        int producerCount = 1 + r.nextInt(2);
        for (int i = 1; i <= producerCount; i++) {
            producers.add(new ProducerPlan("producer-" + i, 5 + r.nextInt(30), r.nextDouble(), r.nextDouble(),
                    r.nextDouble() * 0.3, r.nextDouble() * 0.5, r.nextDouble(), r.nextDouble() * 0.4));
        }
        return new FuzzPlan(seed, namesrvs, List.copyOf(flush), replicas(seed, brokers), store(seed), queues, safety,
                List.copyOf(producers), groups(r), faults(r), r.nextInt(4) == 0 ? 0 : r.nextDouble() * 3,
                transactions(seed, producerCount), acl(seed));
    }

    /** Version 6: one plan in three turns ACL on, with an intruder. Drawn from a stream of its own. */
    private static AclPlan acl(FuzzSeed seed) {
        RandomSource r = new SplitMix64(seed.value() ^ 0x9B05688C2B3E6C1FL);
        if (seed.version() < 6 || r.nextInt(3) != 0) {
            return AclPlan.OFF;
        }
        return new AclPlan(true, 0.5 + r.nextDouble() * 4.5);
    }

    /**
     * Version 5: two plans in three send transactional messages, each producer with a weight of its
     * own (some none), and the brokers check every 2, 5 or 10 s after 1 to 6 s, so that unresolved
     * half messages are asked about within a run. Drawn from a stream of its own.
     */
    private static TransactionPlan transactions(FuzzSeed seed, int producers) {
        RandomSource r = new SplitMix64(seed.value() ^ 0x510E527FADE682D1L);
        if (seed.version() < 5 || r.nextInt(3) == 0) {
            return TransactionPlan.NONE;
        }
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            weights.add(r.nextInt(4) == 0 ? 0.0 : 0.1 + r.nextDouble() * 0.9);
        }
        long interval = List.of(2_000L, 5_000L, 10_000L).get(r.nextInt(3));
        return new TransactionPlan(List.copyOf(weights), interval, 1_000 + r.nextInt(5_001));
    }

    /**
     * Version 2: each broker name gets a slave half the time, its master then SYNC_MASTER half the
     * time, and half of those pairs serve reads from the slave (slaveReadEnable on both, every
     * consumer group's brokerId 1: consumers read from the slave while the master is up too). Drawn
     * from a stream of its own, so every other choice of the plan is the same as in
     * version 1 for the same number.
     */
    private static List<ReplicaPlan> replicas(FuzzSeed seed, int brokers) {
        List<ReplicaPlan> replicas = new ArrayList<>();
        RandomSource r = new SplitMix64(seed.value() ^ 0xBB67AE8584CAA73BL);
        for (int i = 0; i < brokers; i++) {
            boolean slave = seed.version() >= 2 && r.nextBoolean();
            boolean sync = r.nextBoolean();
            String slaveFlush = r.nextBoolean() ? "ASYNC_FLUSH" : "SYNC_FLUSH";
            boolean slaveRead = r.nextBoolean();
            replicas.add(slave ? new ReplicaPlan(sync ? "SYNC_MASTER" : "ASYNC_MASTER", slaveFlush, slaveRead)
                    : ReplicaPlan.NONE);
        }
        return List.copyOf(replicas);
    }

    /**
     * Version 3: retention that runs while the scenario does. A third of the plans keep RocketMQ's
     * defaults; a third delete by time every hour but keep files an hour (so nothing may expire in
     * a run); a sixth delete every file that is no longer the last as soon as they can (so consumers
     * that fall behind meet retention), on small commit-log files. Half the plans use consume-queue
     * files of 40 entries, so queue files fill and are deleted too. Drawn from a stream of its own.
     */
    private static StorePlan store(FuzzSeed seed) {
        if (seed.version() < 3) {
            return StorePlan.CLASSIC;
        }
        RandomSource r = new SplitMix64(seed.value() ^ 0x3C6EF372FE94F82BL);
        int entries = r.nextBoolean() ? 1_000 : 40;
        int kind = r.nextInt(6);
        if (kind < 2) {
            return new StorePlan(StorePlan.CLASSIC.commitLogFileBytes(), entries, "04", 72);
        }
        if (kind < 5) {
            return new StorePlan(r.nextBoolean() ? 1 << 20 : 256 << 10, entries, StorePlan.EVERY_HOUR, 1);
        }
        return new StorePlan(r.nextBoolean() ? 128 << 10 : 256 << 10, entries, StorePlan.EVERY_HOUR, 0);
    }

    public boolean hasSlaves() {
        return replicas.stream().anyMatch(ReplicaPlan::hasSlave);
    }

    private static List<GroupPlan> groups(RandomSource r) {
        List<GroupPlan> groups = new ArrayList<>();
        double failure = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.15;
        groups.add(new GroupPlan("fuzz-clu", ConsumerKind.CLUSTERING, List.of(TOPIC, ORDER_TOPIC), 1 + r.nextInt(3), 4,
                failure, failure == 0 ? -1 : 1 + r.nextInt(3)));
        if (r.nextBoolean()) {
            groups.add(new GroupPlan("fuzz-bro", ConsumerKind.BROADCASTING, List.of(TOPIC), 1 + r.nextInt(2), 2, 0, -1));
        }
        if (r.nextBoolean()) {
            groups.add(new GroupPlan("fuzz-ord", ConsumerKind.ORDERLY, List.of(ORDER_TOPIC), 1 + r.nextInt(2), 3,
                    r.nextInt(2) == 0 ? 0 : r.nextDouble() * 0.1, -1));
        }
        if (r.nextInt(5) < 2) {
            groups.add(new GroupPlan("fuzz-lite", ConsumerKind.LITE_PULL, List.of(TOPIC), 1, 2, 0, -1));
        }
        return List.copyOf(groups);
    }

    private static Map<FaultType, Double> faults(RandomSource r) {
        Map<FaultType, Double> rates = new EnumMap<>(FaultType.class);
        if (r.nextInt(8) == 0) {
            return rates;
        }
        for (FaultType f : FaultType.values()) {
            if (r.nextInt(100) < 35) {
                rates.put(f, 0.3 + r.nextDouble() * 2.7);
            }
        }
        return rates;
    }

    private static long between(RandomSource r, long min, long max) {
        return min + (long) (r.nextDouble() * (max - min));
    }

    public boolean faultFree() {
        return faultsPerMinute.isEmpty();
    }

    public boolean isLong() {
        return safetyMs >= LONG_MIN_MS;
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%d NameServer(s), brokers %s with %d queues each, safety phase %.0f s%n",
                namesrvs, brokerFlushTypes, queuesPerBroker, safetyMs / 1e3));
        if (hasSlaves()) {
            text.append("  replication ").append(replicas.stream().map(p -> p.hasSlave() ? p.role() + " + slave "
                    + p.slaveFlush() + (p.slaveRead() ? " (reads from the slave)" : "") : "no slave").toList()).append('\n');
        }
        if (!store.equals(StorePlan.CLASSIC)) {
            text.append("  store: ").append(store).append('\n');
        }
        producers.forEach(p -> text.append("  ").append(p).append('\n'));
        if (transactions.any()) {
            text.append("  ").append(transactions).append('\n');
        }
        if (acl.enabled()) {
            text.append("  ").append(acl).append('\n');
        }
        groups.forEach(g -> text.append("  ").append(g).append('\n'));
        text.append(String.format(Locale.ROOT, "  churn %.2f/min, faults/min %s", churnPerMinute,
                faultFree() ? "none (clean run)" : faultsPerMinute.entrySet().stream()
                        .map(e -> e.getKey().label() + String.format(Locale.ROOT, "=%.2f", e.getValue())).toList()));
        return text.toString();
    }
}
