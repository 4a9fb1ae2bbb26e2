package io.petrel.scenarios.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checker's answer: each violated check with its count and first offending operations, and
 * counters of what at-least-once and the durability table allow (duplicates, permitted losses).
 */
public final class Verdict {

    /** One violated check. */
    public record Violation(String check, int count, List<String> firstOffenders) {
        @Override
        public String toString() {
            return check + " x" + count + ": " + String.join("; ", firstOffenders);
        }
    }

    private static final int EXAMPLES = 3;

    private final List<Violation> violations = new ArrayList<>();
    private final TreeMap<String, Long> counters = new TreeMap<>();

    void violation(String check, List<?> offenders) {
        if (!offenders.isEmpty()) {
            List<String> first = new ArrayList<>();
            offenders.stream().limit(EXAMPLES).forEach(o -> first.add(String.valueOf(o)));
            violations.add(new Violation(check, offenders.size(), first));
        }
    }

    void count(String counter, long value) {
        counters.merge(counter, value, Long::sum);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public Map<String, Long> counters() {
        return new TreeMap<>(counters);
    }

    /** "ok", or one line per violated check. */
    public String summary() {
        if (ok()) {
            return "ok";
        }
        StringBuilder text = new StringBuilder("VIOLATIONS:");
        violations.forEach(v -> text.append("\n  ").append(v));
        return text.toString();
    }
}
