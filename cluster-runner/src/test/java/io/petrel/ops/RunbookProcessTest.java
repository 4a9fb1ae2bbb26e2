package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.petrel.client.ClientConfig;
import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.Message;
import io.petrel.client.ProducerConfig;
import io.petrel.cluster.ConfFiles;
import io.petrel.cluster.FreePorts;
import io.petrel.cluster.OsProcesses;
import io.petrel.common.ClusterInfo;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.Json;
import io.petrel.compat.OfficialMqadmin;
import io.petrel.env.Address;
import io.petrel.real.admin.BlockingAdmin;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.ConcurrentListener;
import io.petrel.real.client.PetrelClient;
import io.petrel.real.client.PushConsumerHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' runbook on one host, verbatim where a host allows it: two NameServers and the two
 * masters of conf/2m-noslave, started with {@code nohup sh mqnamesrv|mqbroker -c FILE &} from
 * {@code bin/}, the shipped files edited only where the files say a host differs (namesrvAddr, store
 * paths) plus what one host running everything needs (ports, loopback); then the runbook's mqadmin
 * commands through Petrel's {@code bin/mqadmin}, the same facts through the official 4.9.8 mqadmin,
 * and {@code bin/mqshutdown broker}, {@code bin/mqshutdown namesrv}, after which nothing is left.

 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
class RunbookProcessTest {

    private static final String CLUSTER = "rocketmq-cluster";
    private static final String ORDER_TOPIC = "TOPIC_ORDER_SNAPSHOT";
    private static final String ORDER_GROUP = "TOPIC_ORDER_SNAPSHOT_Consumer_Group";
    private static final String TX_TOPIC = "TOPIC_TRANSACTION_LOG";
    private static final String TX_GROUP = "TOPIC_TRANSACTION_LOG_Consumer_Group";
    private static final int MESSAGES = 16;

    @TempDir
    static Path dir;

    private static Scripts scripts;
    private static final Map<String, Long> PIDS = new TreeMap<>();
    private static String ns1;
    private static String ns2;
    private static String addrA;
    private static String addrB;
    private static PetrelClient client;
    private static PushConsumerHandle consumer;
    private static final Set<String> CONSUMED = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startTwoNameServersThenTwoBrokersAsTheRunbookDoes() throws Exception {
        scripts = new Scripts(dir.resolve("host"));
        Path conf = scripts.home().resolve("conf");
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        ns1 = "127.0.0.1:" + port1;
        ns2 = "127.0.0.1:" + port2;
        for (int port : List.of(port1, port2)) {
            Path file = ConfFiles.edit(conf.resolve("mqnamesrv.properties"), dir.resolve("conf/mqnamesrv-" + port + ".properties"),
                    Map.of("listenPort", String.valueOf(port), "bindAddress", "127.0.0.1",
                            "kvConfigPath", dir.resolve("namesrv-" + port + "/kvConfig.json").toString()));
            PIDS.put("namesrv-" + port, scripts.startInBackground("mqnamesrv-" + port, "mqnamesrv", "-c", file.toString()));
        }
        addrA = startBroker(conf, "broker-a");
        addrB = startBroker(conf, "broker-b");
        try (BlockingAdmin admin = BlockingAdmin.start(List.of(Address.parse(ns1)), 5_000, 10_000, dir)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> bothRegistered(admin));
        }
        try (BlockingAdmin admin = BlockingAdmin.start(List.of(Address.parse(ns2)), 5_000, 10_000, dir)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> bothRegistered(admin));
        }
    }

    private static String startBroker(Path conf, String name) throws Exception {
        int port = FreePorts.nextBrokerPort();
        Path store = dir.resolve("store/" + name);
        Path file = ConfFiles.edit(conf.resolve("2m-noslave/" + name + ".properties"), dir.resolve("conf/" + name + ".properties"),
                Map.of("namesrvAddr", ns1 + ";" + ns2, "storePathRootDir", store.toString(),
                        "storePathCommitLog", store.resolve("commitlog").toString(),
                        "listenPort", String.valueOf(port), "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1"));
        PIDS.put(name, scripts.startInBackground("mqbroker-" + name + "-" + port, "mqbroker", "-c", file.toString()));
        return "127.0.0.1:" + port;
    }

    private static boolean bothRegistered(BlockingAdmin admin) {
        ClusterInfo info = admin.call(a -> a.namesrv().clusterInfo());
        return info.clusterAddrTable().getOrDefault(CLUSTER, Set.of()).containsAll(List.of("broker-a", "broker-b"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (client != null) {
            client.close();
        }
        if (scripts != null) {
            scripts.close();
        }
    }

    private static String mqadmin(String... args) throws Exception {
        Scripts.Run run = scripts.run("mqadmin", args);
        assertThat(run.exitCode()).as("exit code of mqadmin %s; stderr:%n%s", String.join(" ", args), run.err()).isZero();
        return run.out();
    }

    @Test
    @Order(1)
    void serversStartedWithNohupWritePidFilesAndIgnoreTheTerminalClosing() throws Exception {
        for (Map.Entry<String, Long> e : PIDS.entrySet()) {
            assertThat(scripts.isOurServer(e.getValue())).as("%s runs as the pid nohup started", e.getKey()).isTrue();
        }
        assertThat(scripts.pidInFile("mqbroker-broker-a-" + port(addrA))).contains(PIDS.get("broker-a"));
        assertThat(scripts.pidInFile("mqnamesrv-" + port(ns1))).contains(PIDS.get("namesrv-" + port(ns1)));
        try (var logs = Files.list(scripts.logDir())) {
            assertThat(logs.map(p -> p.getFileName().toString()).toList()).contains("mqbroker-broker-a-" + port(addrA) + ".log",
                    "mqnamesrv-" + port(ns2) + ".log", "broker_gc_" + PIDS.get("broker-b") + ".log",
                    "namesrv_gc_" + PIDS.get("namesrv-" + port(ns1)) + ".log");
        }

        long namesrv = PIDS.get("namesrv-" + port(ns1));
        ProcessHandle.of(namesrv).orElseThrow();
        new ProcessBuilder("kill", "-HUP", Long.toString(namesrv)).start().waitFor();
        String topics = mqadmin("topicList", "-n", ns1);
        assertThat(topics).as("the NameServer answers after SIGHUP").isNotEmpty();
        assertThat(scripts.isOurServer(namesrv)).as("SIGHUP, as when the terminal closes, leaves it running").isTrue();
    }

    @Test
    @Order(2)
    void printConfigShowsWhatTheShippedFileSetsAndWhichKeysHaveNoEffect() throws Exception {
        Path file = dir.resolve("conf/broker-a.properties");
        Scripts.Run important = scripts.run("mqbroker", "-c", file.toString(), "-m");
        assertThat(important.exitCode()).isZero();
        assertThat(important.out().lines().toList()).contains("brokerClusterName=" + CLUSTER, "brokerName=broker-a",
                "namesrvAddr=" + ns1 + ";" + ns2, "autoCreateTopicEnable=false", "flushDiskType=ASYNC_FLUSH",
                "storePathRootDir=" + dir.resolve("store/broker-a"));
        Scripts.Run all = scripts.run("mqbroker", "-c", file.toString(), "-p");
        assertThat(all.out().lines().toList()).containsSubsequence("# sendMessageThreadPoolNums: accepted for "
                + "compatibility; a Petrel broker runs on one event loop, so thread pool sizes do not apply",
                "sendMessageThreadPoolNums=128");
        assertThat(all.err()).as("every key of the shipped file is known").doesNotContain("unknown");
        assertThat(all.err().lines().toList()).as("the keys it sets without effect are named, once per reason")
                .containsExactly("WARN: checkTransactionMessageEnable: no effect (accepted for compatibility; RocketMQ 4.9"
                        + " reads it nowhere either: a master always asks producers about unresolved half messages,"
                        + " every transactionCheckInterval)", "WARN: sendMessageThreadPoolNums, pullMessageThreadPoolNums:"
                        + " no effect (accepted for compatibility; a Petrel broker runs on one event loop, so thread pool"
                        + " sizes do not apply)");
    }

    @Test
    @Order(3)
    void theRunbooksTopicsAndGroupsThroughPetrelsMqadmin() throws Exception {
        List<String> created = mqadmin("updateTopic", "-c", CLUSTER, "-n", ns1, "-t", ORDER_TOPIC, "-r", "8", "-w", "8")
                .lines().toList();
        assertThat(created).contains("create topic to " + addrA + " success.", "create topic to " + addrB + " success.");
        assertThat(mqadmin("updateSubGroup", "-g", ORDER_GROUP, "-s", "true", "-r", "1", "-b", addrA, "-n", ns1))
                .contains("create subscription group to " + addrA + " success.", "retryMaxTimes=1");
        mqadmin("updateTopic", "-c", CLUSTER, "-n", ns2, "-t", ORDER_TOPIC, "-r", "8", "-w", "8");
        mqadmin("updateSubGroup", "-g", ORDER_GROUP, "-s", "true", "-r", "1", "-b", addrB, "-n", ns2);
        mqadmin("updateTopic", "-c", CLUSTER, "-n", ns2, "-t", TX_TOPIC, "-r", "8", "-w", "8");
        mqadmin("updateSubGroup", "-g", TX_GROUP, "-s", "true", "-r", "1", "-b", addrA, "-n", ns1);
        mqadmin("updateSubGroup", "-g", TX_GROUP, "-s", "true", "-r", "1", "-b", addrB, "-n", ns1);

        List<String> config = mqadmin("getConsumerConfig", "-g", ORDER_GROUP, "-n", ns1).lines().toList();
        assertThat(config).containsSubsequence("=============================" + CLUSTER + ":broker-a"
                + "=============================", "retryMaxTimes                           =  1",
                "=============================" + CLUSTER + ":broker-b=============================",
                "retryMaxTimes                           =  1");

        for (String ns : List.of(ns1, ns2)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> queuesPerBroker(scripts.run("mqadmin", "topicRoute", "-t", TX_TOPIC, "-n", ns).out()),
                            q -> q.equals(Map.of("broker-a", 8, "broker-b", 8)));
        }
        assertThat(mqadmin("topicList", "-n", ns1).lines().toList()).contains(ORDER_TOPIC, TX_TOPIC);
        List<String> clusterList = mqadmin("clusterList", "-n", ns1).lines().toList();
        assertThat(clusterList.get(0)).startsWith("#Cluster Name     #Broker Name            #BID  #Addr");
        assertThat(clusterList.subList(1, 3)).satisfiesExactly(
                row -> assertThat(row.split("\\s+")).startsWith(CLUSTER, "broker-a", "0", addrA),
                row -> assertThat(row.split("\\s+")).startsWith(CLUSTER, "broker-b", "0", addrB));
    }

    /** Write queues per broker in a topicRoute answer (empty while the topic has no route). */
    private static Map<String, Integer> queuesPerBroker(String topicRouteOutput) throws Exception {
        Map<String, Integer> queues = new TreeMap<>();
        if (topicRouteOutput.isBlank()) {
            return queues;
        }
        JsonNode route = Json.mapper().readTree(topicRouteOutput);
        route.get("queueDatas").forEach(q -> queues.put(q.get("brokerName").asText(),
                q.get("perm").asInt() == 6 && q.get("readQueueNums").asInt() == q.get("writeQueueNums").asInt()
                        ? q.get("writeQueueNums").asInt() : -1));
        return queues;
    }

    @Test
    @Order(4)
    void messagesSentToTheRunbooksTopicAreConsumedByItsGroup() throws Exception {
        client = PetrelClient.start(ClientConfig.of(ns1 + ";" + ns2, "127.0.0.1", "runbook"), dir.resolve("offsets"));
        BlockingProducer producer = client.producer(ProducerConfig.of("TOPIC_ORDER_SNAPSHOT_Producer_Group"));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(producer.send(new Message(ORDER_TOPIC, "TagA", "ORDER-" + i,
                    ("order " + i).getBytes(StandardCharsets.UTF_8))).msgId());
        }
        consumer = client.pushConsumer(ConsumerConfig.builder(ORDER_GROUP)
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build(), c -> c.subscribe(ORDER_TOPIC, "*"))
                .registerMessageListener((ConcurrentListener) (messages, context) -> {
                    messages.forEach(m -> CONSUMED.add(m.getMsgId()));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                }).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> CONSUMED.containsAll(sent));
        assertThat(CONSUMED).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    @Order(5)
    void topicStatusAndGetConsumerStatusShowEightQueuesPerBrokerAndTheLiveConsumer() throws Exception {
        List<String> rows = mqadmin("topicStatus", "-t", ORDER_TOPIC, "-n", ns1).lines()
                .filter(l -> l.startsWith("broker-")).toList();
        assertThat(rows).hasSize(16);
        assertThat(rows.stream().filter(r -> r.startsWith("broker-a ")).count()).isEqualTo(8);
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.trim().split("\\s+")[3])).sum())
                .as("max offsets add up to the messages sent").isEqualTo(MESSAGES);

        String status = mqadmin("getConsumerStatus", "-g", ORDER_GROUP, "-t", ORDER_TOPIC, "-i", "127.0.0.1", "-n", ns1);
        assertThat(status).startsWith("get consumer status from client. group=" + ORDER_GROUP + ", topic=" + ORDER_TOPIC
                + ", originClientId=127.0.0.1");
        assertThat(status.lines().filter(l -> l.startsWith(client.clientId())).count()).isEqualTo(16);
    }

    @Test
    @Order(6)
    void afterTheConsumerCommitsConsumerProgressShowsNoBacklog() throws Exception {
        consumer.shutdown();
        String progress = mqadmin("consumerProgress", "-g", ORDER_GROUP, "-n", ns1);
        List<String> rows = progress.lines().filter(l -> l.startsWith(ORDER_TOPIC)).toList();
        assertThat(rows).hasSize(16).allSatisfy(r -> assertThat(r.trim().split("\\s+")[5]).as("diff of %s", r).isEqualTo("0"));
        assertThat(progress).contains("Diff Total: 0");

        OfficialMqadmin official = new OfficialMqadmin(dir.resolve("official-home"));
        String officialProgress = official.ok("consumerProgress", "-g", ORDER_GROUP, "-n", ns1);
        assertThat(officialProgress.lines().filter(l -> l.startsWith(ORDER_TOPIC))).hasSize(16);
        assertThat(officialProgress).contains("Diff Total: 0");
        assertThat(official.ok("topicStatus", "-t", ORDER_TOPIC, "-n", ns2).lines().filter(l -> l.startsWith("broker-")))
                .hasSize(16);
    }

    @Test
    @Order(7)
    void theOfficialMqadminSeesTheSameClusterTopicsAndGroups() throws Exception {
        OfficialMqadmin official = new OfficialMqadmin(dir.resolve("official-home"));
        List<String> rows = official.ok("clusterList", "-n", ns1).lines().filter(l -> l.startsWith(CLUSTER)).toList();
        assertThat(rows).satisfiesExactlyInAnyOrder(
                row -> assertThat(row.split("\\s+")).startsWith(CLUSTER, "broker-a", "0", addrA),
                row -> assertThat(row.split("\\s+")).startsWith(CLUSTER, "broker-b", "0", addrB));
        assertThat(official.ok("topicList", "-n", ns2).lines().toList()).contains(ORDER_TOPIC, TX_TOPIC);
        assertThat(queuesPerBroker(official.ok("topicRoute", "-t", TX_TOPIC, "-n", ns2)))
                .isEqualTo(Map.of("broker-a", 8, "broker-b", 8));

        String officialConfig = official.ok("getConsumerConfig", "-g", ORDER_GROUP, "-n", ns1);
        assertThat(officialConfig.lines().filter(l -> l.startsWith("retryMaxTimes")))
                .containsExactly("retryMaxTimes                           =  1", "retryMaxTimes                           =  1");
        String petrelConfig = mqadmin("getConsumerConfig", "-g", ORDER_GROUP, "-n", ns1);
        assertThat(officialConfig.lines().filter(l -> !l.isBlank()).sorted().toList())
                .as("the same lines; the official prints brokers in hash order")
                .isEqualTo(petrelConfig.lines().sorted().toList());
    }

    @Test
    @Order(8)
    void mqshutdownStopsTheBrokersGracefullyThenTheNameServersAndLeavesNothing() throws Exception {
        Scripts.Run brokers = scripts.run("mqshutdown", "broker");
        assertThat(brokers.exitCode()).as(brokers.err()).isZero();
        for (String name : List.of("broker-a", "broker-b")) {
            assertThat(brokers.out()).contains("The mqbroker(" + PIDS.get(name) + ") is running...",
                    "Send shutdown request to mqbroker(" + PIDS.get(name) + ") OK",
                    "The mqbroker(" + PIDS.get(name) + ") has stopped.");
            assertThat(OsProcesses.alive(PIDS.get(name))).isFalse();
            assertThat(dir.resolve("store/" + name + "/abort")).as("a graceful stop removes the abort file").doesNotExist();
        }
        assertThat(scripts.pidInFile("mqbroker-broker-a-" + port(addrA))).isEmpty();
        List<String> clusterList = mqadmin("clusterList", "-n", ns2).lines().toList();
        assertThat(clusterList).as("the brokers unregistered from the NameServers").hasSize(1);

        Scripts.Run again = scripts.run("mqshutdown", "broker");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.out()).isEqualTo("No mqbroker running.\n");

        Scripts.Run namesrvs = scripts.run("mqshutdown", "namesrv");
        assertThat(namesrvs.exitCode()).as(namesrvs.err()).isZero();
        assertThat(namesrvs.out().lines().filter(l -> l.startsWith("Send shutdown request to mqnamesrv("))).hasSize(2);
        for (long pid : PIDS.values()) {
            assertThat(OsProcesses.alive(pid)).as("pid %d", pid).isFalse();
        }
        try (var files = Files.list(scripts.pidDir())) {
            assertThat(files.toList()).as("every pid file is removed").isEmpty();
        }
        assertThat(scripts.run("mqshutdown", "namesrv").out()).isEqualTo("No mqnamesrv running.\n");
    }

    private static String port(String addr) {
        return addr.substring(addr.lastIndexOf(':') + 1);
    }
}
