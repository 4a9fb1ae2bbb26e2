package io.petrel.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
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
 *
 * <p>The module's tests run in several forked JVMs at once, so each fork keeps its rows in its own
 * file under {@code target/compat-matrix.d/}, named after the Maven process that started the forks
 * and its own, and every fork, under a file lock, rewrites the matrix from the files of its Maven
 * run: the last fork to finish writes all rows. Files of earlier runs are deleted.
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

    static final Path PARTS = Path.of("target", "compat-matrix.d");

    /** This JVM's rows, kept across the test plans one fork may run. */
    private final Map<Row, Outcome> rows = new TreeMap<>();

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
        try {
            Files.createDirectories(PARTS);
            try (FileChannel lock = FileChannel.open(PARTS.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                String run = "run-" + mavenPid() + "-";
                Files.writeString(PARTS.resolve(run + ProcessHandle.current().pid() + ".tsv"), encode(rows),
                        StandardCharsets.UTF_8);
                Map<Row, Outcome> all = new TreeMap<>();
                try (Stream<Path> parts = Files.list(PARTS)) {
                    for (Path part : parts.sorted().toList()) {
                        String name = part.getFileName().toString();
                        if (name.startsWith(run)) {
                            decode(Files.readString(part, StandardCharsets.UTF_8), all);
                        } else if (name.endsWith(".tsv")) {
                            Files.delete(part);
                        }
                    }
                }
                Files.writeString(OUTPUT, markdown(all), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The pid of the Maven JVM that started this fork: the nearest ancestor that is a java process
     * (surefire starts each fork through a shell, so the direct parent differs per fork).
     */
    private static long mavenPid() {
        Optional<ProcessHandle> at = ProcessHandle.current().parent();
        while (at.isPresent()) {
            ProcessHandle p = at.get();
            if (p.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                return p.pid();
            }
            at = p.parent();
        }
        return 0;
    }

    private static String encode(Map<Row, Outcome> rows) {
        StringBuilder tsv = new StringBuilder();
        rows.forEach((row, outcome) -> tsv.append(row.kind().name()).append('\t').append(row.feature()).append('\t')
                .append(outcome.passed()).append('\t').append(outcome.tests()).append('\n'));
        return tsv.toString();
    }

    private static void decode(String tsv, Map<Row, Outcome> into) {
        for (String line : tsv.split("\n")) {
            String[] f = line.split("\t", 4);
            if (f.length == 4) {
                Row row = new Row(Compat.Kind.valueOf(f[0]), f[1]);
                Outcome outcome = new Outcome(Boolean.parseBoolean(f[2]), f[3]);
                into.merge(row, outcome, (a, b) -> {
                    Outcome merged = a;
                    for (String test : b.tests().split(", ")) {
                        merged = merged.and(b.passed(), test);
                    }
                    return merged;
                });
            }
        }
    }

    private static String markdown(Map<Row, Outcome> rows) {
        StringBuilder md = new StringBuilder();
        long passed = rows.values().stream().filter(Outcome::passed).count();
        md.append("| tool | feature or command | result | proven by |\n|---|---|---|---|\n");
        rows.forEach((row, outcome) -> md.append("| ").append(row.kind().label()).append(" | ").append(row.feature())
                .append(" | ").append(outcome.passed() ? "PASS" : "**FAIL**").append(" | `").append(outcome.tests())
                .append("` |\n"));
        md.append("\n").append(passed).append(" of ").append(rows.size()).append(" rows pass.\n");
        return md.toString();
    }
}
