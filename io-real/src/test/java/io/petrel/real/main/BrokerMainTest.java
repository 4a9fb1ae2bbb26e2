package io.petrel.real.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/mqbroker}'s handling of its config file, run through picocli as the script runs it:
 * unknown keys warn, bad values and broken cross-field rules stop start-up before any node starts,
 * naming the key and the value. Every case here exits before a broker would start.
 */
class BrokerMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path configFile(String... lines) throws Exception {
        String base = String.join("\n", "brokerClusterName=DefaultCluster", "brokerName=broker-t",
                "namesrvAddr=127.0.0.1:9876", "storePathRootDir=" + dir.resolve("store"), "");
        return Files.writeString(dir.resolve("broker.properties"), base + String.join("\n", lines) + "\n",
                StandardCharsets.ISO_8859_1);
    }

    private int run(String... args) {
        return new CommandLine(new BrokerMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), dir.resolve("logs").toString())).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownKeyWarnsNamingKeyAndFileAndPrintStillSucceeds() throws Exception {
        Path file = configFile("brokerNmae=typo", "listenPort=10931");
        assertThat(run("-c", file.toString(), "-p")).isZero();
        assertThat(err()).contains("WARN: unknown broker config key 'brokerNmae' (ignored) in " + file);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("listenPort=10931\n", "brokerName=broker-t\n");
    }

    @Test
    void aBadValueStopsStartUpNamingKeyAndValue() throws Exception {
        Path file = configFile("listenPort=ten");
        assertThat(run("-c", file.toString())).isEqualTo(1);
        assertThat(err()).startsWith("mqbroker: bad configuration in " + file).contains("listenPort", "'ten'");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("boot success");
    }

    @Test
    void anExporterPetrelLacksStopsStartUpNamingTheValue() throws Exception {
        Path file = configFile("metricsExporterType=OTLP_GRPC");
        assertThat(run("-c", file.toString())).isEqualTo(1);
        assertThat(err()).startsWith("mqbroker: bad configuration in " + file)
                .contains("bad value for metricsExporterType: 'OTLP_GRPC' is refused");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("boot success");
    }

    @Test
    void printShowsTheMetricsKeysWithRocketMq5Defaults() throws Exception {
        Path file = configFile();
        assertThat(run("-c", file.toString(), "-p")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("metricsExporterType=DISABLE\n",
                "metricsPromExporterHost=\n", "metricsPromExporterPort=5557\n");
    }

    @Test
    void aMasterMustHaveBrokerIdZero() throws Exception {
        assertThat(run("-c", configFile("brokerRole=ASYNC_MASTER", "brokerId=1").toString())).isEqualTo(1);
        assertThat(err()).contains("brokerId=1 but brokerRole=ASYNC_MASTER: a master must have brokerId 0");
    }

    @Test
    void aSlaveMustNotHaveBrokerIdZero() throws Exception {
        assertThat(run("-c", configFile("brokerRole=SLAVE", "brokerId=0").toString())).isEqualTo(1);
        assertThat(err()).contains("brokerId=0 but brokerRole=SLAVE: a slave must have a brokerId above 0");
    }

    @Test
    void brokerIp1MustBeAnIpLiteral() throws Exception {
        assertThat(run("-c", configFile("brokerIP1=broker.example.com").toString())).isEqualTo(1);
        assertThat(err()).contains("bad value for brokerIP1: 'broker.example.com' is not an IP address");
    }

    @Test
    void aMalformedNamesrvAddrIsRefused() throws Exception {
        assertThat(run("-c", configFile().toString(), "-n", "127.0.0.1:notaport")).isEqualTo(1);
        assertThat(err()).contains("bad value for namesrvAddr: '127.0.0.1:notaport'");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        assertThat(run("-c", configFile("brokerRole=SLAVE", "brokerId=0", "brokerIP1=nohost").toString())).isEqualTo(1);
        assertThat(err()).contains("a slave must have a brokerId above 0", "'nohost' is not an IP address");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThat(run("-c", missing.toString())).isEqualTo(1);
        assertThat(err()).contains("config file " + missing + " does not exist");
    }

    @Test
    void aRefusedStartSaysWhyAlsoInTheLogItWouldHaveWritten() throws Exception {
        Path file = configFile("brokerNmae=typo", "listenPort=10931", "enableDLegerCommitLog=true");
        assertThat(run("-c", file.toString())).isEqualTo(1);
        assertThat(err()).contains("WARN: unknown broker config key 'brokerNmae' (ignored) in " + file,
                "mqbroker: bad configuration in " + file, "bad value for enableDLegerCommitLog: 'true' is refused");
        List<String> log = Files.readAllLines(dir.resolve("logs/mqbroker-broker-t-10931.log"));
        assertThat(log.get(0)).contains(" [main] WARN petrel.startup - unknown broker config key 'brokerNmae'");
        assertThat(log.get(1)).contains(" [main] ERROR petrel.startup - mqbroker refused to start: bad configuration in "
                + file);
        assertThat(String.join("\n", log)).contains("bad value for enableDLegerCommitLog: 'true' is refused");
    }

    @Test
    void printingTheConfigurationWritesNoLog() throws Exception {
        assertThat(run("-c", configFile("listenPort=notaport").toString(), "-m")).isEqualTo(1);
        assertThat(run("-c", configFile("brokerRole=SLAVE", "brokerId=1").toString(), "-m")).isZero();
        assertThat(err()).doesNotContain("brokerRole");
        assertThat(dir.resolve("logs")).doesNotExist();
    }
}
