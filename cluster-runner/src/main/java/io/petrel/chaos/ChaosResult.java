package io.petrel.chaos;

import io.petrel.scenarios.fuzz.FaultType;
import io.petrel.scenarios.history.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one chaos run produced: its faults by type, what was acknowledged and consumed, the
 * checker's verdict (null when the run could not get that far), the problem that stopped it early
 * or kept its cluster from stopping cleanly (null when none), and where its files were kept (null when it passed and they were deleted).
 */
record ChaosResult(long seed, Map<FaultType, Integer> faults, long acknowledged, long consumed, Verdict verdict,
        String error, Path keptDir, long wallMs) {

    boolean ok() {
        return error == null && verdict != null && verdict.ok();
    }

    long lost() {
        return verdict == null ? 0 : verdict.violations().stream().filter(v -> v.check().equals("acknowledged-message-lost"))
                .mapToLong(Verdict.Violation::count).sum();
    }

    long duplicates() {
        return verdict == null ? 0 : verdict.counters().getOrDefault("duplicate-deliveries", 0L);
    }

    /** The violations' lines, then the error. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (verdict != null) {
            verdict.violations().forEach(v -> problems.add(v.toString()));
        }
        if (error != null) {
            problems.add("run stopped: " + error);
        }
        return problems;
    }
}
