package io.petrel.scenarios;

import java.util.List;

/**
 * What any seeded scenario reports when it ends: enough for {@code bin/replay} to print it and for
 * a campaign to count it, whatever the scenario. Each scenario's own result record implements it
 * and may carry more (a fuzz result's plan, probes and fault counts).
 */
public interface ScenarioResult {

    /** Lines printed before the timeline's faults: the scenario and its seed, a fuzz plan, ... */
    List<String> preamble();

    /** The faults the run injected, one line each, in time order. */
    List<String> timeline();

    long events();

    long simulatedMs();

    /** Workload counters, one line, or null when the scenario keeps none. */
    String workload();

    /** True when every check passed. */
    boolean ok();

    /** "ok", or "VIOLATIONS:" and one indented line per violation. */
    String verdictText();

    String traceHash();

    /** The verdict text of a list of violations, as every scenario prints it. */
    static String verdictOf(List<String> violations) {
        return violations.isEmpty() ? "ok" : "VIOLATIONS:\n  " + String.join("\n  ", violations);
    }

    /**
     * The result of a scenario whose checks end in a list of violations and whose faults are lines:
     * everything but its name and workload follows from those.
     */
    interface Listed extends ScenarioResult {

        long seed();

        List<String> violations();

        List<String> faults();

        /** What the preamble calls the scenario ("toy append log"). */
        String title();

        @Override
        default boolean ok() {
            return violations().isEmpty();
        }

        default String verdict() {
            return verdictOf(violations());
        }

        @Override
        default String verdictText() {
            return verdict();
        }

        @Override
        default List<String> preamble() {
            return List.of("scenario: " + title() + ", seed " + seed());
        }

        @Override
        default List<String> timeline() {
            return faults();
        }
    }
}
