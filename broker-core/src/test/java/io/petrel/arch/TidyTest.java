package io.petrel.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The style rules a reviewer would otherwise have to enforce by eye, as a test over every module's
 * sources (TigerBeetle's tidy check): no line longer than {@value #MAX_LINE} characters, and a
 * {@code package-info.java} in every package of main code, saying what the package owns. The
 * layering inside broker-core is {@link CoreArchitectureTest}'s.
 */
class TidyTest {

    static final int MAX_LINE = 140;
    private static final List<String> MODULES = List.of("broker-core", "io-sim", "io-real", "scenarios", "cluster-runner");
    private static final Path ROOT = Path.of("..");

    @Test
    void noLineIsLongerThanTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : javaFiles("main", "test")) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > MAX_LINE) {
                    tooLong.add(ROOT.relativize(file) + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
                }
            }
        }
        assertThat(tooLong).as("lines over %d characters", MAX_LINE).isEmpty();
    }

    @Test
    void everyMainPackageSaysWhatItOwns() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : javaFiles("main")) {
            Path dir = file.getParent();
            if (!Files.exists(dir.resolve("package-info.java")) && !missing.contains(ROOT.relativize(dir).toString())) {
                missing.add(ROOT.relativize(dir).toString());
            }
        }
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    @Test
    void theRulesSeeTheWholeRepository() throws IOException {
        assertThat(javaFiles("main")).as("main sources found").hasSizeGreaterThan(300);
        assertThat(javaFiles("test")).as("test sources found").hasSizeGreaterThan(150);
    }

    private static List<Path> javaFiles(String... sourceSets) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            for (String set : sourceSets) {
                Path dir = ROOT.resolve(module).resolve("src").resolve(set).resolve("java");
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }
}
