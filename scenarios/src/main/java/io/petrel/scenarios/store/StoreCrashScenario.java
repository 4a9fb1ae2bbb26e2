package io.petrel.scenarios.store;

import io.petrel.common.Sabotage;
import io.petrel.common.message.HostAddress;
import io.petrel.config.ConfigContext;
import io.petrel.env.RandomSource;
import io.petrel.env.SplitMix64;
import io.petrel.scenarios.Scenario;
import io.petrel.scenarios.ScenarioResult;
import io.petrel.scenarios.SeedParser;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.SimOptions;
import io.petrel.sim.SimulationFailure;
import io.petrel.sim.Simulator;
import io.petrel.store.FlushDiskType;
import io.petrel.store.StoreConfig;
import io.petrel.store.StoreContext;
import io.petrel.store.commitlog.TopicQueue;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The message store under crashes, seeded. One store node with small files (commit-log files of
 * 64–256 KiB, consume-queue files of a few hundred entries, small index files, a small disk so
 * retention deletes), ASYNC_FLUSH or SYNC_FLUSH as the seed draws, and a random workload.
 * <ol>
 *   <li>Safety phase: puts while faults may strike (failed and slow forces, a disk filling up, a
 *       process crash with restart); then a process crash or a power loss at a random moment.</li>
 *   <li>Recovery, then the checks of {@link StoreChecker}.</li>
 *   <li>A second crash right after recovery and a second recovery, which must change nothing.</li>
 *   <li>Liveness: faults healed, the store must accept and keep new puts.</li>
 * </ol>
 * Same seed, same run: every choice comes from the simulator's seeded streams.
 */
public final class StoreCrashScenario {

    static final String HOST = "10.0.0.1";
    static final long READY_LIMIT_MS = 30_000;

    /** What a run produced. */
    public record Result(long seed, String traceHash, long events, long simulatedMs, List<String> violations,
            List<String> faults, String summary) implements ScenarioResult.Listed {

        @Override
        public String title() {
            return "message store crash";
        }

        @Override
        public String workload() {
            return summary;
        }
    }

    private final long seed;
    private final Consumer<Simulator> beforeRun;
    private final EnumSet<Sabotage> sabotage = EnumSet.noneOf(Sabotage.class);
    private final List<String> faults = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Ledger ledger = new Ledger();

    public StoreCrashScenario(long seed) {
        this(seed, sim -> { });
    }

    public StoreCrashScenario(long seed, Consumer<Simulator> beforeRun) {
        this.seed = seed;
        this.beforeRun = beforeRun;
    }

    /** Tests only: a store that acknowledges SYNC_FLUSH puts before forcing (must be caught). */
    public StoreCrashScenario sabotageAckBeforeForce() {
        return sabotage(Sabotage.ACK_SYNC_FLUSH_BEFORE_FORCE);
    }

    /** Tests only: a store with this {@link Sabotage} switch on (see {@link io.petrel.store.MessageStore}), which must be caught. */
    public StoreCrashScenario sabotage(Sabotage switchOn) {
        sabotage.add(switchOn);
        return this;
    }

    /** The command that replays a seed of this scenario with its event log. */
    public static String replayCommand(long seed) {
        return "bin/replay --scenario store " + seed;
    }

    /**
     * Runs the scenario. A node that throws (a broken invariant) fails the run with a
     * {@link SimulationFailure} naming this scenario's replay command.
     */
    public Result run() {
        try {
            return runChecked();
        } catch (SimulationFailure f) {
            throw new SimulationFailure(seed, "store scenario: " + f.getMessage().lines().findFirst().orElse("")
                    + "\n  replay: " + replayCommand(seed), f);
        }
    }

    private Result runChecked() {
        RandomSource plan = new SplitMix64(seed ^ 0x5EEDL);
        long diskBytes = (8L + plan.nextInt(24)) << 20;
        try (Simulator sim = new Simulator(seed, SimOptions.defaults().diskTotalBytes(diskBytes))) {
            beforeRun.accept(sim);
            StoreConfig config = config(sim.stream("scenario", "config"), plan.nextInt(4) == 0);
            StoreWorkload workload = new StoreWorkload(sim.stream("scenario", "workload"), sim.stream("scenario", "pulls"),
                    config.flushDiskType() == FlushDiskType.SYNC_FLUSH, ledger,
                    1 + sim.stream("scenario", "window").nextInt(48), 3000, config.maxMessageSize());
            StoreContext context = new StoreContext("PetrelCluster", HostAddress.parse(HOST + ":10911"), ZoneId.of("UTC"), 1L << 30);
            SimNode node = sim.addNode("store", HOST, env -> new StoreNode(env, config, context, sabotage,
                    workload::attach));
            faults.add(config.flushDiskType() + ", commit-log files of " + config.mappedFileSizeCommitLog() / 1024
                    + " KiB, disk " + (diskBytes >> 20) + " MiB");
            node.start();
            if (!awaitReady(sim, node, "first start")) {
                return result(sim);
            }
            safetyPhase(sim, node, sim.stream("scenario", "faults"));
            StoreChecker checker = new StoreChecker(ledger, violations);
            if (recoverAndCheck(sim, node, workload, checker, config)) {
                secondRecovery(sim, node, workload, sim.stream("scenario", "second"));
                liveness(sim, node, workload, checker, config);
            }
            return result(sim);
        }
    }

    private Result result(Simulator sim) {
        sim.foldIntoTrace(violations.size());
        String summary = String.format(Locale.ROOT, "%d puts sent, %d acknowledged", ledger.sent(), ledger.acked());
        return new Result(seed, sim.trace().hex(), sim.trace().events(), sim.elapsedMs(), List.copyOf(violations),
                List.copyOf(faults), summary);
    }

    static StoreConfig config(RandomSource r, boolean timeRetention) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("storePathRootDir", "/data/store");
        p.put("flushDiskType", r.nextBoolean() ? "SYNC_FLUSH" : "ASYNC_FLUSH");
        p.put("mappedFileSizeCommitLog", Integer.toString((16 + r.nextInt(49)) * 4096));
        p.put("mappedFileSizeConsumeQueue", Integer.toString(20 * (64 + r.nextInt(449))));
        p.put("maxMessageSize", "16384");
        p.put("flushIntervalCommitLog", Integer.toString(10 + r.nextInt(190)));
        p.put("flushCommitLogLeastPages", Integer.toString(r.nextInt(5)));
        p.put("flushCommitLogThoroughInterval", Integer.toString(100 + r.nextInt(1900)));
        p.put("flushIntervalConsumeQueue", Integer.toString(20 + r.nextInt(480)));
        p.put("flushConsumeQueueLeastPages", Integer.toString(r.nextInt(3)));
        p.put("flushConsumeQueueThoroughInterval", Integer.toString(200 + r.nextInt(4800)));
        p.put("syncFlushTimeout", Integer.toString(100 + r.nextInt(1900)));
        p.put("maxHashSlotNum", Integer.toString(64 + r.nextInt(192)));
        p.put("maxIndexNum", Integer.toString(256 + r.nextInt(1792)));
        p.put("cleanResourceInterval", Integer.toString(100 + r.nextInt(900)));
        p.put("deleteCommitLogFilesInterval", Integer.toString(1 + r.nextInt(50)));
        p.put("diskMaxUsedSpaceRatio", Integer.toString(40 + r.nextInt(36)));
        p.put("destroyMapedFileIntervalForcibly", "1000");
        p.put("redeleteHangedFileInterval", "1000");
        if (timeRetention) {
            p.put("deleteWhen", "00");
            p.put("fileReservedTime", "0");
        }
        return StoreConfig.of(p, ConfigContext.of("/data", HOST));
    }

    private boolean awaitReady(Simulator sim, SimNode node, String what) {
        boolean ready = sim.runUntil(() -> node.isUp() && node.node() != null
                && node.nodeAs(StoreNode.class).startResult() != null, READY_LIMIT_MS);
        StoreNode store = node.isUp() ? node.nodeAs(StoreNode.class) : null;
        if (!ready || store == null || !store.isReady()) {
            violations.add(what + ": the store did not become ready"
                    + (store != null && store.startResult() != null ? ": " + store.startResult().problem() : ""));
            return false;
        }
        return true;
    }

    /** Puts with faults; ends with a crash of the seed's kind at a random moment. */
    private void safetyPhase(Simulator sim, SimNode node, RandomSource r) {
        long length = 300 + r.nextInt(2700);
        int count = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            long at = r.nextInt((int) length);
            int kind = r.nextInt(5);
            long amount = r.nextInt(1000);
            sim.schedule(at, () -> inject(sim, node, kind, amount));
        }
        sim.runFor(length);
        CrashKind crash = r.nextInt(5) < 3 ? CrashKind.POWER_LOSS : CrashKind.PROCESS;
        crash(sim, node, crash, "final ");
    }

    private void inject(Simulator sim, SimNode node, int kind, long amount) {
        if (!node.isUp()) {
            return;
        }
        String what = switch (kind) {
            case 0 -> {
                node.disk().faults().failNextForces(1 + (int) (amount % 3));
                yield "next " + (1 + amount % 3) + " forces fail";
            }
            case 1 -> {
                node.disk().faults().slowForces(amount / 3);
                sim.schedule(200 + amount, () -> node.disk().faults().slowForces(0));
                yield "forces " + amount / 3 + " ms slower";
            }
            case 2 -> {
                long filler = node.disk().usableSpaceBytes() * (60 + amount % 35) / 100;
                node.disk().faults().fillerBytes(filler);
                sim.schedule(500 + amount, () -> node.disk().faults().fillerBytes(0));
                yield "disk filled by " + (filler >> 10) + " KiB";
            }
            default -> {
                crash(sim, node, CrashKind.PROCESS, "");
                node.restart();
                yield "restart after the crash";
            }
        };
        faults.add(String.format(Locale.ROOT, "t=%.3fs %s", sim.nowNanos() / 1e9, what));
    }

    private void crash(Simulator sim, SimNode node, CrashKind kind, String prefix) {
        if (kind == CrashKind.POWER_LOSS) {
            ledger.onPowerLoss();
        }
        faults.add(String.format(Locale.ROOT, "t=%.3fs %s%s", sim.nowNanos() / 1e9, prefix,
                kind == CrashKind.PROCESS ? "process crash" : "power loss"));
        node.crash(kind);
    }

    private boolean recoverAndCheck(Simulator sim, SimNode node, StoreWorkload workload, StoreChecker checker,
            StoreConfig config) {
        workload.setEnabled(false);
        node.disk().faults().clear();
        node.restart();
        if (!awaitReady(sim, node, "recovery")) {
            return false;
        }
        checker.check(node.nodeAs(StoreNode.class).store(), config.flushDiskType() == FlushDiskType.SYNC_FLUSH, "after recovery");
        return true;
    }

    private void secondRecovery(Simulator sim, SimNode node, StoreWorkload workload, RandomSource r) {
        sim.runFor(r.nextInt(200));
        TreeMap<TopicQueue, Long> mins = new TreeMap<>();
        TreeMap<String, Long> before = StoreChecker.digest(node.nodeAs(StoreNode.class).store(), mins);
        crash(sim, node, r.nextBoolean() ? CrashKind.PROCESS : CrashKind.POWER_LOSS, "second ");
        node.restart();
        if (!awaitReady(sim, node, "second recovery")) {
            return;
        }
        TreeMap<String, Long> after = StoreChecker.digest(node.nodeAs(StoreNode.class).store(), mins);
        if (!before.equals(after)) {
            TreeMap<String, String> changed = new TreeMap<>();
            before.forEach((k, v) -> {
                if (!v.equals(after.get(k))) {
                    changed.put(k, v + " -> " + after.get(k));
                }
            });
            after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(k -> changed.put(k, "new " + after.get(k)));
            violations.add("the second recovery changed the store: " + changed);
        }
    }

    private void liveness(Simulator sim, SimNode node, StoreWorkload workload, StoreChecker checker, StoreConfig config) {
        long ackedBefore = ledger.acked();
        workload.setEnabled(true);
        sim.runFor(500);
        workload.setEnabled(false);
        sim.runFor(config.syncFlushTimeout() + 100L);
        if (ledger.acked() == ackedBefore) {
            violations.add("liveness: no put was acknowledged in 500 ms after recovery: "
                    + node.nodeAs(StoreNode.class).store().whyNotWriteable());
        }
        node.crash(CrashKind.PROCESS);
        node.restart();
        if (awaitReady(sim, node, "final restart")) {
            checker.check(node.nodeAs(StoreNode.class).store(), config.flushDiskType() == FlushDiskType.SYNC_FLUSH,
                    "after the final restart");
        }
    }

    /** The kind {@code bin/replay --scenario store} runs. */
    public static final class Kind implements Scenario {
        @Override
        public String name() {
            return "store";
        }

        @Override
        public String description() {
            return "the message store under crashes, power losses and disk faults";
        }

        @Override
        public void checkSeed(String seedText) {
            SeedParser.parse(seedText);
        }

        @Override
        public ScenarioResult run(String seedText, Consumer<Simulator> attach) {
            return new StoreCrashScenario(SeedParser.parse(seedText), attach).run();
        }
    }
}
