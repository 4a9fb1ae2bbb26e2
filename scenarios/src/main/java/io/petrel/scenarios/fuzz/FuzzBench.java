package io.petrel.scenarios.fuzz;

import io.petrel.scenarios.history.ConsumerKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's speed on the fuzz workload the issue names: one NameServer, two ASYNC_FLUSH
 * masters, four clients (two producers at 150 messages per simulated second each, two clustering
 * consumers), ten simulated minutes of safety phase with faults on, then the heal and convergence.
 * Prints {@code name: value} lines; run by {@code bin/bench fuzz}.
 */
public final class FuzzBench {

    private FuzzBench() {
    }

    static FuzzPlan plan(long seed) {
        Map<FaultType, Double> faults = new EnumMap<>(FaultType.class);
        for (FaultType f : List.of(FaultType.PARTITION_BLACKHOLE, FaultType.CLOG, FaultType.CRASH, FaultType.PAUSE,
                FaultType.POWER_LOSS, FaultType.SLOW_FORCE, FaultType.CLIENT_CRASH, FaultType.CLOCK_SKEW)) {
            faults.put(f, 0.5);
        }
        return new FuzzPlan(new FuzzSeed(seed), 1, List.of("ASYNC_FLUSH", "ASYNC_FLUSH"),
                List.of(FuzzPlan.ReplicaPlan.NONE, FuzzPlan.ReplicaPlan.NONE), FuzzPlan.StorePlan.CLASSIC, 4, 600_000,
                List.of(new FuzzPlan.ProducerPlan("producer-1", 150, 1, 1, 0, 0.2, 0.3, 0.1),
                        new FuzzPlan.ProducerPlan("producer-2", 150, 1, 1, 0, 0.2, 0.3, 0.1)),
                List.of(new FuzzPlan.GroupPlan("fuzz-clu", ConsumerKind.CLUSTERING, List.of(FuzzPlan.TOPIC, FuzzPlan.ORDER_TOPIC),
                        2, 2, 0.01, 2)), faults, 0, FuzzPlan.TransactionPlan.NONE, FuzzPlan.AclPlan.OFF);
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        new FuzzScenario(plan(seed + 1000)).run();
        FuzzResult r = new FuzzScenario(plan(seed)).run();
        double wall = r.wallNanos() / 1e9;
        System.out.println("fuzz.bench.simulated_seconds: " + String.format(Locale.ROOT, "%.0f", r.simulatedMs() / 1e3));
        System.out.println("fuzz.bench.wall_seconds: " + String.format(Locale.ROOT, "%.1f", wall));
        System.out.println("fuzz.bench.sim_seconds_per_wall_second: "
                + String.format(Locale.ROOT, "%.1f", r.simulatedMs() / 1e3 / wall));
        System.out.println("fuzz.bench.acknowledged_per_sim_second: " + String.format(Locale.ROOT, "%.0f",
                r.verdict().counters().getOrDefault("sends-ok", 0L) / (r.simulatedMs() / 1e3)));
        System.out.println("fuzz.bench.events: " + r.events());
        System.out.println("fuzz.bench.faults: " + r.faults().values().stream().mapToInt(Integer::intValue).sum());
        System.out.println("fuzz.bench.verdict: " + (r.ok() ? "ok" : r.verdict().summary()));
    }
}
