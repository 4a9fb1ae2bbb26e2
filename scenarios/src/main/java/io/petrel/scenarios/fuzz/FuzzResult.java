package io.petrel.scenarios.fuzz;

import io.petrel.scenarios.ScenarioResult;
import io.petrel.scenarios.history.Verdict;
import java.util.List;
import java.util.Map;

/** What one fuzz scenario produced: its verdict, what it injected, what it covered, and its trace. */
public record FuzzResult(FuzzSeed seed, FuzzPlan plan, Verdict verdict, Map<FaultType, Integer> faults,
        Map<String, Long> probes, List<String> timeline, String traceHash, long events, long simulatedMs,
        long wallNanos) implements ScenarioResult {

    @Override
    public boolean ok() {
        return verdict.ok();
    }

    @Override
    public List<String> preamble() {
        return List.of("scenario: fuzzed cluster, seed " + seed, "plan: " + plan.describe(), "probes: " + probes);
    }

    @Override
    public String workload() {
        return String.valueOf(verdict.counters());
    }

    @Override
    public String verdictText() {
        return verdict.summary();
    }
}
