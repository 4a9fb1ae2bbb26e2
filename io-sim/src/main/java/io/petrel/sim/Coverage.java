package io.petrel.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of the coverage probes nodes hit during one run ({@code NodeLog.probe}). Probes do not
 * touch the trace hash: adding one must not change any run's trace.
 */
public final class Coverage {

    private final TreeMap<String, Long> hits = new TreeMap<>();

    void hit(String point) {
        hits.merge(point, 1L, Long::sum);
    }

    public long count(String point) {
        return hits.getOrDefault(point, 0L);
    }

    /** Every probe that fired, with its count, by name. */
    public Map<String, Long> counts() {
        return new TreeMap<>(hits);
    }
}
