package io.petrel.bench.jmh;

import java.util.Collection;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs one JMH benchmark class with fixed settings and reports each score by name. */
public final class JmhBench {

    private JmhBench() {
    }

    /**
     * Reports (label, score) and (label + "_error", the 99.9% confidence half-width) per parameter set;
     * the label ends in the score's unit ({@code ops_per_second}, or {@code ns_per_op} for an average time).
     */
    public static void run(Class<?> benchmark, BiConsumer<String, Double> figure) {
        Options options = new OptionsBuilder()
                .include(benchmark.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .jvmArgs("-Xms1g", "-Xmx1g")
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run of " + benchmark.getSimpleName() + " failed", e);
        }
        for (RunResult r : results) {
            String params = r.getParams().getParamsKeys().stream()
                    .map(k -> r.getParams().getParam(k).toLowerCase(Locale.ROOT))
                    .reduce("", (a, b) -> a + "." + b);
            String unit = r.getPrimaryResult().getScoreUnit().equals("ops/s") ? "ops_per_second"
                    : r.getPrimaryResult().getScoreUnit().replace("/op", "_per_op");
            String label = r.getParams().getBenchmark().replaceAll(".*\\.", "") + params + "." + unit;
            figure.accept(label, r.getPrimaryResult().getScore());
            figure.accept(label + "_error", r.getPrimaryResult().getScoreError());
        }
    }
}
