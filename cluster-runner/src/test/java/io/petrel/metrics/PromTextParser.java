package io.petrel.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A small parser of Prometheus' text exposition format 0.0.4, for tests: {@code # TYPE} lines give
 * each family's type, {@code # HELP} and other comments are skipped, and every other line is a
 * sample {@code name[{label="value",...}] value [timestamp]} whose label values are unescaped
 * ({@code \\}, {@code \"}, {@code \n}). The format asks that a family's lines come as one group
 * after its {@code # TYPE}: a sample of another family than the last one declared (a histogram's
 * {@code _bucket}, {@code _sum} and {@code _count} belong to it), or a family declared twice, fails
 * the parse, as does a line it cannot read, naming the line; so a test of the endpoint also tests
 * that its output is well formed.
 */
final class PromTextParser {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {

        boolean has(String label, String expected) {
            return expected.equals(labels.get(label));
        }
    }

    /** A parsed scrape: the samples in order and the declared type of each family. */
    record Scrape(List<Sample> samples, Map<String, String> types) {

        List<Sample> named(String name, Predicate<Sample> filter) {
            return samples.stream().filter(s -> s.name().equals(name) && filter.test(s)).toList();
        }

        /** The one sample of {@code name} matching {@code filter}; fails when there is not exactly one. */
        double value(String name, Predicate<Sample> filter) {
            List<Sample> found = named(name, filter);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + name + " sample, found " + found);
            }
            return found.get(0).value();
        }

        double sum(String name, Predicate<Sample> filter) {
            return named(name, filter).stream().mapToDouble(Sample::value).sum();
        }
    }

    private PromTextParser() {
    }

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new TreeMap<>();
        String family = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    if (types.put(parts[2], parts[3]) != null) {
                        throw new IllegalArgumentException("family declared twice: " + line);
                    }
                    family = parts[2];
                }
                continue;
            }
            Sample sample = sample(line);
            if (!belongs(sample.name(), family, types.get(family))) {
                throw new IllegalArgumentException("sample outside its family's group (last declared: " + family
                        + "): " + line);
            }
            samples.add(sample);
        }
        return new Scrape(samples, types);
    }

    private static boolean belongs(String name, String family, String type) {
        if (family == null || name.equals(family)) {
            return family != null;
        }
        return ("histogram".equals(type) || "summary".equals(type))
                && (name.equals(family + "_bucket") || name.equals(family + "_sum") || name.equals(family + "_count"));
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("no metric name: " + line);
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no space before the value: " + line);
        }
        String[] rest = line.substring(i + 1).split(" ");
        return new Sample(name, labels, number(rest[0], line));
    }

    /** Reads {@code a="x",b="y"}} from {@code i}; returns the index after the closing brace. */
    private static int labels(String line, int start, Map<String, String> labels) {
        int i = start;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            if (eq < 0 || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("bad label at " + i + ": " + line);
            }
            String label = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(j + 1);
                    value.append(next == 'n' ? '\n' : next);
                    j += 2;
                } else {
                    value.append(c);
                    j++;
                }
            }
            if (labels.put(label, value.toString()) != null) {
                throw new IllegalArgumentException("label " + label + " twice: " + line);
            }
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static boolean isNameChar(char c, boolean first) {
        return Character.isLetter(c) || c == '_' || c == ':' || (!first && Character.isDigit(c));
    }

    private static double number(String text, String line) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value '" + text + "': " + line);
                }
            }
        };
    }
}
