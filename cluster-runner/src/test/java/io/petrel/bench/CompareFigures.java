package io.petrel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of {@code bin/bench compare}: each run adds its value for its side ("apache" or
 * "petrel"); {@link #lines()} gives each figure's mean over the rounds for both sides and, for
 * measurements, the ratio petrel/apache of the means ({@code <name>_ratio}), so a ratio above 1
 * means Petrel has more of it (better for TPS, worse for latency and CPU). Counts, such as failed
 * sends, get no ratio: a count of 0 on Apache's side has none. Figures print in the order they
 * were first added.
 */
final class CompareFigures {

    static final String APACHE = "apache";
    static final String PETREL = "petrel";

    private final Map<String, Figure> figures = new LinkedHashMap<>();

    /** A measurement of one run: printed for both sides and as their ratio. */
    void add(String name, String side, double value) {
        figure(name, true).add(side, value);
    }

    /** A count of one run: printed for both sides, without a ratio. */
    void addCount(String name, String side, double value) {
        figure(name, false).add(side, value);
    }

    /** {@code name.apache: mean}, {@code name.petrel: mean} and {@code name_ratio: petrel/apache}, for each figure. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        figures.forEach((name, figure) -> {
            Double apache = figure.mean(APACHE);
            Double petrel = figure.mean(PETREL);
            if (apache != null) {
                lines.add(name + "." + APACHE + ": " + BrokerBench.format(apache));
            }
            if (petrel != null) {
                lines.add(name + "." + PETREL + ": " + BrokerBench.format(petrel));
            }
            if (figure.ratio && apache != null && petrel != null && apache != 0) {
                lines.add(name + "_ratio: " + BrokerBench.format(petrel / apache));
            }
        });
        return lines;
    }

    private Figure figure(String name, boolean ratio) {
        Figure figure = figures.computeIfAbsent(name, n -> new Figure(ratio));
        if (figure.ratio != ratio) {
            throw new IllegalArgumentException(name + " was added both as a measurement and as a count");
        }
        return figure;
    }

    /** One figure's values per side, one per round. */
    private static final class Figure {

        private final boolean ratio;
        private final Map<String, List<Double>> bySide = new LinkedHashMap<>();

        Figure(boolean ratio) {
            this.ratio = ratio;
        }

        void add(String side, double value) {
            if (!side.equals(APACHE) && !side.equals(PETREL)) {
                throw new IllegalArgumentException("side must be " + APACHE + " or " + PETREL + ", not '" + side + "'");
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
