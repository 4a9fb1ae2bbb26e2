package io.petrel.scenarios.mutate;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds one mutant and runs a fuzz campaign against it: the mutated source file is compiled
 * against the product's classes into a directory put first on the classpath of a new JVM running
 * {@code FuzzMain}, so the mutant's classes replace the product's. The campaign stops at the first
 * violating (or crashing) scenario: the mutant is killed, and that seed replays it. A campaign that
 * finds nothing leaves the mutant alive; one that outlasts the timeout counts as killed (a hang is
 * something a campaign notices), and says so.
 */
public final class MutantRunner {

    /** How a mutant fared. */
    public enum Kind { KILLED, SURVIVED, EQUIVALENT, TIMED_OUT }

    /** The outcome: for a killed mutant the seed and the first line of its violation. */
    public record Outcome(Mutation mutation, Kind kind, String seed, String detail, long scenarios, double seconds) {
        public boolean killed() {
            return kind == Kind.KILLED || kind == Kind.TIMED_OUT;
        }
    }

    /**
     * Where the sources are, where mutants are built, the classpath of the product and the
     * campaign each mutant gets.
     */
    public record Settings(Path sourceRoot, Path workDir, String classpath, long scenarios, String seed, int threads,
            long timeoutSeconds, List<String> javaOptions) {
    }

    private static final String FUZZ_MAIN = "io.petrel.scenarios.fuzz.FuzzMain";
    private static final String PROGRESS = "[fuzz] ";

    private final Settings settings;

    public MutantRunner(Settings settings) {
        this.settings = settings;
    }

    /** Builds and runs {@code m}; throws when the catalogue entry no longer fits the code or does not compile. */
    public Outcome run(Mutation m) {
        if (m.equivalentBecause() != null) {
            return new Outcome(m, Kind.EQUIVALENT, null, m.equivalentBecause(), 0, 0);
        }
        long started = System.nanoTime();
        Path classes = build(m);
        long run = 0;
        for (String seed : m.seeds()) {
            Campaign c = campaign(classes, seed, 1, false, List.of());
            run += c.scenarios;
            if (c.kind != Kind.SURVIVED) {
                return new Outcome(m, c.kind, c.seed, c.detail, run, seconds(started));
            }
        }
        Campaign c = campaign(classes, settings.seed(), settings.scenarios(), true, m.faults());
        return new Outcome(m, c.kind, c.seed, c.detail, run + c.scenarios, seconds(started));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The mutant's classes: the one mutated file, compiled against the product. */
    Path build(Mutation m) {
        Path dir = settings.workDir().resolve(m.id());
        deleteTree(dir);
        Path source = dir.resolve("src").resolve(m.file());
        Path classes = dir.resolve("classes");
        try {
            String original = Files.readString(settings.sourceRoot().resolve(m.file()), StandardCharsets.UTF_8);
            Files.createDirectories(source.getParent());
            Files.createDirectories(classes);
            Files.writeString(source, m.apply(original), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(m.id() + ": " + e.getMessage(), e);
        }
        compile(m, source, classes);
        return classes;
    }

    private void compile(Mutation m, Path source, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("bin/mutate needs a JDK (javax.tools found no compiler in "
                    + System.getProperty("java.home") + ")");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-cp", settings.classpath(), "--release", "17",
                    "-proc:none", "-nowarn", "-Xlint:none");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(source.toFile())).call();
            if (!ok) {
                throw new IllegalStateException(m.id() + " does not compile: " + diagnostics.getDiagnostics());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Campaign(Kind kind, String seed, String detail, long scenarios) {
    }

    /** Runs FuzzMain on the mutant until the first violation, the end of the campaign or the timeout. */
    private Campaign campaign(Path classes, String seed, long scenarios, boolean skipLong, List<String> faults) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.javaOptions());
        command.addAll(List.of("-cp", classes + File.pathSeparator + settings.classpath(), FUZZ_MAIN,
                "--scenarios", Long.toString(scenarios), "--seed", seed, "--threads", Integer.toString(settings.threads())));
        if (skipLong) {
            command.add("--skip-long");
        }
        if (!faults.isEmpty()) {
            command.addAll(List.of("--with-fault", String.join(",", faults)));
        }
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(p, lines), "mutant-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
        long done = 0;
        try {
            while (true) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!p.isAlive() && lines.isEmpty() && !reader.isAlive()) {
                        return new Campaign(Kind.SURVIVED, null, null, scenarios);
                    }
                    if (System.nanoTime() > deadline) {
                        return new Campaign(Kind.TIMED_OUT, seed, "no end after " + settings.timeoutSeconds() + " s", done);
                    }
                    continue;
                }
                Campaign found = violation(line);
                if (found != null) {
                    return found;
                }
                done = Math.max(done, progress(line));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void readLines(Process p, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("[mutate] output lost: " + e.getMessage());
        }
    }

    /** A campaign line naming a violating or crashed scenario, as FuzzMain prints them at once. */
    static Campaign violation(String line) {
        if (!line.startsWith(PROGRESS)) {
            return null;
        }
        String rest = line.substring(PROGRESS.length());
        int violated = rest.indexOf(" violated: ");
        if (violated > 0) {
            return new Campaign(Kind.KILLED, rest.substring(0, violated), firstClause(rest.substring(violated + 11)), 0);
        }
        if (rest.startsWith("scenario ") && rest.contains(" crashed: ")) {
            String seed = rest.substring("scenario ".length(), rest.indexOf(" crashed: "));
            return new Campaign(Kind.KILLED, seed, "crashed: " + firstClause(rest.substring(rest.indexOf(" crashed: ") + 10)), 0);
        }
        return null;
    }

    /** The violation's name and count ("acknowledged-message-lost x285"), or the start of the text. */
    private static String firstClause(String text) {
        int colon = text.indexOf(": ");
        String s = colon > 0 ? text.substring(0, colon) : text;
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    /** The scenario count of a progress line ("[fuzz] 12/40 scenarios, ..."), or 0. */
    private static long progress(String line) {
        int slash = line.indexOf('/');
        if (!line.startsWith(PROGRESS) || slash < 0) {
            return 0;
        }
        try {
            return Long.parseLong(line.substring(PROGRESS.length(), slash).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
