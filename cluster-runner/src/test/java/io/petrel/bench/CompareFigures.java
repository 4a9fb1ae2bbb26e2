package io.petrel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of {@code bin/bench compare}: each run adds its value for its side (by default
 * "apache" as the baseline and "petrel" as the side measured against it); {@link #lines()} gives
 * each figure's mean over the rounds for both sides and, for measurements, the ratio measured/baseline
 * of the means ({@code <name>_ratio}), so a ratio above 1 means the measured side has more of it
 * (better for TPS, worse for latency and CPU). Counts, such as failed sends, get no ratio: a count of
 * 0 on the baseline has none. Figures print in the order they were first added.
 */
final class CompareFigures {

    static final String APACHE = "apache";
    static final String PETREL = "petrel";
    static final String PETREL_METRICS = "petrel-metrics";

    private final String baseline;
    private final String measured;
    private final Map<String, Figure> figures = new LinkedHashMap<>();

    /** Apache RocketMQ as the baseline, Petrel measured against it. */
    CompareFigures() {
        this(APACHE, PETREL);
    }

    CompareFigures(String baseline, String measured) {
        if (baseline.equals(measured)) {
            throw new IllegalArgumentException("the two sides must differ, not both '" + baseline + "'");
        }
        this.baseline = baseline;
        this.measured = measured;
    }

    /** A measurement of one run: printed for both sides and as their ratio. */
    void add(String name, String side, double value) {
        figure(name, true).add(side, value);
    }

    /** A count of one run: printed for both sides, without a ratio. */
    void addCount(String name, String side, double value) {
        figure(name, false).add(side, value);
    }

    /** {@code name.<baseline>: mean}, {@code name.<measured>: mean} and {@code name_ratio: measured/baseline}, for each figure. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        figures.forEach((name, figure) -> {
            Double base = figure.mean(baseline);
            Double other = figure.mean(measured);
            if (base != null) {
                lines.add(name + "." + baseline + ": " + BrokerBench.format(base));
            }
            if (other != null) {
                lines.add(name + "." + measured + ": " + BrokerBench.format(other));
            }
            if (figure.ratio && base != null && other != null && base != 0) {
                lines.add(name + "_ratio: " + BrokerBench.format(other / base));
            }
        });
        return lines;
    }

    private Figure figure(String name, boolean ratio) {
        Figure figure = figures.computeIfAbsent(name, n -> new Figure(ratio, baseline, measured));
        if (figure.ratio != ratio) {
            throw new IllegalArgumentException(name + " was added both as a measurement and as a count");
        }
        return figure;
    }

    /** One figure's values per side, one per round. */
    private static final class Figure {

        private final boolean ratio;
        private final String baseline;
        private final String measured;
        private final Map<String, List<Double>> bySide = new LinkedHashMap<>();

        Figure(boolean ratio, String baseline, String measured) {
            this.ratio = ratio;
            this.baseline = baseline;
            this.measured = measured;
        }

        void add(String side, double value) {
            if (!side.equals(baseline) && !side.equals(measured)) {
                throw new IllegalArgumentException("side must be " + baseline + " or " + measured + ", not '" + side + "'");
            }
            bySide.computeIfAbsent(side, s -> new ArrayList<>()).add(value);
        }

        /** The mean of the side's values; null when that side has none. */
        Double mean(String side) {
            List<Double> values = bySide.get(side);
            return values == null ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }
}
