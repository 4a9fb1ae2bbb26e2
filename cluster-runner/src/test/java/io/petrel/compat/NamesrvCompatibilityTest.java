package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.cluster.FreePorts;
import io.petrel.config.ConfigContext;
import io.petrel.env.Address;
import io.petrel.namesrv.NameServer;
import io.petrel.namesrv.NamesrvConfig;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.body.TopicList;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 admin API, producer and mqadmin against a real Petrel NameServer with two
 * brokers registered by Petrel's registration client, all on loopback.
 */
@Tag("official-client")
class NamesrvCompatibilityTest {

    @TempDir
    static Path dir;

    private static RealRuntime runtime;
    private static String namesrvAddr;
    private static final AtomicReference<NameServer> NAMESRV = new AtomicReference<>();
    private static RealNode namesrvNode;
    private static int nsPort;

    @BeforeAll
    static void startCluster() {
        runtime = RealRuntime.create();
        nsPort = FreePorts.next();
        namesrvAddr = "127.0.0.1:" + nsPort;
        NamesrvConfig config = NamesrvConfig.from(NamesrvConfig.REGISTRY.bind(Map.of("listenPort", String.valueOf(nsPort),
                "bindAddress", "127.0.0.1", "kvConfigPath", dir.resolve("kvConfig.json").toString()),
                ConfigContext.of(dir.toString(), "127.0.0.1"), true));
        namesrvNode = runtime.start(RealNodeSpec.withOsSeed("namesrv", dir), env -> {
            NameServer ns = new NameServer(env, config);
            NAMESRV.set(ns);
            return ns;
        });
        List<Address> namesrvs = List.of(Address.parse(namesrvAddr));
        int portA = FreePorts.nextBrokerPort();
        runtime.start(RealNodeSpec.withOsSeed("broker-a", dir), env -> new RegisteringBrokerFixture(env,
                "DefaultCluster", "broker-a", portA, namesrvs, List.of("TopicA", "Shared")));
        int portB = FreePorts.nextBrokerPort();
        runtime.start(RealNodeSpec.withOsSeed("broker-b", dir), env -> new RegisteringBrokerFixture(env,
                "DefaultCluster", "broker-b", portB, namesrvs, List.of("TopicB", "Shared")));
        await().atMost(Duration.ofSeconds(20)).until(() -> namesrvNode.onLoop(
                () -> NAMESRV.get().routes().allTopics().size() == 3 && NAMESRV.get().routes().liveBrokerCount() == 2, 5_000));
    }

    @AfterAll
    static void stopCluster() {
        runtime.close();
    }

    @Test
    void officialAdminReadsClusterInfoTopicListAndRoutes() throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("compat-admin-" + System.nanoTime());
        admin.start();
        try {
            ClusterInfo cluster = admin.examineBrokerClusterInfo();
            assertThat(cluster.getClusterAddrTable()).containsOnlyKeys("DefaultCluster");
            assertThat(cluster.getClusterAddrTable().get("DefaultCluster")).containsExactlyInAnyOrder("broker-a", "broker-b");
            assertThat(cluster.getBrokerAddrTable().get("broker-a").getBrokerAddrs().get(0L)).startsWith("127.0.0.1:");

            TopicList topics = admin.fetchAllTopicList();
            assertThat(topics.getTopicList()).containsExactlyInAnyOrder("TopicA", "TopicB", "Shared");
            assertThat(admin.fetchTopicsByCLuster("DefaultCluster").getTopicList())
                    .containsExactlyInAnyOrder("TopicA", "TopicB", "Shared");
            assertThat(admin.fetchTopicsByCLuster("NoSuchCluster").getTopicList()).isEmpty();

            TopicRouteData route = admin.examineTopicRouteInfo("Shared");
            assertThat(route.getQueueDatas()).hasSize(2).allSatisfy(q -> {
                assertThat(q.getWriteQueueNums()).isEqualTo(8);
                assertThat(q.getPerm()).isEqualTo(6);
            });
            assertThat(route.getBrokerDatas()).extracting(b -> b.getBrokerName()).containsExactlyInAnyOrder("broker-a", "broker-b");
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void officialProducerFindsThePublishQueues() throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("PG_COMPAT");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("compat-producer-" + System.nanoTime());
        producer.start();
        try {
            List<MessageQueue> queues = producer.fetchPublishMessageQueues("Shared");
            assertThat(queues).hasSize(16);
            assertThat(queues).extracting(MessageQueue::getBrokerName).containsOnly("broker-a", "broker-b");
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void aFrameWithABadSerializationClosesOnlyThatConnectionAndTheNameServerKeepsServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", nsPort)) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(8);
            out.writeInt(7 << 24 | 4);
            out.writeInt(0);
            out.flush();
            assertThat(socket.getInputStream().read()).as("the NameServer closes the connection").isEqualTo(-1);
        }
        assertThat(namesrvNode.onLoop(() -> NAMESRV.get().routes().allTopics(), 5_000))
                .containsExactlyInAnyOrder("TopicA", "TopicB", "Shared");
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("compat-admin-after-garbage-" + System.nanoTime());
        admin.start();
        try {
            assertThat(admin.fetchAllTopicList().getTopicList()).hasSize(3);
        } finally {
            admin.shutdown();
        }
    }

    @Test
    @Tag("process")
    void officialMqadminTopicListAndClusterListPrintThem() throws Exception {
        OfficialMqadmin mqadmin = new OfficialMqadmin(dir.resolve("mqadmin-home"));
        String topicList = mqadmin.ok("topicList", "-n", namesrvAddr);
        assertThat(topicList.lines()).contains("TopicA", "TopicB", "Shared");

        String clusterList = mqadmin.ok("clusterList", "-n", namesrvAddr);
        assertThat(clusterList).contains("#Cluster Name", "#Broker Name");
        List<String> rows = clusterList.lines().filter(l -> l.startsWith("DefaultCluster")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("broker-a").contains("127.0.0.1:").contains("V4_9_8");
        assertThat(rows.get(1)).contains("broker-b");
    }

}
