package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.petrel.cluster.FreePorts;
import io.petrel.common.Json;
import io.petrel.config.ConfigContext;
import io.petrel.env.Address;
import io.petrel.namesrv.NameServer;
import io.petrel.namesrv.NamesrvConfig;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.admin.BlockingAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Petrel's mqadmin as a process against a real Petrel NameServer with two registered brokers on
 * loopback: the NameServer commands with their output and exit codes, bad input, and the same
 * facts from the official 4.9.8 mqadmin where that is cheap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
@Tag("official-client")
class MqadminProcessTest {

    @TempDir
    static Path dir;

    private static RealRuntime runtime;
    private static RealNode namesrvNode;
    private static final AtomicReference<NameServer> NAMESRV = new AtomicReference<>();
    private static String namesrvAddr;
    private static int portA;
    private static PetrelMqadmin mqadmin;

    @BeforeAll
    static void startCluster() {
        runtime = RealRuntime.create();
        int nsPort = FreePorts.next();
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
        portA = FreePorts.nextBrokerPort();
        runtime.start(RealNodeSpec.withOsSeed("broker-a", dir), env -> new RegisteringBrokerFixture(env,
                "DefaultCluster", "broker-a", portA, namesrvs, List.of("TopicA", "Shared")));
        int portB = FreePorts.nextBrokerPort();
        runtime.start(RealNodeSpec.withOsSeed("broker-b", dir), env -> new RegisteringBrokerFixture(env,
                "DefaultCluster", "broker-b", portB, namesrvs, List.of("TopicB", "Shared")));
        await().atMost(Duration.ofSeconds(20)).until(() -> namesrvNode.onLoop(
                () -> NAMESRV.get().routes().allTopics().size() == 3 && NAMESRV.get().routes().liveBrokerCount() == 2, 5_000));
        mqadmin = new PetrelMqadmin(dir);
    }

    @AfterAll
    static void stopCluster() {
        runtime.close();
    }

    @Test
    @Order(1)
    void topicListPrintsEveryTopicAsTheOfficialMqadminDoes() throws Exception {
        List<String> petrel = mqadmin.ok("topicList", "-n", namesrvAddr).lines().toList();
        assertThat(petrel).containsExactlyInAnyOrder("TopicA", "TopicB", "Shared");
        String official = new OfficialMqadmin(dir.resolve("official-home")).ok("topicList", "-n", namesrvAddr);
        assertThat(official.lines().filter(l -> !l.isBlank()).toList()).containsExactlyInAnyOrderElementsOf(petrel);
    }

    @Test
    @Order(2)
    void clusterListHasOneRowPerBrokerWithTheOfficialColumns() throws Exception {
        List<String> petrel = mqadmin.ok("clusterList", "-n", namesrvAddr).lines().toList();
        assertThat(petrel.get(0)).startsWith("#Cluster Name     #Broker Name            #BID  #Addr                  #Version");
        assertThat(petrel.get(0)).endsWith("#InTPS(LOAD)       #OutTPS(LOAD) #PCWait(ms) #Hour #SPACE");
        assertThat(petrel).hasSize(3);
        assertThat(petrel.get(1).split("\\s+")).startsWith("DefaultCluster", "broker-a", "0", "127.0.0.1:" + portA, "V4_9_8");
        List<String> official = new OfficialMqadmin(dir.resolve("official-home")).ok("clusterList", "-n", namesrvAddr)
                .lines().filter(l -> l.startsWith("DefaultCluster")).toList();
        assertThat(official).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(List.of(petrel.get(i + 1).split("\\s+")).subList(0, 5))
                    .as("cluster, broker, id, address, version").isEqualTo(List.of(official.get(i).split("\\s+")).subList(0, 5));
        }
        assertThat(mqadmin.ok("clusterList", "-n", namesrvAddr, "-m").lines().toList())
                .first().asString().startsWith("#Cluster Name     #Broker Name                       #InTotalYest");
    }

    @Test
    @Order(3)
    void topicRoutePrintsJsonScriptsCanParseAndNamesAMissingTopic() throws Exception {
        JsonNode route = Json.mapper().readTree(mqadmin.ok("topicRoute", "-n", namesrvAddr, "-t", "Shared"));
        assertThat(route.get("queueDatas")).hasSize(2).allSatisfy(q -> {
            assertThat(q.get("perm").asInt()).isEqualTo(6);
            assertThat(q.get("writeQueueNums").asInt()).isEqualTo(8);
        });
        assertThat(route.get("brokerDatas").get(0).get("brokerAddrs").get("0").asText()).isEqualTo("127.0.0.1:" + portA);

        PetrelMqadmin.Run missing = mqadmin.run("topicRoute", "-n", namesrvAddr, "-t", "NoSuchTopic");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("mqadmin topicRoute: topic NoSuchTopic does not exist "
                + "(the NameServer has no route for it)\n");
    }

    @Test
    @Order(4)
    void kvConfigIsWrittenAndDeletedAndNamesrvAddrComesFromTheEnvironment() throws Exception {
        assertThat(mqadmin.ok("updateKvConfig", "-n", namesrvAddr, "-s", "RUNBOOK", "-k", "key1", "-v", "value1"))
                .isEqualTo("create or update kv config to namespace success.\n");
        assertThat(kv("RUNBOOK", "key1")).isEqualTo("value1");
        PetrelMqadmin.Run delete = mqadmin.run(Map.of("NAMESRV_ADDR", namesrvAddr), "deleteKvConfig", "-s", "RUNBOOK", "-k", "key1");
        assertThat(delete.exitCode()).isZero();
        assertThat(delete.out()).isEqualTo("delete kv config from namespace success.\n");
        assertThat(kv("RUNBOOK", "key1")).isNull();
    }

    /** Reads a KV value through an in-process admin client, independently of the process under test. */
    private static String kv(String namespace, String key) {
        try (BlockingAdmin admin = BlockingAdmin.start(List.of(Address.parse(namesrvAddr)), 5_000, 20_000, dir)) {
            return admin.call(a -> a.namesrv().kvGet(namespace, key)).orElse(null);
        }
    }

    @Test
    @Order(5)
    void wipeWritePermClearsWriteOnEveryTopicOfTheBrokerAndAddWritePermRestoresIt() throws Exception {
        assertThat(mqadmin.ok("wipeWritePerm", "-n", namesrvAddr, "-b", "broker-a"))
                .isEqualTo("wipe write perm of broker[broker-a] in name server[" + namesrvAddr + "] OK, 2\n");
        JsonNode route = Json.mapper().readTree(mqadmin.ok("topicRoute", "-n", namesrvAddr, "-t", "TopicA"));
        assertThat(route.get("queueDatas").get(0).get("perm").asInt()).isEqualTo(4);
        assertThat(mqadmin.ok("addWritePerm", "-n", namesrvAddr, "-b", "broker-a"))
                .isEqualTo("add write perm of broker[broker-a] in name server[" + namesrvAddr + "] OK, 2\n");
    }

    @Test
    @Order(6)
    void badInputIsNamedAndExitsNonZero() throws Exception {
        PetrelMqadmin.Run unknown = mqadmin.run("noSuchCommand", "-n", namesrvAddr);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("The sub command noSuchCommand not exist.");

        PetrelMqadmin.Run missingTopic = mqadmin.run("updateTopic", "-n", namesrvAddr, "-c", "DefaultCluster");
        assertThat(missingTopic.exitCode()).isEqualTo(2);
        assertThat(missingTopic.err()).startsWith("mqadmin updateTopic: Missing required option: '--topic=<topic>'");

        PetrelMqadmin.Run invalid = mqadmin.run("updateTopic", "-n", namesrvAddr, "-c", "DefaultCluster", "-t", "no spaces");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).startsWith("mqadmin updateTopic: invalid topic name 'no spaces'");

        String nowhere = "127.0.0.1:" + FreePorts.next();
        PetrelMqadmin.Run unreachable = mqadmin.run("topicList", "-n", nowhere);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("mqadmin topicList: no NameServer reachable at " + nowhere);
        assertThat(unreachable.out()).isEmpty();
    }

    @Test
    @Order(7)
    void getNamesrvConfigPrintsTheNameServersKeys() throws Exception {
        List<String> lines = mqadmin.ok("getNamesrvConfig", "-n", namesrvAddr).lines().toList();
        assertThat(lines.get(0)).isEqualTo("============" + namesrvAddr + "============");
        assertThat(lines).contains(String.format("%-50s=  %s", "listenPort", namesrvAddr.split(":")[1]));
    }

    @Test
    @Order(8)
    void updateOrderConfPutsGetsAndDeletesTheTopicsOrderConf() throws Exception {
        assertThat(mqadmin.ok("updateOrderConf", "-n", namesrvAddr, "-t", "TopicA", "-m", "put", "-v", "broker-a:8"))
                .isEqualTo("update orderConf success. topic=[TopicA], orderConf=[broker-a:8]\n");
        assertThat(kv("ORDER_TOPIC_CONFIG", "TopicA")).isEqualTo("broker-a:8");
        assertThat(mqadmin.ok("updateOrderConf", "-n", namesrvAddr, "-t", "TopicA", "-m", "get"))
                .isEqualTo("get orderConf success. topic=[TopicA], orderConf=[broker-a:8]\n");
        assertThat(mqadmin.ok("updateOrderConf", "-n", namesrvAddr, "-t", "TopicA", "-m", "delete"))
                .isEqualTo("delete orderConf success. topic=[TopicA]\n");
        PetrelMqadmin.Run gone = mqadmin.run("updateOrderConf", "-n", namesrvAddr, "-t", "TopicA", "-m", "get");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("mqadmin updateOrderConf: no order conf for topic TopicA "
                + "(ORDER_TOPIC_CONFIG has no such key)\n");
    }

    @Test
    @Order(9)
    void updateNamesrvConfigChangesAnAllowedKeyAndNamesTheRefusalOfABlackListedOne() throws Exception {
        assertThat(mqadmin.ok("updateNamesrvConfig", "-n", namesrvAddr, "-k", "productEnvName", "-v", "ops"))
                .isEqualTo("update name server config success![" + namesrvAddr + "]\nproductEnvName : ops\n");
        assertThat(mqadmin.ok("getNamesrvConfig", "-n", namesrvAddr)).contains(String.format("%-50s=  %s%n", "productEnvName", "ops"));
        PetrelMqadmin.Run viaEnv = mqadmin.run(Map.of("NAMESRV_ADDR", namesrvAddr), "updateNamesrvConfig", "-k", "productEnvName",
                "-v", "center");
        assertThat(viaEnv.exitCode()).isZero();
        assertThat(viaEnv.out()).as("without -n, RocketMQ prints no NameServer list").isEqualTo(
                "update name server config success!\nproductEnvName : center\n");

        Path evil = dir.resolve("evil.properties");
        PetrelMqadmin.Run refused = mqadmin.run("updateNamesrvConfig", "-n", namesrvAddr, "-k", "configStorePath", "-v",
                evil.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).startsWith("update name server config in name server[" + namesrvAddr + "] failed: NameServer "
                + namesrvAddr + " answered UPDATE_NAMESRV_CONFIG(318) with NO_PERMISSION(16): Can not update config in black list.")
                .doesNotContain("success");
        assertThat(evil).doesNotExist();
        assertThat(mqadmin.ok("getNamesrvConfig", "-n", namesrvAddr)).doesNotContain("evil.properties")
                .contains(String.format("%-50s=  %s%n", "productEnvName", "center"));
    }
}
