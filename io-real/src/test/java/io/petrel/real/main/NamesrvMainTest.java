package io.petrel.real.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/mqnamesrv}'s command line without starting a server: a bad value stops start-up naming
 * key and value, an unknown key warns, and {@code -p} prints the configuration the file produces.
 */
class NamesrvMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new CommandLine(new NamesrvMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), dir.resolve("logs").toString())).execute(args);
    }

    private Path config(String text) throws Exception {
        return Files.writeString(dir.resolve("mqnamesrv.properties"), text);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anExporterPetrelLacksStopsStartUpNamingTheValue() throws Exception {
        Path file = config("metricsExporterType=LOG\n");
        assertThat(run("-c", file.toString())).isEqualTo(1);
        assertThat(stderr()).startsWith("mqnamesrv: bad configuration in " + file)
                .contains("bad value for metricsExporterType: 'LOG' is refused");
        assertThat(stdout()).as("nothing started").isEmpty();
    }

    @Test
    void aBadValueStopsStartUpNamingKeyAndValue() throws Exception {
        Path file = config("listenPort=ten\n");
        assertThat(run("-c", file.toString())).isEqualTo(1);
        assertThat(stderr()).startsWith("mqnamesrv: bad configuration in " + file).contains("listenPort").contains("ten");
        assertThat(stdout()).as("nothing started").isEmpty();
    }

    @Test
    void printConfigShowsTheFilesValuesAndWarnsAboutUnknownKeys() throws Exception {
        Path file = config("listenPort=10999\nserverChannelMaxIdleTimeSeconds=7\nlistenPortt=1\n");
        assertThat(run("-c", file.toString(), "-p")).isEqualTo(0);
        assertThat(stdout().lines()).contains("listenPort=10999", "serverChannelMaxIdleTimeSeconds=7")
                .noneMatch(l -> l.startsWith("listenPortt"));
        assertThat(stderr().lines()).singleElement().satisfies(line -> assertThat(line).startsWith("WARN: ")
                .contains("'listenPortt'").endsWith(" in " + file));
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThat(run("-c", missing.toString(), "-p")).isEqualTo(1);
        assertThat(stderr()).contains(missing.toString()).contains("does not exist");
    }
}
