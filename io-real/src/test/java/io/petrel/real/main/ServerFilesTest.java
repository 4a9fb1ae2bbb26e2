package io.petrel.real.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerConfig;
import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigValues;
import io.petrel.namesrv.NamesrvConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a server main leaves for operators: its pid file and what -p and -m print. */
class ServerFilesTest {

    @TempDir
    Path dir;

    @Test
    void pidFileHoldsThisProcessIdAndIsDeletedOnlyWhileItStillNamesUs() throws Exception {
        Path pidDir = dir.resolve("run/nested");
        String stem = PidFile.stem("mqbroker", "broker a/1", "10911");
        assertThat(stem).isEqualTo("mqbroker-broker_a_1-10911");

        PidFile file = PidFile.write(pidDir, stem, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(file).isNotNull();
        assertThat(Files.readString(file.path())).isEqualTo(ProcessHandle.current().pid() + "\n");
        assertThat(file.path()).isEqualTo(pidDir.resolve("mqbroker-broker_a_1-10911.pid"));
        try (var listing = Files.list(pidDir)) {
            assertThat(listing.toList()).as("no temporary file is left behind").containsExactly(file.path());
        }

        Files.writeString(file.path(), "424242\n");
        file.delete();
        assertThat(file.path()).as("a newer process's file is kept").hasContent("424242");

        file = PidFile.write(pidDir, stem, System.err);
        file.delete();
        assertThat(file.path()).doesNotExist();
    }

    @Test
    void pidFileThatCannotBeWrittenIsAWarningNotAFailure() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PidFile file = PidFile.write(notADirectory, "mqnamesrv-9876", new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(file).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("WARN: cannot write the pid file " + notADirectory
                + "/mqnamesrv-9876.pid").contains("bin/mqshutdown will look for this process by its command line");
    }

    @Test
    void printAllIsAPropertiesFileThatSaysWhichKeysHaveNoEffect() throws Exception {
        ConfigValues values = NamesrvConfig.REGISTRY.bind(Map.of("listenPort", "10401", "serverWorkerThreads", "8"),
                ConfigContext.of(dir.toString(), "127.0.0.1"), true);
        List<String> lines = ConfigFiles.render(values, false);

        assertThat(lines).containsSubsequence(
                "# serverWorkerThreads: accepted for compatibility; Petrel runs each NameServer on one event loop, "
                        + "so thread pool sizes do not apply",
                "serverWorkerThreads=8");
        assertThat(lines).contains("listenPort=10401");
        Properties parsed = new Properties();
        parsed.load(new StringReader(String.join("\n", lines)));
        assertThat(parsed).hasSize(NamesrvConfig.REGISTRY.keys().size());
        assertThat(parsed.getProperty("listenPort")).isEqualTo("10401");
    }

    @Test
    void printImportantShowsTheKeysAnOperatorChecksFirst() {
        ConfigValues values = BrokerConfig.REGISTRY.bind(Map.of("brokerName", "broker-b", "listenPort", "10421",
                "namesrvAddr", "127.0.0.1:10401", "sendMessageThreadPoolNums", "128"),
                ConfigContext.of(dir.toString(), "127.0.0.1"), true);
        List<String> important = ConfigFiles.render(values, true);
        assertThat(important).contains("brokerName=broker-b", "listenPort=10421", "namesrvAddr=127.0.0.1:10401");
        assertThat(important).noneMatch(l -> l.startsWith("sendMessageThreadPoolNums"));
        assertThat(ConfigFiles.render(values, false)).containsSubsequence(
                "# sendMessageThreadPoolNums: accepted for compatibility; a Petrel broker runs on one event loop, "
                        + "so thread pool sizes do not apply",
                "sendMessageThreadPoolNums=128");
    }
}
