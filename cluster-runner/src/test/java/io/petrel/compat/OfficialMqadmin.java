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
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Duser.home=" + home,
                "-Drocketmq.client.logRoot=" + home.resolve("logs"), "-cp", classpath(),
                "org.apache.rocketmq.tools.command.MQAdminStartup"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "mqadmin", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(home.toFile());
        builder.environment().put("ROCKETMQ_HOME", home.toString());
        builder.environment().remove("NAMESRV_ADDR");
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mqadmin " + String.join(" ", args) + " did not finish in 90 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
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
