package io.petrel.scenarios.fuzz;

import io.petrel.common.Sabotage;
import io.petrel.env.RandomSource;
import io.petrel.scenarios.Scenario;
import io.petrel.scenarios.ScenarioResult;
import io.petrel.scenarios.history.Checker;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.history.Send;
import io.petrel.scenarios.world.WorldNode;
import io.petrel.sim.SimNode;
import io.petrel.sim.SimOptions;
import io.petrel.sim.SimulationFailure;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One fuzzed cluster run from a {@link FuzzSeed}: the {@link FuzzPlan}'s topology and workload,
 * then
 * <ol>
 *   <li>a safety phase in which faults (at the plan's rates) and membership changes arrive as
 *       Poisson processes while the workload runs, observed every simulated second;</li>
 *   <li>a heal: every fault ended, every server and broadcasting member up, clocks and disks
 *       restored, producers sending for ten more seconds and then stopping;</li>
 *   <li>a liveness phase that must reach {@link Convergence} within {@link #CONVERGE_LIMIT_MS}, or
 *       while groups keep consuming new messages, within {@link #CONVERGE_HARD_LIMIT_MS};</li>
 *   <li>a final scan of the stores and the {@link Checker}'s verdict on the history.</li>
 * </ol>
 * Same seed, same run, same trace hash.
 */
public final class FuzzScenario {

    static final long STEP_MS = 1_000;
    static final long SEND_AFTER_HEAL_MS = 10_000;
    static final long CONVERGE_LIMIT_MS = 300_000;
    /**
     * Past {@link #CONVERGE_LIMIT_MS} the liveness phase goes on while groups still consume messages
     * they had not consumed before (a group locked out of its queues for much of the safety phase may
     * owe a backlog its orderly listener needs longer to work off: fuzz5-64821), at most this long.
     */
    static final long CONVERGE_HARD_LIMIT_MS = 900_000;
    static final long PROGRESS_WINDOW_MS = 60_000;
    /**
     * How often a campaign checks node invariants: after every this-many-th node event. Every event
     * would cost about twice the campaign's time; one in 16 keeps {@code bin/bench fuzz} above its
     * target while every node is still checked hundreds of times a simulated second.
     */
    public static final int CAMPAIGN_INVARIANT_CHECK_EVERY = 16;

    private final FuzzSeed seed;
    private final FuzzPlan fixedPlan;
    private final Consumer<Simulator> beforeRun;
    private final History history = new History();
    private final List<String> timeline = new ArrayList<>();
    private Simulator sim;
    private FuzzWorld world;
    private FaultInjector faults;
    private Observer observer;
    private RandomSource random;
    private Set<Sabotage> sabotage = Sabotage.none();
    private int invariantCheckEvery = CAMPAIGN_INVARIANT_CHECK_EVERY;

    public FuzzScenario(FuzzSeed seed) {
        this(seed, sim -> { });
    }

    public FuzzScenario(FuzzSeed seed, Consumer<Simulator> beforeRun) {
        this.seed = seed;
        this.fixedPlan = null;
        this.beforeRun = beforeRun;
    }

    /** Runs {@code plan} as given (benchmarks); its seed still drives every random choice. */
    public FuzzScenario(FuzzPlan plan) {
        this.seed = plan.seed();
        this.fixedPlan = plan;
        this.beforeRun = sim -> { };
    }

    /**
     * Tests only: runs every broker and client with these {@link Sabotage} switches, to show the
     * checker catches the bug each one plants.
     */
    public FuzzScenario withSabotage(Set<Sabotage> switches) {
        this.sabotage = Sabotage.copyOf(switches);
        return this;
    }

    /** After how many node events to check invariants (1: every event, as property tests do). */
    public FuzzScenario withInvariantCheckEvery(int every) {
        this.invariantCheckEvery = every;
        return this;
    }

    public History history() {
        return history;
    }

    public FuzzResult run() {
        long wallStart = System.nanoTime();
        FuzzPlan plan = fixedPlan != null ? fixedPlan : FuzzPlan.of(seed);
        sim = new Simulator(seed.value(), SimOptions.defaults().invariantCheckEvery(invariantCheckEvery));
        try {
            try {
                beforeRun.accept(sim);
                random = sim.stream("fuzz", "events");
                world = new FuzzWorld(sim, plan, history, sabotage);
                world.build();
                faults = new FaultInjector(sim, world, sim.stream("fuzz", "faults"), history);
                observer = new Observer(world, history, faults);
                safetyPhase();
                long healedAt = heal();
                liveness(healedAt);
                FinalScan.run(world, history);
            } catch (SimulationFailure failure) {
                // A node threw out of an event: the run cannot go on, and that is itself a violation.
                String first = failure.getMessage().lines().findFirst().orElse("?");
                history.nodeFailure(first + where(failure.getCause()));
                note("stopped: " + first);
            }
            return new FuzzResult(seed, plan, Checker.check(history), faults == null ? Map.of() : faults.fired(),
                    sim.coverage().counts(), List.copyOf(timeline), sim.trace().hex(), sim.trace().events(),
                    sim.elapsedMs(), System.nanoTime() - wallStart);
        } finally {
            sim.close();
        }
    }

    /** The first frames of Petrel's code in a node's exception, to say where it escaped. */
    private static String where(Throwable cause) {
        if (cause == null) {
            return "";
        }
        StringBuilder at = new StringBuilder();
        int shown = 0;
        for (StackTraceElement e : cause.getStackTrace()) {
            if (e.getClassName().startsWith("io.petrel.") && !e.getClassName().startsWith("io.petrel.sim.") && shown++ < 4) {
                at.append(shown == 1 ? " at " : " < ").append(e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1))
                        .append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
            }
        }
        return at.toString();
    }

    private void note(String what) {
        timeline.add(String.format(Locale.ROOT, "%9.3f s %s", sim.elapsedMs() / 1e3, what));
    }

    // ---- safety ------------------------------------------------------------------------------

    private void safetyPhase() {
        FuzzPlan plan = world.plan;
        double faultRate = plan.faultsPerMinute().values().stream().mapToDouble(Double::doubleValue).sum() / 60_000.0;
        double churnRate = plan.churnPerMinute() / 60_000.0;
        long end = sim.elapsedMs() + plan.safetyMs();
        long nextFault = next(faultRate);
        long nextChurn = next(churnRate);
        while (sim.elapsedMs() < end) {
            sim.runFor(STEP_MS);
            observer.sample();
            long now = sim.elapsedMs();
            while (nextFault <= now) {
                FaultType type = pickFault(plan.faultsPerMinute());
                faults.inject(type);
                note("fault " + type.label());
                nextFault = now + next(faultRate);
            }
            while (nextChurn <= now) {
                churn();
                nextChurn = now + next(churnRate);
            }
        }
    }

    /** Milliseconds to the next event of a Poisson process with {@code perMilli} events per ms (never for 0). */
    private long next(double perMilli) {
        if (perMilli <= 0) {
            return Long.MAX_VALUE / 4;
        }
        return Math.max(1, (long) (-StrictMath.log(1 - random.nextDouble()) / perMilli));
    }

    private FaultType pickFault(Map<FaultType, Double> rates) {
        double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        double pick = random.nextDouble() * total;
        for (Map.Entry<FaultType, Double> e : rates.entrySet()) {
            pick -= e.getValue();
            if (pick < 0) {
                return e.getKey();
            }
        }
        return rates.keySet().iterator().next();
    }

    private void churn() {
        List<FuzzPlan.GroupPlan> groups = world.plan.groups();
        FuzzPlan.GroupPlan g = groups.get(random.nextInt(groups.size()));
        List<SimNode> members = world.members.get(g.group());
        List<SimNode> up = members.stream().filter(n -> n.state() == SimNode.State.RUNNING).toList();
        List<SimNode> down = members.stream().filter(n -> n.state() == SimNode.State.DOWN).toList();
        int choice = random.nextInt(3);
        if (choice == 0 && world.addMember(g)) {
            SimNode joined = members.get(members.size() - 1);
            note("member joins " + joined.name());
            observer.membershipChanged(g, joined.name(), "joined");
        } else if (choice == 1 && up.size() > 1 && g.kind() != ConsumerKind.BROADCASTING) {
            SimNode leaving = up.get(random.nextInt(up.size()));
            leaving.shutdown();
            note("member leaves " + leaving.name());
            observer.membershipChanged(g, leaving.name(), "left");
        } else if (choice == 2 && !down.isEmpty()) {
            SimNode back = down.get(random.nextInt(down.size()));
            back.start();
            note("member rejoins " + back.name());
            observer.membershipChanged(g, back.name(), "rejoined");
        }
    }

    // ---- heal and liveness -----------------------------------------------------------------

    private long heal() {
        faults.healAll();
        world.stopIntruder();
        for (SimNode n : world.everyone()) {
            n.clock().reset();
            if (n.state() == SimNode.State.PAUSED) {
                n.resume();
            }
        }
        for (SimNode b : world.brokerNodes()) {
            b.disk().faults().clear();
        }
        superviseServers();
        world.producers.stream().filter(n -> n.state() == SimNode.State.DOWN).forEach(SimNode::start);
        superviseGroups();
        note("heal: every fault ended, servers and needed members up");
        long healedAt = sim.elapsedMs();
        // Ten seconds, or longer while a producer has had nothing acknowledged since the heal (a
        // restarted master may hold writes for a while, waiting for its slave to hand back a lost tail).
        for (long t = 0; t < SEND_AFTER_HEAL_MS || (!everyProducerAcknowledgedSince(healedAt) && t < CONVERGE_LIMIT_MS);
                t += STEP_MS) {
            sim.runFor(STEP_MS);
            superviseServers();
            superviseGroups();
            observer.sample();
        }
        world.producerApps.values().forEach(FuzzProducerApp::stop);
        note("producers stop");
        return healedAt;
    }

    private boolean everyProducerAcknowledgedSince(long healedAt) {
        return world.plan.producers().stream().allMatch(p -> history.sends().stream().anyMatch(s ->
                s.outcome() == Send.Outcome.OK && s.completedAtMs() >= healedAt && s.id().startsWith(p.name() + ".")));
    }

    /**
     * After the heal every broadcasting member, and for every other group one member, runs: a member
     * that was still shutting down when the faults ended (a churn "leave" just before the heal;
     * fuzz5-67723, where both members of a group were leaving) is started once it is down, if no
     * other member of its group is up.
     */
    private void superviseGroups() {
        for (FuzzPlan.GroupPlan g : world.plan.groups()) {
            List<SimNode> members = world.members.get(g.group());
            boolean anyUp = members.stream().anyMatch(SimNode::isUp);
            for (SimNode m : members) {
                if (m.state() == SimNode.State.DOWN && (g.kind() == ConsumerKind.BROADCASTING || !anyUp)) {
                    m.start();
                    anyUp = true;
                }
            }
        }
    }

    /**
     * After the heal a supervisor (systemd, an operator) starts any NameServer or broker that is
     * down: one that was shutting down when the faults ended, or one that gave up its process
     * (a broker whose store could not start exits). Each such start is in the timeline.
     */
    private void superviseServers() {
        for (WorldNode n : world.serverNodes()) {
            if (n.state() == WorldNode.State.DOWN) {
                note("supervisor starts " + n.name());
                n.start();
            }
        }
    }

    private void liveness(long healedAt) {
        Convergence convergence = new Convergence(world, history, healedAt);
        long start = sim.elapsedMs();
        List<String> problems = convergence.problems();
        ConsumedSoFar consumed = new ConsumedSoFar(history);
        long lastProgressAt = start;
        while (!problems.isEmpty() && (sim.elapsedMs() < start + CONVERGE_LIMIT_MS
                || sim.elapsedMs() < start + CONVERGE_HARD_LIMIT_MS
                && sim.elapsedMs() - lastProgressAt < PROGRESS_WINDOW_MS)) {
            sim.runFor(STEP_MS);
            superviseServers();
            superviseGroups();
            observer.sample();
            problems = convergence.problems();
            if (consumed.grew()) {
                lastProgressAt = sim.elapsedMs();
            }
        }
        if (!problems.isEmpty()) {
            history.livenessProblem("not converged " + (sim.elapsedMs() - start) / 1000 + " s after the heal: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            note("NOT converged");
        } else {
            note("converged");
        }
        sim.runFor(5_000);
        observer.sample();
    }

    /** Counts of faults by type injected so far (for progress displays). */
    Map<FaultType, Integer> faultsFired() {
        return faults == null ? new EnumMap<>(FaultType.class) : faults.fired();
    }

    /**
     * The kind {@code bin/replay fuzz2-N} runs (a fuzz seed names its kind). Replay checks every
     * event's invariants, however sparsely a campaign sampled them: a bug the campaign saw shows at
     * its first broken event (checking never changes the run, so the trace hash is the same).
     */
    public static final class Kind implements Scenario {
        @Override
        public String name() {
            return "fuzz";
        }

        @Override
        public String description() {
            return "a fuzzed cluster (implied by a fuzz seed such as fuzz2-1234)";
        }

        @Override
        public boolean recognises(String seedText) {
            return FuzzSeed.looksLike(seedText);
        }

        @Override
        public void checkSeed(String seedText) {
            FuzzSeed.parse(seedText);
        }

        @Override
        public ScenarioResult run(String seedText, Consumer<Simulator> attach) {
            return new FuzzScenario(FuzzSeed.parse(seedText), attach).withInvariantCheckEvery(1).run();
        }
    }
}
