package io.petrel.chaos;

import io.petrel.cluster.BrokerSpec;
import io.petrel.cluster.ConfFiles;
import io.petrel.cluster.NodeProcess;
import io.petrel.cluster.ProcessCluster;
import io.petrel.cluster.RunSettings;
import io.petrel.cluster.Topology;
import io.petrel.env.Address;
import io.petrel.env.RandomSource;
import io.petrel.env.SplitMix64;
import io.petrel.scenarios.fuzz.FaultSchedule;
import io.petrel.scenarios.fuzz.FaultType;
import io.petrel.scenarios.fuzz.ProcessFaults;
import io.petrel.scenarios.history.Checker;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.Delivery;
import io.petrel.scenarios.history.GroupSpec;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.history.Send;
import io.petrel.scenarios.history.Verdict;
import io.petrel.scenarios.world.WorldNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One chaos run: the conf set started as processes, topics and groups created, the workload
 * started, then a safety phase in which process faults drawn from the run's seed arrive every
 * {@value #MEAN_FAULT_GAP_MS} ms on average (each healed after its own duration), the heal (every
 * fault ended, every server running), some more seconds of sends, the producers stopped, and a
 * liveness phase that ends when every group has consumed every acknowledged message of its topics,
 * or fails the run after the limit. The seed also draws the run's NameServers (one or two) and
 * whether every broker flushes synchronously. Once every node has stopped, {@link RealStoreScan} reads the
 * brokers' stores as the simulator's final scan does (opening a store recovers it, so a failing
 * run keeps its stores as the scan left them). The verdict is the {@link Checker}'s, with the
 * durability table of the simulator, fed the conf set's flush types and replication roles. The seed decides the
 * kinds, targets and durations of the faults and the clients' random choices; the timing of real
 * processes does the rest, so a re-run repeats the schedule, not every interleaving.
 */
final class ChaosRun {

    static final long MEAN_FAULT_GAP_MS = 10_000;
    private static final long STEP_MS = 200;
    private static final long PROGRESS_EVERY_MS = 10_000;
    /** After the producers stop: the longest a send in flight may still take (its timeout). */
    private static final long SETTLE_MS = 5_000;
    private static final long SETUP_LIMIT_MS = 90_000;

    private final ChaosOptions options;
    private final long seed;
    private final String label;
    private final PrintStream out;
    private final History history = new History();
    private ProcessWorld world;
    private Links links;
    /** Each broker's tmpfs store, when the run fills disks. */
    private final Map<String, TmpfsStore> tmpfs = new ConcurrentHashMap<>();
    /** Ctrl-C during a run: every tmpfs store still mounted is detached. */
    private final Thread detachOnExit = new Thread(this::detachStores, "chaos-tmpfs-detach");
    /** Each slave's master, by node name. */
    private final Map<String, String> masterOf = new LinkedHashMap<>();
    private FaultSchedule schedule;
    private long lastProgressMs;
    /** Why the cluster did not stop cleanly (a node had to be killed), or null. */
    private String stopProblem;

    ChaosRun(ChaosOptions options, long seed, String label, PrintStream out) {
        this.options = options;
        this.seed = seed;
        this.label = label;
        this.out = out;
    }

    ChaosResult run() {
        long startNanos = System.nanoTime();
        Path dir = options.dir().resolve("run-" + seed);
        String error = null;
        Verdict verdict = null;
        try {
            verdict = runCluster(dir);
            error = stopProblem;
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        Map<FaultType, Integer> fired = schedule == null ? Map.of() : schedule.fired();
        long wallMs = (System.nanoTime() - startNanos) / 1_000_000;
        ChaosResult result = new ChaosResult(seed, fired, acknowledged(), consumed(), verdict, error, dir, wallMs);
        if (result.ok()) {
            delete(dir);
            return new ChaosResult(seed, fired, result.acknowledged(), result.consumed(), verdict, null, null, wallMs);
        }
        keep(dir, result);
        return result;
    }

    private Verdict runCluster(Path dir) throws InterruptedException {
        RunSettings settings = RunSettings.of(options.home(), dir.resolve("cluster")).withClasspath(options.classpath())
                .withMaxHeapMb(options.maxHeapMb());
        String problemOnStop = null;
        links = new Links();
        ProcessCluster cluster;
        try {
            cluster = startCluster(settings);
        } catch (RuntimeException e) {
            links.close();
            unmountStores();
            throw e;
        }
        try {
            world = new ProcessWorld(cluster);
            List<NodeProcess> masters = new ArrayList<>();
            List<NodeProcess> slaves = new ArrayList<>();
            describeBrokers(cluster, masters, slaves);
            ChaosSetup.createTopicsAndGroups(cluster.namesrvAddr(), masters, slaves, dir.resolve("admin"), SETUP_LIMIT_MS);
            List<String> brokerNames = new ArrayList<>(history.brokerFlush().keySet());
            try (ChaosWorkload workload = new ChaosWorkload(cluster.namesrvAddr(), brokerNames, history, world::nowMs,
                    dir.resolve("clients"), seed, links.dialViaFor(), options.officialClasspath())) {
                workload.start();
                world.clients(workload::clientNodes);
                safetyPhase();
                heal(workload);
                liveness();
                if (!workload.problems().isEmpty()) {
                    throw new IllegalStateException("the history cannot be trusted: " + String.join("; ", workload.problems()));
                }
                printOfficialShare();
            }
        } finally {
            links.healAll();
            try {
                cluster.close();
            } catch (RuntimeException e) {
                problemOnStop = e.getMessage();
            }
            links.close();
            unmountStores();
        }
        if (problemOnStop != null) {
            stopProblem = "the cluster did not stop cleanly: " + problemOnStop + (stopProblem == null ? "" : "; " + stopProblem);
        }
        Map<String, Path> brokers = new LinkedHashMap<>();
        cluster.nodes().stream().filter(n -> n.kind().isBroker()).forEach(n -> brokers.put(n.name(), n.configFile()));
        RealStoreScan.run(brokers, masterOf, history, dir.resolve("scan"));
        return Checker.check(history);
    }

    /**
     * Starts the conf set's NameServers, then its brokers (masters before slaves), each broker
     * reaching every NameServer, and each slave its master's HA port, through a {@link Links} proxy;
     * the clients' links to every server are made as each starts.
     */
    private ProcessCluster startCluster(RunSettings settings) {
        // The run's seed draws its NameServers (one or two) and its brokers' flush type (the shipped
        // sets are ASYNC_FLUSH; half the runs make every broker SYNC_FLUSH).
        RandomSource shape = new SplitMix64(seed ^ 0x510E527FADE682D1L);
        Topology topology = Topology.confSet(options.home(), options.conf()).withNamesrvs(1 + shape.nextInt(2));
        String flush = shape.nextBoolean() ? "SYNC_FLUSH" : "ASYNC_FLUSH";
        out.printf(Locale.ROOT, "%s: %s, %d NameServer(s), every broker %s%n", label, options.conf(), topology.namesrvs(), flush);
        ProcessCluster cluster = ProcessCluster.open(settings);
        try {
            List<NodeProcess> namesrvs = new ArrayList<>();
            for (int i = 0; i < topology.namesrvs(); i++) {
                NodeProcess n = cluster.startNamesrv(topology.namesrvProperties());
                namesrvs.add(n);
                links.server(n.name(), Address.parse(n.address()));
            }
            Map<String, NodeProcess> masters = new LinkedHashMap<>();
            for (BrokerSpec spec : topology.brokers()) {
                if (options.faults().contains(FaultType.DISK_FULL)) {
                    if (tmpfs.isEmpty()) {
                        Runtime.getRuntime().addShutdownHook(detachOnExit);
                    }
                    tmpfs.put(spec.name(), TmpfsStore.mount(settings.storeDir(spec.name())));
                }
                Path shipped = options.home().resolve("conf").resolve(spec.shippedFile());
                Map<String, String> more = new LinkedHashMap<>();
                more.put("flushDiskType", flush);
                more.put("namesrvAddr", String.join(";", namesrvs.stream()
                        .map(n -> links.via(spec.name(), n.name(), Address.parse(n.address()).port()).toString()).toList()));
                String brokerName = ConfFiles.valueOf(shipped, "brokerName", spec.name());
                boolean slave = "SLAVE".equals(ConfFiles.valueOf(shipped, "brokerRole", "ASYNC_MASTER"));
                if (slave) {
                    NodeProcess master = masters.get(brokerName);
                    if (master == null) {
                        throw new IllegalStateException("slave " + spec.name() + " of " + brokerName + " has no master in "
                                + options.conf());
                    }
                    int haPort = Integer.parseInt(ConfFiles.valueOf(master.configFile(), "haListenPort", "-1"));
                    more.put("haMasterAddress", links.via(spec.name(), master.name(), haPort).toString());
                    masterOf.put(spec.name(), master.name());
                }
                BrokerSpec linked = spec.with(more);
                NodeProcess b = cluster.startBroker(options.brokerMainClass().isEmpty() ? linked
                        : linked.withMainClass(options.brokerMainClass()));
                if (!slave) {
                    masters.put(brokerName, b);
                }
                links.server(b.name(), Address.parse(b.address()));
            }
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("cannot read the conf set " + options.conf(), e);
        } catch (RuntimeException e) {
            try {
                cluster.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Unmounts every broker's tmpfs, keeping a copy of its store on disk; a failure is the run's error. */
    private void unmountStores() {
        if (tmpfs.isEmpty()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(detachOnExit);
        } catch (IllegalStateException e) {
            return; // the JVM is shutting down: the hook detaches them
        }
        for (TmpfsStore store : tmpfs.values()) {
            try {
                store.unmount();
            } catch (RuntimeException e) {
                stopProblem = (stopProblem == null ? "" : stopProblem + "; ") + e.getMessage();
            }
        }
        tmpfs.clear();
    }

    private void detachStores() {
        for (TmpfsStore store : List.copyOf(tmpfs.values())) {
            try {
                store.detach();
            } catch (RuntimeException e) {
                System.err.println("chaos: " + e.getMessage());
            }
        }
    }

    /** Tells the history each broker's flush type and, for a slave, its master's role. */
    private void describeBrokers(ProcessCluster cluster, List<NodeProcess> masters, List<NodeProcess> slaves) {
        List<String[]> replicas = new ArrayList<>();
        for (NodeProcess node : cluster.nodes()) {
            if (!node.kind().isBroker()) {
                continue;
            }
            String brokerName = value(node, "brokerName", node.name());
            if ("SLAVE".equals(value(node, "brokerRole", "ASYNC_MASTER"))) {
                slaves.add(node);
                replicas.add(new String[] {brokerName, node.name(), value(node, "flushDiskType", "ASYNC_FLUSH")});
            } else {
                masters.add(node);
                history.broker(brokerName, value(node, "flushDiskType", "ASYNC_FLUSH"));
            }
        }
        for (String[] r : replicas) {
            NodeProcess master = masters.stream().filter(m -> value(m, "brokerName", m.name()).equals(r[0])).findFirst()
                    .orElseThrow(() -> new IllegalStateException("slave " + r[1] + " of " + r[0] + " has no master in " + options.conf()));
            history.replica(r[0], value(master, "brokerRole", "ASYNC_MASTER"), r[1], r[2]);
        }
    }

    private static String value(NodeProcess node, String key, String fallback) {
        try {
            return ConfFiles.valueOf(node.configFile(), key, fallback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + node.configFile(), e);
        }
    }

    // ---- phases ------------------------------------------------------------------------------

    private void safetyPhase() throws InterruptedException {
        RandomSource events = new SplitMix64(seed ^ 0x6A09E667F3BCC909L);
        schedule = new FaultSchedule(world, history);
        ProcessFaults faults = new ProcessFaults(world, schedule, new SplitMix64(seed ^ 0xBB67AE8584CAA73BL), node -> false);
        LinkFaults network = new LinkFaults(links, schedule, new SplitMix64(seed ^ 0x3C6EF372FE94F82BL));
        DiskFaults disks = new DiskFaults(world, tmpfs, schedule, new SplitMix64(seed ^ 0xA54FF53A5F1D36F1L));
        long end = world.nowMs() + options.safetyMs();
        long nextFault = world.nowMs() + gapMs(events);
        while (world.nowMs() < end) {
            Thread.sleep(STEP_MS);
            world.runDue();
            if (world.nowMs() >= nextFault) {
                FaultType type = options.faults().get(events.nextInt(options.faults().size()));
                boolean injected = LinkFaults.TYPES.contains(type) ? network.inject(type)
                        : DiskFaults.TYPES.contains(type) ? disks.inject(type) : faults.inject(type);
                if (injected) {
                    schedule.fired(type);
                }
                nextFault = world.nowMs() + gapMs(events);
            }
            progress("safety");
        }
    }

    /** Half to one and a half times the mean gap: a first fault always comes within a short safety phase. */
    private static long gapMs(RandomSource events) {
        return MEAN_FAULT_GAP_MS / 2 + (long) (events.nextDouble() * MEAN_FAULT_GAP_MS);
    }

    /** Every fault ended, every server running; the producers send a while longer, then stop. */
    private void heal(ChaosWorkload workload) throws InterruptedException {
        schedule.healAll();
        supervise();
        long end = world.nowMs() + options.sendAfterHealMs();
        while (world.nowMs() < end) {
            Thread.sleep(STEP_MS);
            supervise();
            progress("healed");
        }
        workload.stopProducers();
        Thread.sleep(SETTLE_MS);
    }

    /** A supervisor (systemd, an operator) resumes a paused node and starts one that is down. */
    private void supervise() {
        for (WorldNode n : world.everyNode()) {
            if (n.state() == WorldNode.State.PAUSED) {
                n.resume();
            }
            ProcessFaults.startIfDown(n);
        }
    }

    private void liveness() throws InterruptedException {
        long start = world.nowMs();
        long lost = lostSoFar();
        while (lost > 0 && world.nowMs() - start < options.livenessLimitMs()) {
            Thread.sleep(STEP_MS * 5);
            if (world.nowMs() - lastProgressMs >= PROGRESS_EVERY_MS) {
                progress("liveness");
                out.printf(Locale.ROOT, "%s   waiting for %s%n", label, missingByReceiver());
            }
            lost = lostSoFar();
        }
        if (lost > 0) {
            history.livenessProblem("not converged " + (world.nowMs() - start) / 1000 + " s after the producers stopped: "
                    + lost + " acknowledged messages not consumed yet (" + missingByReceiver() + ")");
        }
    }

    /**
     * Acknowledged messages not consumed yet, by group (by member for a broadcasting group), for the
     * progress lines of a liveness phase that takes long: which consumer it waits for.
     */
    private String missingByReceiver() {
        List<Send> acked = history.sends().stream().filter(s -> s.outcome() == Send.Outcome.OK).toList();
        Map<String, Long> missing = new LinkedHashMap<>();
        for (GroupSpec g : history.groups().values()) {
            List<String> receivers = g.kind() == ConsumerKind.BROADCASTING ? g.members() : List.of(g.group());
            for (String receiver : receivers) {
                Set<String> got = new HashSet<>();
                history.deliveries().stream().filter(d -> d.consumed() && d.group().equals(g.group())
                        && (g.kind() != ConsumerKind.BROADCASTING || d.consumer().equals(receiver))).forEach(d -> got.add(d.id()));
                long n = acked.stream().filter(s -> g.topics().contains(s.topic()) && !got.contains(s.id())).count();
                if (n > 0) {
                    missing.put(receiver, n);
                }
            }
        }
        return missing.isEmpty() ? "nothing" : missing.toString();
    }

    private long lostSoFar() {
        return Checker.check(history).violations().stream().filter(v -> v.check().equals("acknowledged-message-lost"))
                .mapToLong(Verdict.Violation::count).sum();
    }

    /** What the official 4.9.8 clients did in this run: sends acknowledged, and messages their group consumed. */
    private void printOfficialShare() {
        long acked = history.sends().stream()
                .filter(s -> s.outcome() == Send.Outcome.OK && s.producer().equals(ChaosWorkload.OFFICIAL_PRODUCER)).count();
        long consumed = history.deliveries().stream()
                .filter(d -> d.consumed() && d.group().equals(ChaosWorkload.OFFICIAL_GROUP)).map(Delivery::id).distinct().count();
        out.printf(Locale.ROOT, "%s official 4.9.8 client: %d acknowledged to %s, %d consumed by %s%n", label, acked,
                ChaosWorkload.OFFICIAL_PRODUCER, consumed, ChaosWorkload.OFFICIAL_GROUP);
        out.flush();
    }

    private void progress(String phase) {
        long now = world.nowMs();
        if (now - lastProgressMs < PROGRESS_EVERY_MS) {
            return;
        }
        lastProgressMs = now;
        int faults = schedule == null ? 0 : schedule.fired().values().stream().mapToInt(Integer::intValue).sum();
        out.printf(Locale.ROOT, "%s %s %3d s: faults %d, acknowledged %d, consumed %d%n", label, phase, now / 1000, faults,
                acknowledged(), consumed());
        out.flush();
    }

    private long acknowledged() {
        return history.sends().stream().filter(s -> s.outcome() == Send.Outcome.OK).count();
    }

    private long consumed() {
        TreeSet<String> ids = new TreeSet<>();
        history.deliveries().stream().filter(Delivery::consumed).forEach(d -> ids.add(d.id()));
        return ids.size();
    }

    // ---- the run's files ---------------------------------------------------------------------

    /** A failing run's directory keeps its nodes' files and gets the history and verdict. */
    private void keep(Path dir, ChaosResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("seed: " + seed + " (" + options.rerunCommand(seed) + ")");
        lines.add("verdict: " + (result.verdict() == null ? "none" : result.verdict().summary()));
        result.problems().forEach(p -> lines.add("problem: " + p));
        history.faults().forEach(f -> lines.add("fault: " + f));
        history.sends().forEach(s -> lines.add("send: " + s));
        history.deliveries().forEach(d -> lines.add("delivery: " + d));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("history.txt"), lines);
        } catch (IOException e) {
            out.println(label + ": could not write " + dir.resolve("history.txt") + ": " + e.getMessage());
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the passing run's directory " + dir, e);
        }
    }
}
