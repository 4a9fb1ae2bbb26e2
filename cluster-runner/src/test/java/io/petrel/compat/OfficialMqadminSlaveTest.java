package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 {@code mqadmin} against a Petrel SYNC_MASTER and its slave: clusterList lists
 * the slave under the master's broker name with BID 1, and brokerStatus on each prints its runtime
 * info; the master's carries {@code slaveFallBehindMuch} (4.9.8's name for how far its slave lags) at
 * 0 once the slave holds everything, the slave's carries the same {@code commitLogMaxOffset}. The
 * three commands run at once, each mqadmin process costing a few seconds.
 */
@Tag("process")
@Tag("official-client")
class OfficialMqadminSlaveTest {

    @TempDir
    Path dir;

    private RealCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Compat(value = "mqadmin clusterList and brokerStatus with a slave", kind = Compat.Kind.MQADMIN)
    void clusterListShowsTheSlaveWithBid1AndBrokerStatusShowsReplicationOnBoth() throws Exception {
        cluster = new RealCluster(dir.resolve("cluster")).addBroker("broker-a", Map.of("brokerRole", "SYNC_MASTER"))
                .addBroker("broker-a-s", Map.of("brokerName", "broker-a", "brokerId", "1", "brokerRole", "SLAVE"));
        String ns = cluster.namesrvAddr();
        String master = cluster.brokerAddr("broker-a");
        String slave = cluster.brokerAddr("broker-a-s");
        sendOneMessage(ns, master);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.onBroker("broker-a-s", b -> b.store().getMaxPhyOffset())
                .equals(cluster.onBroker("broker-a", b -> b.store().getMaxPhyOffset())));

        OfficialMqadmin mqadmin = new OfficialMqadmin(dir.resolve("mqadmin-home"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<String> list = pool.submit(() -> mqadmin.ok("clusterList", "-n", ns));
            Future<String> onMaster = pool.submit(() -> mqadmin.ok("brokerStatus", "-n", ns, "-b", master));
            Future<String> onSlave = pool.submit(() -> mqadmin.ok("brokerStatus", "-n", ns, "-b", slave));

            List<String> rows = list.get(120, TimeUnit.SECONDS).lines().filter(l -> l.startsWith("DefaultCluster")).toList();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).split("\\s+")).containsSequence("broker-a", "0", master);
            assertThat(rows.get(1).split("\\s+")).containsSequence("broker-a", "1", slave);

            String masterStatus = onMaster.get(120, TimeUnit.SECONDS);
            String slaveStatus = onSlave.get(120, TimeUnit.SECONDS);
            assertThat(entry(masterStatus, "slaveFallBehindMuch")).isEqualTo("0");
            assertThat(entry(slaveStatus, "commitLogMaxOffset")).isEqualTo(entry(masterStatus, "commitLogMaxOffset"))
                    .isNotEqualTo("0");
            assertThat(slaveStatus).contains("brokerVersionDesc", "V4_9_8", "msgPutTotalTodayNow")
                    .doesNotContain("slaveFallBehindMuch", "Exception");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sendOneMessage(String ns, String master) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(ns);
        admin.setInstanceName(FeatureCompatibilityTest.unique("slave-status-admin"));
        admin.start();
        DefaultMQProducer producer = new DefaultMQProducer(FeatureCompatibilityTest.unique("SlaveStatusPG"));
        producer.setNamesrvAddr(ns);
        producer.setInstanceName(FeatureCompatibilityTest.unique("slave-status-producer"));
        try {
            admin.createAndUpdateTopicConfig(master, new TopicConfig("SlaveStatusT", 1, 1, 6));
            producer.start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> producer.send(
                    new Message("SlaveStatusT", "hello".getBytes(StandardCharsets.UTF_8))).getSendStatus() == SendStatus.SEND_OK);
        } finally {
            producer.shutdown();
            admin.shutdown();
        }
    }

    /** The value brokerStatus prints for {@code key} ("key    : value" lines). */
    private static String entry(String output, String key) {
        return output.lines().filter(l -> l.startsWith(key + " ") || l.startsWith(key + ":")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElseThrow(() -> new AssertionError("brokerStatus printed no " + key + ":\n" + output));
    }
}
