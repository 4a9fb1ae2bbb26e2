package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerRole;
import io.petrel.broker.BrokerConfig;
import io.petrel.cluster.TestRuns;
import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigValues;
import io.petrel.config.PropertiesText;
import io.petrel.namesrv.NamesrvConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The files in conf/ as shipped: every key the runbook's operators set is there, every key binds
 * (strictly: no unknown key, no bad value), the brokers of one set and the NameServer can share a
 * host (distinct ports, stores), and the lines an operator must edit are exactly the host-specific
 * ones, marked "EDIT".
 */
class ShippedConfTest {

    /** The keys the runbook's broker-a.properties sets, in its order. */
    private static final List<String> RUNBOOK_BROKER_KEYS = List.of("brokerClusterName", "brokerName", "brokerId",
            "namesrvAddr", "defaultTopicQueueNums", "autoCreateTopicEnable", "autoCreateSubscriptionGroup", "listenPort",
            "deleteWhen", "fileReservedTime", "mapedFileSizeCommitLog", "mapedFileSizeConsumeQueue",
            "destroyMapedFileIntervalForcibly", "redeleteHangedFileInterval", "diskMaxUsedSpaceRatio", "storePathRootDir",
            "storePathCommitLog", "maxMessageSize", "flushCommitLogLeastPages", "flushConsumeQueueLeastPages",
            "flushCommitLogThoroughInterval", "flushConsumeQueueThoroughInterval", "checkTransactionMessageEnable",
            "sendMessageThreadPoolNums", "pullMessageThreadPoolNums", "flushDiskType", "brokerRole");
    /** The keys the runbook's mqnamesrv.properties sets. */
    private static final List<String> RUNBOOK_NAMESRV_KEYS = List.of("listenPort", "serverWorkerThreads",
            "serverCallbackExecutorThreads", "serverSelectorThreads", "serverOnewaySemaphoreValue",
            "serverAsyncSemaphoreValue", "serverChannelMaxIdleTimeSeconds", "serverSocketSndBufSize",
            "serverSocketRcvBufSize", "serverPooledByteBufAllocatorEnable");
    private static final ConfigContext HOST = ConfigContext.of("/home/operator", "192.0.2.10");

    private static final Path CONF = TestRuns.home().resolve("conf");

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> p = new LinkedHashMap<>(PropertiesText.parse(Files.readString(file, StandardCharsets.ISO_8859_1)));
        p.replaceAll((k, v) -> v.startsWith("~/") ? "/home/operator" + v.substring(1) : v);
        return p;
    }

    private static List<Path> brokerFiles(String set) throws IOException {
        try (Stream<Path> files = Files.list(CONF.resolve(set))) {
            return files.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
        }
    }

    @Test
    void theNameServerFileHasTheRunbooksKeysAndBindsStrictly() throws IOException {
        Map<String, String> p = read(CONF.resolve("mqnamesrv.properties"));
        assertThat(p.keySet()).containsExactlyInAnyOrderElementsOf(RUNBOOK_NAMESRV_KEYS);
        NamesrvConfig config = NamesrvConfig.from(NamesrvConfig.REGISTRY.bind(p, HOST, true));
        assertThat(config.listenPort()).isEqualTo(10401);
        assertThat(editedKeys(CONF.resolve("mqnamesrv.properties"))).containsExactly("kvConfigPath");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2m-noslave", "2m-2s-async", "2m-2s-sync"})
    void everyBrokerOfASetBindsStrictlyAndTheSetFitsOnOneHost(String set) throws IOException {
        int namesrvPort = Integer.parseInt(read(CONF.resolve("mqnamesrv.properties")).get("listenPort"));
        TreeSet<Integer> ports = new TreeSet<>(List.of(namesrvPort));
        TreeSet<String> stores = new TreeSet<>();
        List<Path> files = brokerFiles(set);
        assertThat(files).hasSize(set.equals("2m-noslave") ? 2 : 4);
        for (Path file : files) {
            Map<String, String> p = read(file);
            assertThat(p.keySet()).as(file.toString()).containsAll(RUNBOOK_BROKER_KEYS);
            ConfigValues values = BrokerConfig.REGISTRY.bind(p, HOST, true);
            BrokerConfig broker = BrokerConfig.from(values);
            assertThat(broker.namesrvAddrs()).as(file + " points at the shipped NameServer").hasToString("[127.0.0.1:"
                    + namesrvPort + "]");
            boolean slave = file.getFileName().toString().endsWith("-s.properties");
            assertThat(broker.role() == BrokerRole.SLAVE).as(file.toString()).isEqualTo(slave);
            assertThat(broker.brokerId() > 0).as(file.toString()).isEqualTo(slave);
            for (int port : List.of(broker.vipPort(), broker.listenPort(), broker.haListenPort())) {
                assertThat(ports.add(port)).as("%s: port %d is used once on the host", file, port).isTrue();
            }
            assertThat(stores.add(broker.store().storePathRootDir())).as("%s has its own store", file).isTrue();
            assertThat(editedKeys(file)).as("%s: the lines marked EDIT", file)
                    .containsExactly("namesrvAddr", "storePathRootDir", "storePathCommitLog");
        }
    }

    @Test
    void theSingleBrokerFileBindsAndFitsNextToTheTwoMasters() throws IOException {
        BrokerConfig single = BrokerConfig.from(BrokerConfig.REGISTRY.bind(read(CONF.resolve("broker.conf")), HOST, true));
        assertThat(single.isMaster()).isTrue();
        for (Path file : brokerFiles("2m-noslave")) {
            BrokerConfig master = BrokerConfig.from(BrokerConfig.REGISTRY.bind(read(file), HOST, true));
            assertThat(Math.abs(master.listenPort() - single.listenPort())).isGreaterThan(3);
            assertThat(master.store().storePathRootDir()).isNotEqualTo(single.store().storePathRootDir());
        }
        assertThat(editedKeys(CONF.resolve("broker.conf"))).containsExactly("namesrvAddr", "storePathRootDir",
                "storePathCommitLog");
    }

    @Test
    void threadPoolKeysAreDocumentedAsAcceptedWithoutEffect() throws IOException {
        for (Path file : List.of(CONF.resolve("mqnamesrv.properties"), CONF.resolve("2m-noslave/broker-a.properties"))) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).contains("Accepted for compatibility, without effect", "no effect");
            int section = text.indexOf("Accepted for compatibility, without effect");
            int pool = text.indexOf(file.toString().contains("namesrv") ? "serverWorkerThreads=" : "sendMessageThreadPoolNums=");
            assertThat(pool).as("the thread-pool keys sit in that section").isGreaterThan(section);
        }
    }

    /** The master/slave sets say what each role does, and which broker is whose slave. */
    @ParameterizedTest
    @ValueSource(strings = {"2m-2s-async", "2m-2s-sync"})
    void theMasterSlaveSetsSayWhatEachRoleDoes(String set) throws IOException {
        for (Path file : brokerFiles(set)) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).doesNotContain("not there yet")
                    .contains("copies its commit log byte for byte on haListenPort", "listenPort + 1 serves its slaves");
            boolean slave = file.getFileName().toString().endsWith("-s.properties");
            if (slave) {
                assertThat(text).as(file.toString()).contains("# This broker: the slave of", "brokerRole=SLAVE", "brokerId=1");
            } else {
                assertThat(text).as(file.toString()).contains("its slave is", set.equals("2m-2s-sync")
                        ? "brokerRole=SYNC_MASTER" : "brokerRole=ASYNC_MASTER");
            }
        }
    }

    /**
     * The keys set (or shown commented out) on the line right after a comment block that starts
     * with "EDIT": the host-specific values an operator must look at.
     */
    private static List<String> editedKeys(Path file) throws IOException {
        List<String> keys = new ArrayList<>();
        boolean inEditComment = false;
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String t = line.strip();
            if (t.startsWith("# EDIT")) {
                inEditComment = true;
            } else if (inEditComment && t.contains("=") && !t.startsWith("# ")) {
                String key = t.startsWith("#") ? t.substring(1) : t;
                keys.add(key.substring(0, key.indexOf('=')).strip());
                inEditComment = false;
            } else if (!t.startsWith("#")) {
                inEditComment = false;
            }
        }
        return keys;
    }
}
