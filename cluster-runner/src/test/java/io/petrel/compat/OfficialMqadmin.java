package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the official 4.9.8 {@code mqadmin} (MQAdminStartup) in its own JVM, as an operator would,
 * with the classpath it was built for: slf4j 1.7 (fetched by the build into
 * target/official-tools) instead of Petrel's slf4j 2, and no slf4j-simple. It runs in {@code home},
 * where commands such as consumerStatus write their files.
 */
public final class OfficialMqadmin {

    /** What one run printed and returned. */
    public record Run(int exitCode, String output) {
    }

    private final Path home;

    /** {@code home} becomes the process's ROCKETMQ_HOME; a logback config for mqadmin is put there. */
    public OfficialMqadmin(Path home) throws IOException {
        this.home = home;
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("logback_tools.xml"), """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>${user.home}/mqadmin-tools.log</file>
                    <encoder><pattern>%d %p %c - %m%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                </configuration>
                """, StandardCharsets.UTF_8);
    }

    public Run run(String... args) throws Exception {
        Path out = Files.createTempFile(home, "mqadmin", ".out");
        Process process = launch(out, args);
        boolean finished;
        try {
            finished = process.waitFor(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mqadmin " + String.join(" ", args) + " did not finish in 90 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /**
     * Starts a command that runs until it is stopped (startMonitoring, clusterRT) and returns at
     * once; the caller reads what it printed or logged meanwhile and must {@link Running#close()} it.
     */
    public Running start(String... args) throws Exception {
        Path out = Files.createTempFile(home, "mqadmin", ".out");
        return new Running(launch(out, args), out, home.resolve("logs").resolve("rocketmq_client.log"),
                String.join(" ", args));
    }

    private Process launch(Path out, String... args) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        // C1 only and the serial collector: a short-lived CLI spends half the CPU starting up otherwise,
        // and a test runs dozens of them; neither changes what the command does.
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.home=" + home,
                "-Drocketmq.client.logRoot=" + home.resolve("logs"), "-cp", classpath(),
                "org.apache.rocketmq.tools.command.MQAdminStartup"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(home.toFile());
        builder.environment().put("ROCKETMQ_HOME", home.toString());
        builder.environment().remove("NAMESRV_ADDR");
        return builder.start();
    }

    /** A command started with {@link #start}: still running until {@link #close()} stops it. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path clientLog;
        private final String command;

        Running(Process process, Path out, Path clientLog, String command) {
            this.process = process;
            this.out = out;
            this.clientLog = clientLog;
            this.command = command;
        }

        /** What it printed so far (stdout and stderr). */
        public String output() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        /** What its RocketMQ client logged so far in the home's logs/rocketmq_client.log ("" before the first line). */
        public String clientLog() throws IOException {
            return Files.exists(clientLog) ? Files.readString(clientLog, StandardCharsets.UTF_8) : "";
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Stops the process (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("mqadmin " + command + " did not stop");
                }
            }
        }
    }

    /** Runs and requires exit code 0; returns the output. */
    public String ok(String... args) throws Exception {
        Run run = run(args);
        assertThat(run.exitCode()).as("exit code of mqadmin %s; output:%n%s", String.join(" ", args), run.output()).isZero();
        return run.output();
    }

    private static String classpath() throws IOException {
        Path slf4j17;
        try (Stream<Path> jars = Files.list(Path.of("target", "official-tools"))) {
            slf4j17 = jars.filter(p -> p.getFileName().toString().startsWith("slf4j-api-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/official-tools has no slf4j-api; run the build"));
        }
        String test = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.stream(test.split(File.pathSeparator))
                .filter(e -> !e.contains("slf4j-simple") && !e.contains("slf4j-api"))
                .collect(Collectors.toCollection(ArrayList::new));
        entries.add(0, slf4j17.toAbsolutePath().toString());
        return String.join(File.pathSeparator, entries);
    }
}
