package io.petrel.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Writes benchmark figures as {@code name: value} lines, numbers formatted with Locale.ROOT. */
final class BenchOutput {

    private final PrintStream out;

    BenchOutput(PrintStream out) {
        this.out = out;
    }

    void figure(String name, double value) {
        out.println(name + ": " + String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value));
    }

    void figure(String name, long value) {
        out.println(name + ": " + value);
    }

    void note(String text) {
        out.println("# " + text);
    }
}
