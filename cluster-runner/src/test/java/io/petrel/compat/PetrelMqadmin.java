package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.real.main.MqAdminMain;
import io.petrel.real.mqadmin.MqAdmin;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Petrel's mqadmin main in its own JVM, as bin/mqadmin does (same main, small heap), with the
 * test classpath, so a test sees exactly what an operator sees: stdout, stderr and the exit code.
 * NAMESRV_ADDR is removed from the child's environment unless a test sets it.
 *
 * <p>{@link #inThisJvm} runs the same commands through the same entry ({@link MqAdmin#execute} with
 * the context bin/mqadmin builds, the environment given instead of read) in the test's JVM, for
 * tests about what commands do rather than about the process: a JVM start per command was most of
 * their time. {@code MqadminProcessTest} keeps proving the process (script, exit codes, streams).
 */
final class PetrelMqadmin {

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    private final Path dir;
    private final Path home;
    private final boolean inThisJvm;

    PetrelMqadmin(Path dir) {
        this(dir, null);
    }

    /** With {@code home} as the installation (-Dpetrel.home, as bin/mqadmin passes): its conf/tools.yml signs. */
    PetrelMqadmin(Path dir, Path home) {
        this(dir, home, false);
    }

    private PetrelMqadmin(Path dir, Path home, boolean inThisJvm) {
        this.dir = dir;
        this.home = home;
        this.inThisJvm = inThisJvm;
    }

    /** Commands run in this JVM, in {@code dir}; see the class comment. */
    static PetrelMqadmin inThisJvm(Path dir) {
        return new PetrelMqadmin(dir, null, true);
    }

    Run run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    Run run(Map<String, String> env, String... args) throws Exception {
        if (inThisJvm) {
            return runHere(env, args);
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dpetrel.logDir=" + dir.resolve("logs"), "-Djava.io.tmpdir=" + dir,
                "-cp", classpath, "io.petrel.real.main.MqAdminMain"));
        if (home != null) {
            command.add(command.size() - 3, "-Dpetrel.home=" + home);
        }
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "mqadmin", ".out");
        Path err = Files.createTempFile(dir, "mqadmin", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("NAMESRV_ADDR");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mqadmin " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run runHere(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = MqAdmin.execute(args, MqAdminMain.context(o, e, env.get("NAMESRV_ADDR"), dir,
                    home == null ? null : home.toString()));
            o.flush();
            e.flush();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs and requires exit code 0 and nothing on stderr; returns stdout. */
    String ok(String... args) throws Exception {
        Run run = run(args);
        assertThat(run.exitCode()).as("exit code of mqadmin %s; stderr:%n%s", String.join(" ", args), run.err()).isZero();
        assertThat(run.err()).as("stderr of mqadmin %s", String.join(" ", args)).isEmpty();
        return run.out();
    }
}
