package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.petrel.cluster.ConfFiles;
import io.petrel.cluster.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25 at the wire, on real processes started by {@code bin/mqnamesrv} and {@code bin/mqbroker}:
 * the official 4.9.8 admin client's PUT_KV_CONFIG with a 70,000-character key is refused with
 * SYSTEM_ERROR naming the key, the longest allowed key with a long value is accepted, and the
 * NameServer comes back after a graceful stop and after {@code kill -9} serving routes and the KV.
 * A kvConfig.json that cannot be read is moved aside with an ERROR in the NameServer's log, and the
 * NameServer starts and serves routes.
 */
@Tag("process")
@Tag("official-client")
class KvConfigRestartProcessTest {

    private static final String NAMESPACE = "ORDER_TOPIC_CONFIG";
    private static final String TOPIC = "KvRestartTopic";

    @TempDir
    Path dir;

    private Scripts scripts;
    private Path namesrvConf;
    private Path kvConfig;
    private String namesrvStem;
    private String namesrvAddr;
    private String brokerAddr;
    private long namesrvPid;
    private DefaultMQAdminExt admin;

    @BeforeEach
    void startNameServerAndBroker() throws Exception {
        scripts = new Scripts(dir.resolve("host"));
        Path conf = scripts.home().resolve("conf");
        int port = FreePorts.next();
        namesrvAddr = "127.0.0.1:" + port;
        namesrvStem = "mqnamesrv-" + port;
        kvConfig = dir.resolve("namesrv/kvConfig.json");
        namesrvConf = ConfFiles.edit(conf.resolve("mqnamesrv.properties"), dir.resolve("conf/mqnamesrv.properties"),
                Map.of("listenPort", String.valueOf(port), "bindAddress", "127.0.0.1", "kvConfigPath", kvConfig.toString()));
        startNameServer();
        int brokerPort = FreePorts.nextBrokerPort();
        brokerAddr = "127.0.0.1:" + brokerPort;
        Path store = dir.resolve("store/broker-a");
        Path brokerConf = ConfFiles.edit(conf.resolve("2m-noslave/broker-a.properties"), dir.resolve("conf/broker-a.properties"),
                Map.of("namesrvAddr", namesrvAddr, "storePathRootDir", store.toString(),
                        "storePathCommitLog", store.resolve("commitlog").toString(), "listenPort", String.valueOf(brokerPort),
                        "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1"));
        scripts.startInBackground("mqbroker-broker-a-" + brokerPort, "mqbroker", "-c", brokerConf.toString());
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("kv-restart-" + System.nanoTime());
        admin.start();
        TopicConfig topic = new TopicConfig(TOPIC, 4, 4, 6);
        admin.createAndUpdateTopicConfig(brokerAddr, topic);
        awaitRoute();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (admin != null) {
            admin.shutdown();
        }
        if (scripts != null) {
            scripts.close();
        }
    }

    private void startNameServer() throws Exception {
        // A pid file left by a killed NameServer would make the start look done before it is.
        Files.deleteIfExists(scripts.pidDir().resolve(namesrvStem + ".pid"));
        namesrvPid = scripts.startInBackground(namesrvStem, "mqnamesrv", "-c", namesrvConf.toString());
    }

    private void awaitRoute() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            TopicRouteData route = admin.examineTopicRouteInfo(TOPIC);
            return route.getBrokerDatas().size() == 1 && route.getQueueDatas().get(0).getWriteQueueNums() == 4;
        });
    }

    private void stopNameServerGracefully() throws Exception {
        Scripts.Run stopped = scripts.run("mqshutdown", "namesrv");
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
    }

    private void killNameServer() throws Exception {
        ProcessHandle process = ProcessHandle.of(namesrvPid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aTooLongKvIsRefusedAndTheLongestAllowedOneSurvivesAGracefulStopAndAKill() throws Exception {
        MQClientException refused = catchThrowableOfType(MQClientException.class,
                () -> admin.createAndUpdateKvConfig(NAMESPACE, "k".repeat(70_000), "broker-a:4"));
        assertThat(refused.getResponseCode()).isEqualTo(1);
        assertThat(refused.getErrorMessage()).isEqualTo("the KV config key has 70000 characters, more than the 16384 allowed");
        String longestKey = "k".repeat(16_384);
        String longValue = "broker-a:4;".repeat(7_000);
        admin.createAndUpdateKvConfig(NAMESPACE, longestKey, longValue);
        admin.createAndUpdateKvConfig(NAMESPACE, TOPIC, "broker-a:4");

        stopNameServerGracefully();
        startNameServer();
        awaitRoute();
        assertThat(admin.getKVConfig(NAMESPACE, longestKey)).isEqualTo(longValue);
        assertThat(admin.getKVConfig(NAMESPACE, TOPIC)).isEqualTo("broker-a:4");

        killNameServer();
        startNameServer();
        awaitRoute();
        assertThat(admin.getKVConfig(NAMESPACE, longestKey)).isEqualTo(longValue);
        assertThat(admin.getKVConfig(NAMESPACE, TOPIC)).isEqualTo("broker-a:4");
        try (Stream<Path> files = Files.list(kvConfig.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing was moved aside")
                    .containsExactly("kvConfig.json");
        }
    }

    @Test
    void anUnreadableKvConfigIsMovedAsideWithAnErrorAndTheNameServerServesRoutes() throws Exception {
        admin.createAndUpdateKvConfig(NAMESPACE, TOPIC, "broker-a:4");
        stopNameServerGracefully();
        Files.writeString(kvConfig, "{\"configTable\":{\"" + NAMESPACE + "\":{\"" + TOPIC + "\":", StandardCharsets.UTF_8);
        startNameServer();
        awaitRoute();
        Path aside = kvConfig.resolveSibling("kvConfig.json.corrupt-1");
        assertThat(aside).exists();
        assertThat(kvConfig).doesNotExist();
        String log = Files.readString(scripts.logDir().resolve(namesrvStem + ".log"), StandardCharsets.UTF_8);
        assertThat(log.lines().filter(line -> line.contains("ERROR"))).singleElement().satisfies(line -> assertThat(line)
                .contains("KV config " + kvConfig + " cannot be read (it is not a valid KV config file: ")
                .contains("moved it aside to " + aside + " and starting with an empty KV config"));
        MQClientException missing = catchThrowableOfType(MQClientException.class, () -> admin.getKVConfig(NAMESPACE, TOPIC));
        assertThat(missing.getResponseCode()).isEqualTo(22);
        admin.createAndUpdateKvConfig(NAMESPACE, TOPIC, "broker-a:2");
        assertThat(admin.getKVConfig(NAMESPACE, TOPIC)).isEqualTo("broker-a:2");
    }
}
