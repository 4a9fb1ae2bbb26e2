package io.petrel.scenarios.toy;

import io.petrel.env.Address;
import io.petrel.env.RandomSource;
import io.petrel.scenarios.Scenario;
import io.petrel.scenarios.ScenarioResult;
import io.petrel.scenarios.SeedParser;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import io.petrel.toy.ToyReader;
import io.petrel.toy.ToyRecordFormat;
import io.petrel.toy.ToyServer;
import io.petrel.toy.ToyWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The toy log under a seeded fault plan: a server and two writers; a safety phase with faults drawn
 * from the seed (some seeds draw none); a healed liveness phase in which both writers must finish;
 * then a power loss of the server, a restart, and a reader that must find every acknowledged
 * record, unaltered.
 */
public final class ToyScenario {

    static final String SERVER_HOST = "10.0.0.1";
    static final long LOG_BYTES = 8L << 20;
    static final long RECORDS_PER_WRITER = 300;
    static final long SAFETY_MS = 20_000;
    static final long LIVENESS_LIMIT_MS = 120_000;

    /** What a run produced. */
    public record Result(long seed, String traceHash, long events, long simulatedMs, List<String> violations,
            List<String> faults, long[] checkpoints) implements ScenarioResult.Listed {

        @Override
        public String title() {
            return "toy append log";
        }

        @Override
        public String workload() {
            return null;
        }
    }

    private final long seed;
    private final Consumer<Simulator> beforeRun;
    private ToyServer.Sabotage sabotage = ToyServer.Sabotage.NONE;
    private int workloadVariant;
    private boolean forceOutageThenPowerLoss;
    private final TreeMap<String, TreeSet<Long>> acknowledged = new TreeMap<>();
    private final List<String> faults = new ArrayList<>();

    public ToyScenario(long seed) {
        this(seed, sim -> { });
    }

    /** {@code beforeRun} may attach an event log (replay) before anything happens. */
    public ToyScenario(long seed, Consumer<Simulator> beforeRun) {
        this.seed = seed;
        this.beforeRun = beforeRun;
    }

    /** For tests only: run against a server that tells this lie. */
    public ToyScenario sabotage(ToyServer.Sabotage lie) {
        this.sabotage = lie;
        return this;
    }

    /**
     * For tests only: a different workload for the same seed (other writer pacing and windows and
     * more records), to show that the fault plan does not depend on the workload.
     */
    public ToyScenario workloadVariant(int variant) {
        this.workloadVariant = variant;
        return this;
    }

    /**
     * For tests only: besides the seed's plan, every force of the server fails from 5 s for 2 s and
     * the server loses power at the end of that outage, before any force could succeed again.
     */
    public ToyScenario forceOutageThenPowerLoss() {
        this.forceOutageThenPowerLoss = true;
        return this;
    }

    public Result run() {
        try (Simulator sim = new Simulator(seed)) {
            beforeRun.accept(sim);
            Address serverAddress = new Address(SERVER_HOST, ToyServer.DEFAULT_PORT);
            SimNode server = sim.addNode("server", SERVER_HOST,
                    env -> new ToyServer(env, serverAddress, "/toy/log", LOG_BYTES, sabotage));
            RandomSource workload = sim.stream("scenario", workloadVariant == 0 ? "workload" : "workload-" + workloadVariant);
            long records = RECORDS_PER_WRITER + workloadVariant * 50L;
            List<SimNode> writers = new ArrayList<>();
            for (int w = 1; w <= 2; w++) {
                long writerId = w;
                long interval = 5 + workload.nextInt(40);
                int window = 1 + workload.nextInt(16);
                writers.add(sim.addNode("writer-" + w, "10.0.0." + (w + 1), env -> new ToyWriter(env, serverAddress,
                        writerId, records, window, interval, this::onAck)));
            }
            server.start();
            writers.forEach(SimNode::start);

            planFaults(sim, server, writers);
            if (forceOutageThenPowerLoss) {
                sim.schedule(5_000, () -> {
                    server.disk().faults().forceFailureProbability(1.0);
                    faults.add("t=5.000s every force fails (2000 ms)");
                });
                sim.schedule(7_000, () -> {
                    if (server.isUp()) {
                        server.crash(CrashKind.POWER_LOSS);
                        faults.add("t=7.000s power loss of server before any force succeeds");
                    }
                    server.disk().faults().forceFailureProbability(0);
                    server.restart();
                });
            }
            sim.runFor(SAFETY_MS);
            heal(sim, server, writers);
            List<String> violations = new ArrayList<>();
            boolean live = sim.runUntil(() -> writers.stream().allMatch(
                    n -> n.isUp() && n.nodeAs(ToyWriter.class) != null && n.nodeAs(ToyWriter.class).finished()),
                    LIVENESS_LIMIT_MS);
            if (!live) {
                violations.add("liveness: writers did not finish within " + LIVENESS_LIMIT_MS + " ms after healing");
            }
            faults.add("final power loss of server");
            server.crash(CrashKind.POWER_LOSS);
            server.restart();
            SimNode readerNode = sim.addNode("reader", "10.0.0.9", env -> new ToyReader(env, serverAddress));
            readerNode.start();
            if (!sim.runUntil(() -> readerNode.node() != null && readerNode.nodeAs(ToyReader.class).finished(), 60_000)) {
                violations.add("reader did not finish reading the log");
            } else {
                check(readerNode.nodeAs(ToyReader.class).entries(), violations);
            }
            sim.foldIntoTrace(violations.size());
            return new Result(seed, sim.trace().hex(), sim.trace().events(), sim.elapsedMs(),
                    List.copyOf(violations), List.copyOf(faults), sim.trace().checkpoints());
        }
    }

    private void onAck(long writer, long sequence, long offset) {
        acknowledged.computeIfAbsent("writer-" + writer, k -> new TreeSet<>()).add(sequence);
    }

    /** Draws the fault plan: rate and kinds from the seed's own "faults" stream. */
    private void planFaults(Simulator sim, SimNode server, List<SimNode> writers) {
        RandomSource r = sim.stream("scenario", "faults");
        int count = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(8);
        for (int i = 0; i < count; i++) {
            long at = r.nextInt((int) SAFETY_MS - 2_000);
            long duration = 200 + r.nextInt(5_000);
            int kind = r.nextInt(8);
            SimNode writer = writers.get(r.nextInt(writers.size()));
            sim.schedule(at, () -> inject(sim, kind, duration, server, writer));
        }
    }

    private void inject(Simulator sim, int kind, long duration, SimNode server, SimNode writer) {
        String name = switch (kind) {
            case 0 -> partition(sim, writer, LinkMode.BLACKHOLE, duration);
            case 1 -> partition(sim, writer, LinkMode.CLOG, duration);
            case 2 -> partition(sim, writer, LinkMode.RESET, duration);
            case 3 -> crashAndRestart(sim, server, CrashKind.PROCESS, duration);
            case 4 -> crashAndRestart(sim, server, CrashKind.POWER_LOSS, duration);
            case 5 -> {
                server.disk().faults().failNextForces(1 + (int) (duration % 3));
                yield "failed forces";
            }
            case 6 -> {
                server.disk().faults().slowForces(duration / 10);
                sim.schedule(duration, () -> server.disk().faults().slowForces(0));
                yield "slow forces";
            }
            default -> crashAndRestart(sim, writer, CrashKind.PROCESS, duration);
        };
        faults.add(String.format(Locale.ROOT, "t=%.3fs %s (%d ms)", sim.nowNanos() / 1e9, name, duration));
    }

    private static String partition(Simulator sim, SimNode writer, LinkMode mode, long duration) {
        sim.network().partition(List.of(writer.host()), List.of(SERVER_HOST), mode);
        sim.schedule(duration, () -> sim.network().heal(writer.host(), SERVER_HOST));
        return mode.name().toLowerCase(Locale.ROOT) + " partition " + writer.name() + " <-> server";
    }

    private static String crashAndRestart(Simulator sim, SimNode node, CrashKind kind, long downMs) {
        if (!node.isUp()) {
            return "crash of " + node.name() + " (already down)";
        }
        node.crash(kind);
        sim.schedule(downMs, () -> {
            if (!node.isUp()) {
                node.restart();
            }
        });
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " of " + node.name();
    }

    private static void heal(Simulator sim, SimNode server, List<SimNode> writers) {
        sim.network().healAll();
        server.disk().faults().clear();
        if (!server.isUp()) {
            server.restart();
        }
        for (SimNode w : writers) {
            if (!w.isUp()) {
                w.restart();
            }
        }
    }

    private void check(List<ToyRecordFormat.Entry> entries, List<String> violations) {
        TreeMap<String, TreeSet<Long>> found = new TreeMap<>();
        for (ToyRecordFormat.Entry e : entries) {
            boolean known = (e.writer() == 1 || e.writer() == 2) && e.sequence() >= 1
                    && e.sequence() <= RECORDS_PER_WRITER + workloadVariant * 50L;
            if (!known || !Arrays.equals(e.payload(), ToyRecordFormat.payloadFor(e.writer(), e.sequence()))) {
                violations.add("altered or unknown record at offset " + e.offset() + ": writer " + e.writer() + " seq " + e.sequence());
                continue;
            }
            found.computeIfAbsent("writer-" + e.writer(), k -> new TreeSet<>()).add(e.sequence());
        }
        acknowledged.forEach((writer, seqs) -> {
            TreeSet<Long> missing = new TreeSet<>(seqs);
            missing.removeAll(found.getOrDefault(writer, new TreeSet<>()));
            if (!missing.isEmpty()) {
                violations.add("acknowledged records lost for " + writer + ": " + missing.size() + ", first " + missing.first());
            }
        });
    }

    /** The kind {@code bin/replay --scenario toy} runs. */
    public static final class Kind implements Scenario {
        @Override
        public String name() {
            return "toy";
        }

        @Override
        public String description() {
            return "the toy append log: writers, servers, partitions, crashes and power losses (the default)";
        }

        @Override
        public void checkSeed(String seedText) {
            SeedParser.parse(seedText);
        }

        @Override
        public ScenarioResult run(String seedText, Consumer<Simulator> attach) {
            return new ToyScenario(SeedParser.parse(seedText), attach).run();
        }
    }
}
