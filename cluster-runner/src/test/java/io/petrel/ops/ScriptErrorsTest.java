package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the scripts say when something is wrong, and that mqshutdown never signals a process that
 * is not one of its servers. None of these starts a server.
 */
@Tag("process")
class ScriptErrorsTest {

    @TempDir
    static Path dir;

    private static Scripts scripts;

    @BeforeAll
    static void scripts() throws Exception {
        scripts = new Scripts(dir.resolve("host"));
    }

    @Test
    void aJavaHomeWithoutJavaIsNamed() throws Exception {
        Scripts.Run run = scripts.run(Map.of("JAVA_HOME", dir.resolve("no-jdk").toString()), "mqnamesrv", "-m");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("petrel: JAVA_HOME is set to '" + dir.resolve("no-jdk") + "' but "
                + dir.resolve("no-jdk/bin/java") + " is not an executable; fix JAVA_HOME (bin/setenv.sh) or unset it\n");
    }

    @Test
    void aPetrelHomeThatIsNotAnInstallationIsNamed() throws Exception {
        Scripts.Run run = scripts.run(Map.of("PETREL_HOME", dir.toString()), "mqadmin", "topicList");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("petrel: PETREL_HOME is '" + dir + "', which is not a Petrel installation");
    }

    @Test
    void mqshutdownNeedsToKnowWhatToStop() throws Exception {
        Scripts.Run run = scripts.run("mqshutdown", "proxy");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Usage: mqshutdown (broker|namesrv)\n");
    }

    @Test
    void mqshutdownLeavesAloneAProcessThatAStalePidFileNames() throws Exception {
        long notABroker = ProcessHandle.current().pid();
        Path stale = Files.writeString(scripts.pidDir().resolve("mqbroker-broker-a-10411.pid"), notABroker + "\n");
        Path gone = Files.writeString(scripts.pidDir().resolve("mqnamesrv-10401.pid"), "2147483646\n");

        Scripts.Run broker = scripts.run("mqshutdown", "broker");
        assertThat(broker.exitCode()).isEqualTo(1);
        assertThat(broker.out()).isEqualTo("No mqbroker running.\n");
        assertThat(broker.err()).isEqualTo("Removed the stale pid file " + stale + " (no mqbroker runs as pid "
                + notABroker + ").\n");
        assertThat(stale).doesNotExist();

        Scripts.Run namesrv = scripts.run("mqshutdown", "namesrv");
        assertThat(namesrv.exitCode()).isEqualTo(1);
        assertThat(namesrv.out()).isEqualTo("No mqnamesrv running.\n");
        assertThat(gone).doesNotExist();
        assertThat(ProcessHandle.current().isAlive()).as("this JVM, named by the stale file, got no signal").isTrue();
    }

    @Test
    void theScriptsRunWithShFromAnyDirectory() throws Exception {
        Scripts.Run run = scripts.exec(List.of("sh", scripts.home().resolve("bin/mqshutdown").toString(), "namesrv"), Map.of());
        assertThat(run.out()).isEqualTo("No mqnamesrv running.\n");
        Scripts.Run help = scripts.exec(List.of("sh", scripts.home().resolve("bin/mqadmin").toString()), Map.of());
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("The most commonly used mqadmin commands are:").contains("getConsumerConfig");
    }
}
