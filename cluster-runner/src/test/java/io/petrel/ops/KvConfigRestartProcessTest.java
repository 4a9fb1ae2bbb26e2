package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.petrel.cluster.NodeProcess;
import io.petrel.cluster.ProcessCluster;
import io.petrel.cluster.TestRuns;
import io.petrel.cluster.Topology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Issue 25 at the wire, on real processes started by {@code bin/mqnamesrv} and {@code bin/mqbroker}
 * (through the launcher, {@link ProcessCluster}, from the shipped files):
 * the official 4.9.8 admin client's PUT_KV_CONFIG with a 70,000-character key is refused with
 * SYSTEM_ERROR naming the key, the longest allowed key with a long value is accepted, and the
 * NameServer comes back after a graceful stop (SIGTERM, as {@code bin/mqshutdown} sends) and after
 * {@code kill -9} serving routes and the KV.
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

    private ProcessCluster cluster;
    private NodeProcess namesrv;
    private Path kvConfig;
    private DefaultMQAdminExt admin;

    @BeforeEach
    void startNameServerAndBroker() throws Exception {
        cluster = ProcessCluster.start(TestRuns.settings(dir.resolve("run")),
                Topology.confSet(TestRuns.home(), "2m-noslave").only("broker-a"));
        namesrv = cluster.node("namesrv-1");
        kvConfig = namesrv.storeDir().resolve("kvConfig.json");
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName("kv-restart-" + System.nanoTime());
        admin.start();
        TopicConfig topic = new TopicConfig(TOPIC, 4, 4, 6);
        admin.createAndUpdateTopicConfig(cluster.node("broker-a").address(), topic);
        awaitRoute();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void awaitRoute() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            TopicRouteData route = admin.examineTopicRouteInfo(TOPIC);
            return route.getBrokerDatas().size() == 1 && route.getQueueDatas().get(0).getWriteQueueNums() == 4;
        });
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
        // No wait here: an answered put is in kvConfig.json, so the graceful stop that follows keeps it.

        namesrv.stop();
        namesrv.restart();
        awaitRoute();
        assertThat(admin.getKVConfig(NAMESPACE, longestKey)).isEqualTo(longValue);
        assertThat(admin.getKVConfig(NAMESPACE, TOPIC)).isEqualTo("broker-a:4");

        namesrv.kill();
        namesrv.restart();
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
        namesrv.stop();
        Files.writeString(kvConfig, "{\"configTable\":{\"" + NAMESPACE + "\":{\"" + TOPIC + "\":", StandardCharsets.UTF_8);
        namesrv.restart();
        awaitRoute();
        Path aside = kvConfig.resolveSibling("kvConfig.json.corrupt-1");
        assertThat(aside).exists();
        assertThat(kvConfig).doesNotExist();
        String log = Files.readString(namesrv.logFile(), StandardCharsets.UTF_8);
        assertThat(log.lines().filter(line -> line.contains("ERROR"))).singleElement().satisfies(line -> assertThat(line)
                .contains("KV config " + kvConfig + " cannot be read (it is not a valid KV config file: ")
                .contains("moved it aside to " + aside + " and starting with an empty KV config"));
        MQClientException missing = catchThrowableOfType(MQClientException.class, () -> admin.getKVConfig(NAMESPACE, TOPIC));
        assertThat(missing.getResponseCode()).isEqualTo(22);
        admin.createAndUpdateKvConfig(NAMESPACE, TOPIC, "broker-a:2");
        assertThat(admin.getKVConfig(NAMESPACE, TOPIC)).isEqualTo("broker-a:2");
    }
}
