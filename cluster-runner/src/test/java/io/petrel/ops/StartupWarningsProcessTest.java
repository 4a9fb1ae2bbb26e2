package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.broker.BrokerConfig;
import io.petrel.cluster.ConfFiles;
import io.petrel.cluster.FreePorts;
import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigRegistry;
import io.petrel.namesrv.NamesrvConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/mqbroker} and {@code bin/mqnamesrv}, run as processes, say about a configuration
 * Petrel does not fully support: DLedger refuses to start, naming the key, on stderr and in
 * the server's log (a broker with aclEnable=true starts on the shipped conf/plain_acl.yml, warning
 * about its placeholder secrets, and bin/mqadmin signs with the shipped conf/tools.yml); unknown
 * keys and keys without effect are warned about on stderr (also with {@code -m}) and as the first
 * lines of the log of a server started as the runbook starts it, with stdout and stderr discarded;
 * {@code -p} marks every key without effect. Slaves and SYNC_MASTERs, which replicate since issue
 * 16, start without a warning.
 */
@Tag("process")
class StartupWarningsProcessTest {

    /** A refused start ends at once; a broker still running after this has started instead. */
    private static final Duration REFUSAL = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static Scripts scripts;
    private static Path conf;
    /** A NameServer address nothing listens on: these brokers need not register to show what they say. */
    private static String nowhere;

    @BeforeAll
    static void scripts() throws Exception {
        scripts = new Scripts(dir.resolve("host"));
        conf = scripts.home().resolve("conf");
        Files.createDirectories(dir.resolve("conf"));
        nowhere = "127.0.0.1:" + FreePorts.next();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        scripts.close();
    }

    /** A copy of a shipped broker file made to run on this host, with {@code extra} lines set. */
    private static Path brokerFile(String shipped, String name, int port, Map<String, String> extra) throws Exception {
        Path store = dir.resolve("store/" + name + "-" + port);
        Map<String, String> values = new TreeMap<>(Map.of("namesrvAddr", nowhere, "storePathRootDir", store.toString(),
                "storePathCommitLog", store.resolve("commitlog").toString(), "listenPort", String.valueOf(port),
                "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1", "mapedFileSizeCommitLog", String.valueOf(64 << 20)));
        values.putAll(extra);
        return ConfFiles.edit(conf.resolve(shipped), dir.resolve("conf/" + name + "-" + port + ".properties"), values);
    }

    private static String log(String stem) throws Exception {
        return Files.readString(scripts.logDir().resolve(stem + ".log"), StandardCharsets.UTF_8);
    }

    @Test
    void aclEnableStartsABrokerOnTheShippedAccountsAndTheShippedToolsYmlSignsMqadmin() throws Exception {
        int port = FreePorts.nextBrokerPort();
        Path file = brokerFile("2m-noslave/broker-a.properties", "broker-a", port, Map.of("aclEnable", "true"));

        scripts.startInBackground("mqbroker-broker-a-" + port, "mqbroker", "-c", file.toString());

        Path shipped = scripts.home().resolve("conf/plain_acl.yml");
        await().atMost(Duration.ofSeconds(30)).until(() -> log("mqbroker-broker-a-" + port)
                .contains("ACL file " + shipped + " loaded: 2 accounts"));
        assertThat(log("mqbroker-broker-a-" + port))
                .contains("ACL account petrel-admin in " + shipped + " still has the shipped placeholder secret")
                .doesNotContain("CHANGE_ME");
        Scripts.Run created = scripts.run("mqadmin", "updateTopic", "-b", "127.0.0.1:" + port, "-n", nowhere,
                "-t", "AclShipped");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("create topic to 127.0.0.1:" + port + " success.");
    }

    /** Apache RocketMQ 4.9.8's conf/dledger/broker-n0.conf, verbatim but for the ports and paths of this host. */
    private static Path apacheDLedgerFile(int port, boolean enabled) throws Exception {
        Path store = dir.resolve("store/raft-" + port);
        List<String> lines = List.of("brokerClusterName = RaftCluster", "brokerName=RaftNode00", "listenPort=" + port,
                "namesrvAddr=" + nowhere, "storePathRootDir=" + store, "storePathCommitLog=" + store.resolve("commitlog"),
                (enabled ? "" : "#") + "enableDLegerCommitLog=true", "dLegerGroup=RaftNode00",
                "dLegerPeers=n0-127.0.0.1:40911;n1-127.0.0.1:40912;n2-127.0.0.1:40913", "## must be unique",
                "dLegerSelfId=n0", "sendMessageThreadPoolNums=16");
        return Files.write(dir.resolve("conf/broker-n0-" + port + ".conf"), lines, StandardCharsets.ISO_8859_1);
    }

    @Test
    void apachesDLedgerFileRefusesToStartSayingToUseMasterAndSlave() throws Exception {
        int port = FreePorts.nextBrokerPort();
        Scripts.Run run = scripts.runWithin(REFUSAL, "mqbroker", "-c", apacheDLedgerFile(port, true).toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("bad value for enableDLegerCommitLog: 'true' is refused", "use master/slave instead");
        assertThat(log("mqbroker-RaftNode00-" + port)).contains("mqbroker refused to start",
                "enableDLegerCommitLog", "use master/slave instead");
    }

    @Test
    void dLedgerKeysWithoutDLedgerAreKnownAndSaidToHaveNoEffect() throws Exception {
        Scripts.Run run = scripts.run("mqbroker", "-c", apacheDLedgerFile(FreePorts.nextBrokerPort(), false).toString(), "-m");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).doesNotContain("unknown").contains("WARN: dLegerGroup, dLegerPeers, dLegerSelfId: no effect",
                "WARN: sendMessageThreadPoolNums: no effect");
    }

    @Test
    void warningsOpenTheLogOfABrokerStartedWithItsOutputDiscardedAndMShowsThem() throws Exception {
        int port = FreePorts.nextBrokerPort();
        Path file = brokerFile("2m-noslave/broker-b.properties", "broker-b", port, Map.of("brokerNmae", "typo"));
        List<String> expected = List.of("unknown broker config key 'brokerNmae' (ignored) in " + file,
                "sendMessageThreadPoolNums, pullMessageThreadPoolNums: no effect (accepted for compatibility;",
                "checkTransactionMessageEnable: no effect (accepted for compatibility; RocketMQ 4.9 reads it nowhere");

        Scripts.Run important = scripts.run("mqbroker", "-c", file.toString(), "-m");
        assertThat(important.exitCode()).isZero();
        assertThat(important.err().lines().toList()).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("WARN: "));
        assertThat(important.err()).contains(expected);

        scripts.startInBackground("mqbroker-broker-b-" + port, "mqbroker", "-c", file.toString());
        List<String> logLines = log("mqbroker-broker-b-" + port).lines().toList();
        assertThat(logLines.subList(0, 3)).as("the log's first lines").allSatisfy(line ->
                assertThat(line).contains(" WARN petrel.startup - "));
        assertThat(String.join("\n", logLines.subList(0, 3))).contains(expected);
    }

    @Test
    void aSlaveAndASyncMasterStartWithoutRoleWarningsNowThatTheyReplicate() throws Exception {
        Path slave = brokerFile("2m-2s-async/broker-a-s.properties", "broker-a", FreePorts.nextBrokerPort(), Map.of());
        Path sync = brokerFile("2m-2s-sync/broker-b.properties", "broker-b", FreePorts.nextBrokerPort(), Map.of());
        for (Path file : List.of(slave, sync)) {
            Scripts.Run run = scripts.run("mqbroker", "-c", file.toString(), "-m");
            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).as(file.toString()).doesNotContain("brokerRole", "replication");
        }
    }

    /** Every key of {@code registry} without effect is preceded in {@code -p}'s output by a comment saying so. */
    private static void assertMarked(String printed, ConfigRegistry registry) {
        List<String> lines = printed.lines().toList();
        for (ConfigKey<?> key : registry.keys()) {
            int at = 0;
            while (at < lines.size() && !lines.get(at).startsWith(key.name() + "=")) {
                at++;
            }
            assertThat(at).as("%s is printed", key.name()).isLessThan(lines.size());
            if (!key.hasEffect() || !key.petrelNote().isEmpty()) {
                assertThat(at).as("%s has a comment above it", key.name()).isPositive();
                assertThat(lines.get(at - 1)).as("the line above %s", key.name())
                        .isEqualTo("# " + key.name() + ": " + key.petrelNote());
            }
        }
    }

    @Test
    void printAllMarksEveryKeyThatHasNoEffectOrDiffersFromRocketMq() throws Exception {
        Path broker = brokerFile("2m-noslave/broker-a.properties", "broker-a", FreePorts.nextBrokerPort(), Map.of());
        Scripts.Run all = scripts.run("mqbroker", "-c", broker.toString(), "-p");
        assertThat(all.exitCode()).isZero();
        assertMarked(all.out(), BrokerConfig.REGISTRY);
        assertThat(all.out()).contains("# slaveReadEnable: ", "# brokerRole: ")
                .doesNotContain("# haListenPort: ", "# brokerIP2: ", "# rejectTransactionMessage: ");

        Scripts.Run namesrv = scripts.run("mqnamesrv", "-c", conf.resolve("mqnamesrv.properties").toString(), "-p");
        assertThat(namesrv.exitCode()).isZero();
        assertMarked(namesrv.out(), NamesrvConfig.REGISTRY);
        assertThat(namesrv.out()).contains("# rocketmqHome: ", "# productEnvName: ");
    }
}
