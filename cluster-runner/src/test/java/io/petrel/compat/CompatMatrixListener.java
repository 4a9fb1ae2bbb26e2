package io.petrel.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects the outcome of every {@link Compat} test of a run and, when the run ends, writes the
 * compatibility matrix to {@code target/compat-matrix.md}: one row per client feature or mqadmin
 * command, PASS only if every test for that row passed. {@code bin/compat-matrix} runs the suite
 * and copies this file into REPORT.md. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class CompatMatrixListener implements TestExecutionListener {

    static final Path OUTPUT = Path.of("target", "compat-matrix.md");

    /** A row's key, ordered by kind then feature. */
    private record Row(Compat.Kind kind, String feature) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int byKind = kind.compareTo(o.kind);
            return byKind != 0 ? byKind : feature.compareTo(o.feature);
        }
    }

    /** A row's outcome and the tests behind it. */
    private record Outcome(boolean passed, String tests) {
        Outcome and(boolean pass, String test) {
            return new Outcome(passed && pass, tests.contains(test) ? tests : tests + ", " + test);
        }
    }

    private final Map<Row, Outcome> rows = new TreeMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        rows.clear();
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!(id.getSource().orElse(null) instanceof MethodSource source)) {
            return;
        }
        boolean pass = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        String test = source.getJavaClass().getSimpleName() + "." + source.getMethodName();
        for (Compat compat : annotations(source)) {
            rows.merge(new Row(compat.kind(), compat.value()), new Outcome(pass, test), (a, b) -> a.and(b.passed(), b.tests()));
        }
    }

    private static Compat[] annotations(MethodSource source) {
        for (Method m : source.getJavaClass().getDeclaredMethods()) {
            if (m.getName().equals(source.getMethodName())) {
                Compat[] found = m.getAnnotationsByType(Compat.class);
                if (found.length > 0) {
                    return found;
                }
            }
        }
        return new Compat[0];
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder();
        long passed = rows.values().stream().filter(Outcome::passed).count();
        md.append("| tool | feature or command | result | proven by |\n|---|---|---|---|\n");
        rows.forEach((row, outcome) -> md.append("| ").append(row.kind().label()).append(" | ").append(row.feature())
                .append(" | ").append(outcome.passed() ? "PASS" : "**FAIL**").append(" | `").append(outcome.tests())
                .append("` |\n"));
        md.append("\n").append(passed).append(" of ").append(rows.size()).append(" rows pass.\n");
        try {
            Files.createDirectories(OUTPUT.getParent());
            Files.writeString(OUTPUT, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
