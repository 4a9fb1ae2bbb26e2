package io.petrel.scenarios;

import io.petrel.sim.Simulator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * A kind of seeded simulation scenario: the toy append log, the message store under crashes,
 * clients under churn, a fuzzed cluster, and any added later. {@code bin/replay --scenario NAME SEED}
 * finds the kinds through {@link ServiceLoader} ({@code META-INF/services/io.petrel.scenarios.Scenario}),
 * so a new scenario is one class plus one line there, and no edit of the replay tool.
 *
 * <p>A kind is stateless: {@link #run} builds a fresh simulation from the seed each time, and two
 * runs of one seed end with the same trace hash.
 */
public interface Scenario {

    /** The name {@code --scenario} takes: lower case, one word. */
    String name();

    /** One line for {@code bin/replay --help}. */
    String description();

    /** Whether the seed's text names this kind by itself (a fuzz seed's {@code fuzz2-} prefix). */
    default boolean recognises(String seedText) {
        return false;
    }

    /** Checks a seed's text: throws an exception whose message names it when it is not one of this kind's seeds. */
    void checkSeed(String seedText);

    /**
     * Runs the seed's scenario; {@code attach} sees the simulator before anything happens (to show
     * its event log). Replay checks every event's invariants where the scenario can.
     */
    ScenarioResult run(String seedText, Consumer<Simulator> attach);

    /** Every kind on the classpath, in the order of their service files. */
    static List<Scenario> all() {
        return ServiceLoader.load(Scenario.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
