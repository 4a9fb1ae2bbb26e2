package io.petrel.metrics;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Writes Prometheus' text exposition format, version 0.0.4: for each metric family a
 * {@code # HELP} and a {@code # TYPE} line, then its samples, one per line,
 * {@code name{labels} value}. A family is announced once, before its first sample, however many
 * cells add samples to it; the caller keeps a family's samples together. Histograms become
 * {@code _bucket} samples with cumulative counts and an {@code le} label ending with {@code +Inf},
 * then {@code _sum} and {@code _count}. Single-threaded; one writer per scrape.
 */
public final class PromText {

    /** The Content-Type a scrape answer carries. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> announced = new LinkedHashSet<>();

    /** Announces a family (once; later calls for the same name do nothing). */
    public PromText family(String name, String type, String help) {
        if (announced.add(name)) {
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        return this;
    }

    public PromText counter(String name, String help, Labels labels, long value) {
        family(name, "counter", help);
        return sample(name, labels.rendered(), Long.toString(value));
    }

    public PromText gauge(String name, String help, Labels labels, long value) {
        family(name, "gauge", help);
        return sample(name, labels.rendered(), Long.toString(value));
    }

    public PromText gauge(String name, String help, Labels labels, double value) {
        family(name, "gauge", help);
        return sample(name, labels.rendered(), number(value));
    }

    public PromText histogram(String name, String help, Labels labels, Histogram h) {
        family(name, "histogram", help);
        String prefix = labels.rendered().isEmpty() ? "" : labels.rendered() + ",";
        for (int i = 0; i < h.buckets(); i++) {
            sample(name + "_bucket", prefix + "le=\"" + h.bound(i) + "\"", Long.toString(h.cumulativeCount(i)));
        }
        sample(name + "_bucket", prefix + "le=\"+Inf\"", Long.toString(h.count()));
        sample(name + "_sum", labels.rendered(), Long.toString(h.sum()));
        return sample(name + "_count", labels.rendered(), Long.toString(h.count()));
    }

    private PromText sample(String name, String renderedLabels, String value) {
        out.append(name);
        if (!renderedLabels.isEmpty()) {
            out.append('{').append(renderedLabels).append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    /** Doubles as Prometheus reads them: NaN, +Inf and -Inf spelled its way, others in Java's notation. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    public String text() {
        return out.toString();
    }
}
