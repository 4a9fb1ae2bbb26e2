package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.petrel.common.QueueData;
import io.petrel.common.TopicRouteData;
import io.petrel.namesrv.NameServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.trace.TraceView;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rest of the official 4.9.8 {@code mqadmin}'s commands, each run as a process against Petrel
 * NameServers and brokers, checking what it printed and what it changed on Petrel. One cluster
 * (two masters with the trace topic, a traced producer and push consumer in this JVM) serves the
 * class; wipeWritePerm and addWritePerm get a NameServer and broker of their own, because any
 * client's heartbeat that adds a topic there re-registers the broker and so restores what the wipe
 * removed. Each mqadmin process costs seconds, partly idle while its Netty client stops, so when
 * set-up ends every command is started on a pool of four: the ones that change something as
 * chains (run in order, each step checked before the next; their tests wait for the chain), the
 * others alone (their tests wait for the output and check it). The two that never end
 * (startMonitoring, clusterRT) run beside the pool and are stopped once they have reported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("process")
@Tag("official-client")
class OfficialMqadminMoreCommandsTest {

    private static final String TOPIC = "MoreT";
    private static final String PRINT_TOPIC = "PrintT";
    private static final String RT_TOPIC = "RtT";
    private static final String SEND_TOPIC = "SendT";
    private static final String PERM_TOPIC = "PermT";
    private static final String WIPE_TOPIC = "WipeT";
    private static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    private static final String MONITOR_GROUP = "__MONITOR_CONSUMER";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final Map<String, Future<OfficialMqadmin.Run>> READS = new LinkedHashMap<>();
    private static final Map<String, Future<Void>> CHAINS = new LinkedHashMap<>();
    private static final List<String> CONSUMED = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static RealCluster wipeCluster;
    private static OfficialMqadmin mqadmin;
    private static OfficialMqadmin.Running monitor;
    private static OfficialMqadmin.Running clusterRt;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;
    private static DefaultMQPushConsumer consumer;
    private static String ns;
    private static String group;
    private static String producerGroup;
    private static String configGroup;
    private static String skipGroup;
    private static SendResult first;
    /** How often the live consumer had consumed the first message when the commands started. */
    private static long firstConsumedAtStart;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir.resolve("cluster")).addBroker("broker-a", Map.of("traceTopicEnable", "true"))
                .addBroker("broker-b", Map.of("traceTopicEnable", "true"));
        wipeCluster = new RealCluster(dir.resolve("wipe-cluster")).addBroker("broker-w", Map.of("brokerClusterName", "WipeCluster"));
        ns = cluster.namesrvAddr();
        mqadmin = new OfficialMqadmin(dir.resolve("mqadmin-home"));
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(ns);
        admin.setInstanceName(FeatureCompatibilityTest.unique("more-setup"));
        admin.start();
        createTopicsAndGroups();
        produce();
        consume();
        monitor = new OfficialMqadmin(dir.resolve("monitor-home")).start("startMonitoring", "-n", ns);
        awaitTraces();
        clusterRt = mqadmin.start("clusterRT", "-n", ns, "-a", "3", "-c", "DefaultCluster", "-i", "600");
        firstConsumedAtStart = CONSUMED.stream().filter("m0"::equals).count();
        startChains();
        startIndependentCommands();
    }

    private static void createTopicsAndGroups() throws Exception {
        String a = cluster.brokerAddr("broker-a");
        for (String addr : cluster.brokerAddrs().values()) {
            admin.createAndUpdateTopicConfig(addr, new TopicConfig(TOPIC, 4, 4, 6));
            admin.createAndUpdateTopicConfig(addr, new TopicConfig(RT_TOPIC, 2, 2, 6));
            admin.createAndUpdateTopicConfig(addr, new TopicConfig(PERM_TOPIC, 2, 2, 6));
        }
        admin.createAndUpdateTopicConfig(a, new TopicConfig(PRINT_TOPIC, 2, 2, 6));
        admin.createAndUpdateTopicConfig(a, new TopicConfig(SEND_TOPIC, 2, 2, 6));
        admin.createAndUpdateTopicConfig(wipeCluster.brokerAddr("broker-w"), new TopicConfig(WIPE_TOPIC, 2, 2, 6));
        configGroup = FeatureCompatibilityTest.unique("CfgG");
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(configGroup);
        config.setRetryMaxTimes(5);
        for (String addr : cluster.brokerAddrs().values()) {
            admin.createAndUpdateSubscriptionGroupConfig(addr, config);
        }
    }

    /** 12 traced messages over MoreT's eight queues; three per queue of PrintT, tagged A, B, A. */
    private static void produce() throws Exception {
        producerGroup = FeatureCompatibilityTest.unique("MorePG");
        producer = new DefaultMQProducer(producerGroup, true);
        producer.setNamesrvAddr(ns);
        producer.setInstanceName(FeatureCompatibilityTest.unique("more-producer"));
        producer.start();
        for (int i = 0; i < 12; i++) {
            SendResult r = producer.send(new Message(TOPIC, "TagM", "more-key-" + i, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            if (i == 0) {
                first = r;
            }
        }
        for (int q = 0; q < 2; q++) {
            for (int i = 0; i < 3; i++) {
                byte[] body = ("print-q" + q + "-" + i).getBytes(StandardCharsets.UTF_8);
                producer.send(new Message(PRINT_TOPIC, i % 2 == 0 ? "TagA" : "TagB", body), new MessageQueue(PRINT_TOPIC, "broker-a", q));
            }
        }
    }

    /** A traced push consumer takes all of MoreT; skipGroup has offset 0 everywhere and no consumer. */
    private static void consume() throws Exception {
        group = FeatureCompatibilityTest.unique("MoreCG");
        consumer = new DefaultMQPushConsumer(group, true);
        consumer.setNamesrvAddr(ns);
        consumer.setInstanceName(FeatureCompatibilityTest.unique("more-consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> CONSUMED.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> CONSUMED.size() >= 12);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.examineConsumeStats(group).computeTotalDiff() == 0);
        skipGroup = FeatureCompatibilityTest.unique("SkipG");
        for (String addr : cluster.brokerAddrs().values()) {
            // As a group that once ran has: message tracks then say NOT_ONLINE instead of "no route".
            admin.createAndUpdateTopicConfig(addr, new TopicConfig("%RETRY%" + skipGroup, 1, 1, 6));
        }
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int q = 0; q < 4; q++) {
                admin.updateConsumeOffset(cluster.brokerAddr(broker), skipGroup, new MessageQueue(TOPIC, broker, q), 0);
            }
        }
    }

    /** Waits until the trace topic holds the producer's and the consumer's trace of the first message. */
    private static void awaitTraces() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            List<TraceView> views = new ArrayList<>();
            for (MessageExt m : admin.queryMessage(TRACE_TOPIC, first.getMsgId(), 64, 0, System.currentTimeMillis() + 60_000)
                    .getMessageList()) {
                views.addAll(TraceView.decodeFromTraceTransData(first.getMsgId(), m));
            }
            return views.stream().anyMatch(v -> v.getMsgType().equals("Pub"))
                    && views.stream().anyMatch(v -> v.getMsgType().equals("SubAfter"));
        });
    }

    /** Commands that change something, each chain run in order and checked after every step. */
    private static void startChains() {
        chain("updateTopicPerm", OfficialMqadminMoreCommandsTest::updateTopicPermOnTheClusterThenOnOneMaster);
        chain("updateOrderConf", OfficialMqadminMoreCommandsTest::putGetAndDeleteAnOrderConf);
        chain("kvConfig", OfficialMqadminMoreCommandsTest::putAndDeleteAKvEntry);
        chain("writePerm", OfficialMqadminMoreCommandsTest::wipeAndAddTheWritePermOfABroker);
        chain("skipAccumulatedMessage", OfficialMqadminMoreCommandsTest::skipWhatAnOfflineGroupHasNotConsumed);
    }

    /** A chain of commands with checks, run by the pool. */
    private interface Chain {
        void run() throws Exception;
    }

    private static void chain(String name, Chain chain) {
        CHAINS.put(name, POOL.submit(() -> {
            chain.run();
            return null;
        }));
    }

    /** Waits for a chain started at set-up; its first failed check fails the test. */
    private static void awaitChain(String name) throws Throwable {
        try {
            CHAINS.get(name).get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void startIndependentCommands() {
        read("queryMsgByUniqueKey", "-n", ns, "-i", first.getMsgId(), "-t", TOPIC);
        read("queryMsgByUniqueKey", "-n", ns, "-i", first.getMsgId(), "-t", TOPIC, "-g", group, "-d", clientId());
        read("queryMsgTraceById", "-n", ns, "-i", first.getMsgId());
        read("printMsg", "-n", ns, "-t", PRINT_TOPIC);
        read("printMsgByQueue", "-n", ns, "-t", PRINT_TOPIC, "-a", "broker-a", "-i", "0", "-p", "true", "-d", "true", "-f", "true");
        read("consumeMessage", "-n", ns, "-t", PRINT_TOPIC, "-b", "broker-a", "-i", "0", "-o", "1", "-c", "1");
        read("producer", "-n", ns, "-b", cluster.brokerAddr("broker-a"));
        read("allocateMQ", "-n", ns, "-t", TOPIC, "-i", "10.0.0.1,10.0.0.2");
        read("getConsumerConfig", "-n", ns, "-g", configGroup);
        read("sendMsgStatus", "-n", ns, "-b", "broker-b", "-s", "32", "-c", "3");
        read("checkMsgSendRT", "-n", ns, "-t", RT_TOPIC, "-a", "4", "-s", "16");
        read("sendMessage", "-n", ns, "-t", SEND_TOPIC, "-p", "hello petrel", "-k", "sm-key", "-c", "TagS", "-b", "broker-a", "-i", "1");
        read("exportMetadata", "-n", ns, "-c", "DefaultCluster", "-f", dir.resolve("export-metadata").toString());
        read("exportConfigs", "-n", ns, "-c", "DefaultCluster", "-f", dir.resolve("export-configs").toString());
        read("exportMetrics", "-n", ns, "-c", "DefaultCluster", "-f", dir.resolve("export-metrics").toString());
    }

    private static void read(String command, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = command;
        System.arraycopy(options, 0, args, 1, options.length);
        READS.put(String.join(" ", args), POOL.submit(() -> mqadmin.run(args)));
    }

    /** The output of a command started at set-up; its exit code must be 0 and it printed no stack trace. */
    private static String output(String command, String... options) throws Exception {
        String key = command + (options.length == 0 ? "" : " " + String.join(" ", options));
        OfficialMqadmin.Run run = READS.get(key).get(5, TimeUnit.MINUTES);
        assertThat(run.exitCode()).as("exit code of mqadmin %s; output:%n%s", key, run.output()).isZero();
        assertThat(run.output()).as("mqadmin %s", key).doesNotContain("Exception");
        return run.output();
    }

    /** Runs a command now; exit code 0 and no stack trace. */
    private static String ok(String... args) throws Exception {
        String out = mqadmin.ok(args);
        assertThat(out).as("mqadmin %s", String.join(" ", args)).doesNotContain("Exception");
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        POOL.shutdownNow();
        POOL.awaitTermination(30, TimeUnit.SECONDS);
        for (OfficialMqadmin.Running running : new OfficialMqadmin.Running[] {monitor, clusterRt}) {
            if (running != null) {
                running.close();
            }
        }
        if (consumer != null) {
            consumer.shutdown();
        }
        if (producer != null) {
            producer.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (wipeCluster != null) {
            wipeCluster.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String clientId() {
        return consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getClientId();
    }

    private static List<String> rowsStartingWith(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private static String[] cells(String row) {
        return row.trim().split("\\s+");
    }

    private static List<QueueData> route(RealCluster c, String topic) {
        TopicRouteData route = c.<TopicRouteData>onNamesrv(n -> n.routes().route(topic, null));
        return route == null ? List.of() : route.queueDatas();
    }

    private static JsonNode kv() throws Exception {
        return JSON.readTree(cluster.<String>onNamesrv(NameServer::kvConfigJson)).path("configTable");
    }

    // ---- commands that change something, run as chains at set-up ----

    @Test
    @Order(1)
    @Compat(value = "mqadmin updateTopicPerm", kind = Compat.Kind.MQADMIN)
    void updateTopicPermChangesThePermOnEveryMasterOrOneAndTheRoute() throws Throwable {
        awaitChain("updateTopicPerm");
    }

    private static void updateTopicPermOnTheClusterThenOnOneMaster() throws Exception {
        String a = cluster.brokerAddr("broker-a");
        String b = cluster.brokerAddr("broker-b");
        String out = ok("updateTopicPerm", "-n", ns, "-c", "DefaultCluster", "-t", PERM_TOPIC, "-p", "4");
        assertThat(out).contains("update topic perm from 6 to 4 in " + a + " success.",
                "update topic perm from 6 to 4 in " + b + " success.");
        for (String broker : List.of("broker-a", "broker-b")) {
            assertThat(cluster.<Integer>onBroker(broker, x -> x.topics().get(PERM_TOPIC).perm())).as(broker).isEqualTo(4);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(route(cluster, PERM_TOPIC))
                .extracting(QueueData::perm).containsExactly(4, 4));

        String one = ok("updateTopicPerm", "-n", ns, "-b", a, "-t", PERM_TOPIC, "-p", "6");
        assertThat(one).contains("update topic perm from 4 to 6 in " + a + " success.",
                "TopicConfig [topicName=" + PERM_TOPIC + ", readQueueNums=2, writeQueueNums=2, perm=RW-");
        assertThat(cluster.<Integer>onBroker("broker-a", x -> x.topics().get(PERM_TOPIC).perm())).isEqualTo(6);
        assertThat(cluster.<Integer>onBroker("broker-b", x -> x.topics().get(PERM_TOPIC).perm())).isEqualTo(4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(route(cluster, PERM_TOPIC))
                .extracting(QueueData::brokerName, QueueData::perm)
                .containsExactly(tuple("broker-a", 6), tuple("broker-b", 4)));
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin updateKvConfig", kind = Compat.Kind.MQADMIN)
    @Compat(value = "mqadmin deleteKvConfig", kind = Compat.Kind.MQADMIN)
    void updateKvConfigPutsTheEntryAndDeleteKvConfigRemovesIt() throws Throwable {
        awaitChain("kvConfig");
    }

    private static void putAndDeleteAKvEntry() throws Exception {
        assertThat(ok("updateKvConfig", "-n", ns, "-s", "PetrelNs", "-k", "answer", "-v", "42"))
                .contains("create or update kv config to namespace success.");
        assertThat(kv().path("PetrelNs").path("answer").asText()).isEqualTo("42");

        assertThat(ok("deleteKvConfig", "-n", ns, "-s", "PetrelNs", "-k", "answer"))
                .contains("delete kv config from namespace success.");
        assertThat(kv().path("PetrelNs").has("answer")).isFalse();
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin updateOrderConf (put, get, delete)", kind = Compat.Kind.MQADMIN)
    void updateOrderConfPutsGetsAndDeletesTheOrderConfig() throws Throwable {
        awaitChain("updateOrderConf");
    }

    private static void putGetAndDeleteAnOrderConf() throws Exception {
        String conf = "broker-a:4;broker-b:4";
        assertThat(ok("updateOrderConf", "-n", ns, "-t", "OrderT", "-m", "put", "-v", conf))
                .contains("update orderConf success. topic=[OrderT], orderConf=[" + conf + "]");
        assertThat(kv().path("ORDER_TOPIC_CONFIG").path("OrderT").asText()).isEqualTo(conf);

        assertThat(ok("updateOrderConf", "-n", ns, "-t", "OrderT", "-m", "get"))
                .contains("get orderConf success. topic=[OrderT], orderConf=[" + conf + "]");

        assertThat(ok("updateOrderConf", "-n", ns, "-t", "OrderT", "-m", "delete")).contains("delete orderConf success. topic=[OrderT]");
        assertThat(kv().path("ORDER_TOPIC_CONFIG").has("OrderT")).isFalse();
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin wipeWritePerm", kind = Compat.Kind.MQADMIN)
    @Compat(value = "mqadmin addWritePerm", kind = Compat.Kind.MQADMIN)
    void wipeWritePermMakesTheBrokersTopicsReadOnlyAndAddWritePermRestoresThem() throws Throwable {
        awaitChain("writePerm");
    }

    private static void wipeAndAddTheWritePermOfABroker() throws Exception {
        String wns = wipeCluster.namesrvAddr();
        int topics = wipeCluster.<Integer>onNamesrv(n -> (int) n.routes().allTopics().stream()
                .filter(t -> n.routes().route(t, null).queueDatas().stream().anyMatch(q -> q.brokerName().equals("broker-w")))
                .count());
        assertThat(topics).isGreaterThan(1);
        assertThat(route(wipeCluster, WIPE_TOPIC)).extracting(QueueData::perm).containsExactly(6);

        assertThat(ok("wipeWritePerm", "-n", wns, "-b", "broker-w"))
                .contains("wipe write perm of broker[broker-w] in name server[" + wns + "] OK, " + topics);
        assertThat(route(wipeCluster, WIPE_TOPIC)).extracting(QueueData::perm).containsExactly(4);

        assertThat(ok("addWritePerm", "-n", wns, "-b", "broker-w"))
                .contains("add write perm of broker[broker-w] in name server[" + wns + "] OK, " + topics);
        assertThat(route(wipeCluster, WIPE_TOPIC)).extracting(QueueData::perm).containsExactly(6);
    }

    @Test
    @Order(1)
    @Compat(value = "mqadmin skipAccumulatedMessage (group offline: offsets moved to the max)", kind = Compat.Kind.MQADMIN)
    void skipAccumulatedMessageMovesAnOfflineGroupsOffsetsToTheEnd() throws Throwable {
        awaitChain("skipAccumulatedMessage");
    }

    private static void skipWhatAnOfflineGroupHasNotConsumed() throws Exception {
        String out = ok("skipAccumulatedMessage", "-n", ns, "-g", skipGroup, "-t", TOPIC);
        assertThat(out).contains("#rollbackOffset");
        List<String> rows = rowsStartingWith(out, "broker-");
        assertThat(rows).hasSize(8).allSatisfy(row -> assertThat(cells(row)[3]).as("consumer offset before, %s", row).isEqualTo("0"));
        assertThat(rows.stream().mapToLong(row -> Long.parseLong(cells(row)[5])).sum()).isEqualTo(12);
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int q = 0; q < 4; q++) {
                int queue = q;
                long committed = cluster.<Long>onBroker(broker, x -> x.offsets().query(skipGroup, TOPIC, queue));
                long max = cluster.<Long>onBroker(broker, x -> x.store().getMaxOffsetInQueue(TOPIC, queue));
                assertThat(committed).as("%s queue %d", broker, q).isEqualTo(max);
            }
        }
    }

    // ---- commands started at set-up ----

    @Test
    @Order(10)
    @Compat(value = "mqadmin queryMsgByUniqueKey (and -g -d: CONSUME_MESSAGE_DIRECTLY to a live consumer)",
            kind = Compat.Kind.MQADMIN)
    void queryMsgByUniqueKeyPrintsTheMessageAndCanHaveTheConsumerConsumeIt() throws Exception {
        String out = output("queryMsgByUniqueKey", "-n", ns, "-i", first.getMsgId(), "-t", TOPIC);
        assertThat(out).contains("Topic:               " + TOPIC, "Keys:                [more-key-0]",
                "Queue ID:            " + first.getMessageQueue().getQueueId(),
                "MessageTrack [consumerGroup=" + group + ", trackType=CONSUMED",
                "MessageTrack [consumerGroup=" + skipGroup + ", trackType=NOT_ONLINE");
        String direct = output("queryMsgByUniqueKey", "-n", ns, "-i", first.getMsgId(), "-t", TOPIC, "-g", group, "-d", clientId());
        assertThat(direct).contains("ConsumeMessageDirectlyResult [order=false, autoCommit=true, consumeResult=CR_SUCCESS");
        assertThat(CONSUMED.stream().filter("m0"::equals).count()).as("m0 consumed once more, directly")
                .isEqualTo(firstConsumedAtStart + 1);
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin queryMsgTraceById", kind = Compat.Kind.MQADMIN)
    void queryMsgTraceByIdPrintsTheProducersAndTheConsumersTrace() throws Exception {
        String out = output("queryMsgTraceById", "-n", ns, "-i", first.getMsgId());
        assertThat(out).contains("#ProducerGroup", "#ConsumerGroup");
        assertThat(rowsStartingWith(out, "Pub")).singleElement().satisfies(row -> {
            assertThat(cells(row)[1]).isEqualTo(producerGroup);
            assertThat(cells(row)).endsWith("success");
        });
        assertThat(rowsStartingWith(out, "Sub")).isNotEmpty().allSatisfy(row -> {
            assertThat(cells(row)[1]).isEqualTo(group);
            assertThat(cells(row)).endsWith("success");
        });
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin printMsg", kind = Compat.Kind.MQADMIN)
    void printMsgPrintsEveryMessageOfEveryQueue() throws Exception {
        String out = output("printMsg", "-n", ns, "-t", PRINT_TOPIC);
        assertThat(rowsStartingWith(out, "minOffset=0, maxOffset=3, MessageQueue [topic=" + PRINT_TOPIC + ", brokerName=broker-a"))
                .hasSize(2);
        List<String> bodies = rowsStartingWith(out, "MSGID: ").stream().map(l -> l.substring(l.lastIndexOf("BODY: ") + 6)).toList();
        assertThat(bodies).containsExactlyInAnyOrder("print-q0-0", "print-q0-1", "print-q0-2", "print-q1-0", "print-q1-1", "print-q1-2");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin printMsgByQueue (with bodies and counts by tag)", kind = Compat.Kind.MQADMIN)
    void printMsgByQueuePrintsTheQueuesMessagesAndCountsTags() throws Exception {
        String out = output("printMsgByQueue", "-n", ns, "-t", PRINT_TOPIC, "-a", "broker-a", "-i", "0", "-p", "true", "-d", "true",
                "-f", "true");
        List<String> bodies = rowsStartingWith(out, "MSGID: ").stream().map(l -> l.substring(l.lastIndexOf("BODY: ") + 6)).toList();
        assertThat(bodies).containsExactly("print-q0-0", "print-q0-1", "print-q0-2");
        assertThat(rowsStartingWith(out, "Tag: ")).map(OfficialMqadminMoreCommandsTest::cells)
                .map(c -> c[1] + "=" + c[3]).containsExactly("TagA=2", "TagB=1");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin consumeMessage (by queue and offset)", kind = Compat.Kind.MQADMIN)
    void consumeMessagePullsTheAskedMessage() throws Exception {
        String out = output("consumeMessage", "-n", ns, "-t", PRINT_TOPIC, "-b", "broker-a", "-i", "0", "-o", "1", "-c", "1");
        assertThat(out).contains("Consume ok");
        assertThat(rowsStartingWith(out, "MSGID: ")).singleElement().satisfies(row -> assertThat(row).endsWith("BODY: print-q0-1"));
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin producer (GET_ALL_PRODUCER_INFO)", kind = Compat.Kind.MQADMIN)
    void producerListsTheLiveProducer() throws Exception {
        String out = output("producer", "-n", ns, "-b", cluster.brokerAddr("broker-a"));
        String producerId = producer.getDefaultMQProducerImpl().getmQClientFactory().getClientId();
        assertThat(rowsStartingWith(out, "producer group (" + producerGroup + ") instance : ")).singleElement()
                .satisfies(row -> assertThat(row).contains("clientId=" + producerId + ",remoteIP=127.0.0.1:", "language=JAVA"));
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin allocateMQ", kind = Compat.Kind.MQADMIN)
    void allocateMqSharesTheTopicsQueuesBetweenTheClients() throws Exception {
        String out = output("allocateMQ", "-n", ns, "-t", TOPIC, "-i", "10.0.0.1,10.0.0.2");
        JsonNode result = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow()).path("result");
        Set<String> all = new TreeSet<>();
        for (String ip : List.of("10.0.0.1", "10.0.0.2")) {
            assertThat(result.path(ip)).as(ip).hasSize(4);
            result.path(ip).forEach(q -> {
                assertThat(q.path("topic").asText()).isEqualTo(TOPIC);
                all.add(q.path("brokerName").asText() + "/" + q.path("queueId").asInt());
            });
        }
        assertThat(all).containsExactly("broker-a/0", "broker-a/1", "broker-a/2", "broker-a/3",
                "broker-b/0", "broker-b/1", "broker-b/2", "broker-b/3");
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin getConsumerConfig", kind = Compat.Kind.MQADMIN)
    void getConsumerConfigPrintsTheGroupOfEveryBroker() throws Exception {
        String out = output("getConsumerConfig", "-n", ns, "-g", configGroup);
        assertThat(rowsStartingWith(out, "=====")).containsExactlyInAnyOrder(
                "=============================DefaultCluster:broker-a=============================",
                "=============================DefaultCluster:broker-b=============================");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        out.lines().filter(l -> l.contains("=  ")).forEach(l -> fields.computeIfAbsent(l.substring(0, l.indexOf('=')).trim(),
                k -> new ArrayList<>()).add(l.substring(l.indexOf("=  ") + 3).trim()));
        assertThat(fields.get("groupName")).containsExactly(configGroup, configGroup);
        assertThat(fields.get("retryMaxTimes")).containsExactly("5", "5");
        assertThat(fields.get("consumeEnable")).containsExactly("true", "true");
    }

    private static final Pattern OFFSET_MSG_ID = Pattern.compile("offsetMsgId=([0-9A-F]+)");

    @Test
    @Order(10)
    @Compat(value = "mqadmin sendMsgStatus", kind = Compat.Kind.MQADMIN)
    void sendMsgStatusSendsToTheBrokersOwnTopic() throws Exception {
        String out = output("sendMsgStatus", "-n", ns, "-b", "broker-b", "-s", "32", "-c", "3");
        List<String> rows = rowsStartingWith(out, "rt=");
        assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row)
                .contains("SendResult [sendStatus=SEND_OK", "messageQueue=MessageQueue [topic=broker-b, brokerName=broker-b, queueId=0]"));
        for (String row : rows) {
            Matcher m = OFFSET_MSG_ID.matcher(row);
            assertThat(m.find()).as(row).isTrue();
            MessageExt stored = admin.viewMessage(m.group(1));
            assertThat(stored.getTopic()).isEqualTo("broker-b");
            assertThat(new String(stored.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello jodie".repeat(3));
        }
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin checkMsgSendRT", kind = Compat.Kind.MQADMIN)
    void checkMsgSendRtSendsToEveryQueueInTurn() throws Exception {
        String out = output("checkMsgSendRT", "-n", ns, "-t", RT_TOPIC, "-a", "4", "-s", "16");
        assertThat(rowsStartingWith(out, "broker-")).map(OfficialMqadminMoreCommandsTest::cells).map(c -> c[0] + "/" + c[1] + " " + c[2])
                .containsExactly("broker-a/0 true", "broker-a/1 true", "broker-b/0 true", "broker-b/1 true");
        assertThat(out).contains("Avg RT: ");
        for (String broker : List.of("broker-a", "broker-b")) {
            for (int q = 0; q < 2; q++) {
                int queue = q;
                assertThat(cluster.<Long>onBroker(broker, x -> x.store().getMaxOffsetInQueue(RT_TOPIC, queue))).as("%s/%d", broker, q)
                        .isEqualTo(1);
            }
        }
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin sendMessage (to a chosen queue)", kind = Compat.Kind.MQADMIN)
    void sendMessageStoresTheMessageInTheChosenQueue() throws Exception {
        String out = output("sendMessage", "-n", ns, "-t", SEND_TOPIC, "-p", "hello petrel", "-k", "sm-key", "-c", "TagS", "-b", "broker-a",
                "-i", "1");
        String[] row = cells(rowsStartingWith(out, "broker-a").stream().findFirst().orElseThrow());
        assertThat(row).startsWith("broker-a", "1", "SEND_OK");
        MessageExt stored = admin.viewMessage(SEND_TOPIC, row[3]);
        assertThat(new String(stored.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello petrel");
        assertThat(stored.getKeys()).isEqualTo("sm-key");
        assertThat(stored.getTags()).isEqualTo("TagS");
        assertThat(stored.getQueueId()).isEqualTo(1);
        assertThat(cluster.<Long>onBroker("broker-a", x -> x.store().getMaxOffsetInQueue(SEND_TOPIC, 1))).isEqualTo(1);
        assertThat(cluster.<Long>onBroker("broker-a", x -> x.store().getMaxOffsetInQueue(SEND_TOPIC, 0))).isZero();
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin exportMetadata", kind = Compat.Kind.MQADMIN)
    void exportMetadataWritesTheClustersUserTopicsAndGroups() throws Exception {
        Path file = dir.resolve("export-metadata").resolve("metadata.json");
        assertThat(output("exportMetadata", "-n", ns, "-c", "DefaultCluster", "-f", dir.resolve("export-metadata").toString()))
                .contains("export " + file + " success");
        JsonNode json = JSON.readTree(Files.readString(file));
        JsonNode topics = json.path("topicConfigTable");
        assertThat(topics.path(TOPIC).path("writeQueueNums").asInt()).as("queues of both masters added up").isEqualTo(8);
        assertThat(topics.path(PRINT_TOPIC).path("readQueueNums").asInt()).isEqualTo(2);
        List<String> names = new ArrayList<>();
        topics.fieldNames().forEachRemaining(names::add);
        assertThat(names).doesNotContain("TBW102", "broker-a", "DefaultCluster", TRACE_TOPIC, "SCHEDULE_TOPIC_XXXX")
                .noneMatch(t -> t.startsWith("%RETRY%"));
        assertThat(json.path("subscriptionGroupTable").path(configGroup).path("retryMaxTimes").asInt()).isEqualTo(5);
        assertThat(json.path("exportTime").asLong()).isPositive();
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin exportConfigs", kind = Compat.Kind.MQADMIN)
    void exportConfigsWritesEachMastersConfigAndTheClustersScale() throws Exception {
        Path file = dir.resolve("export-configs").resolve("configs.json");
        assertThat(output("exportConfigs", "-n", ns, "-c", "DefaultCluster", "-f", dir.resolve("export-configs").toString()))
                .contains("export " + file + " success");
        JsonNode json = JSON.readTree(Files.readString(file));
        assertThat(json.path("clusterScale").path("namesrvSize").asInt()).isEqualTo(1);
        assertThat(json.path("clusterScale").path("masterBrokerSize").asInt()).isEqualTo(2);
        assertThat(json.path("clusterScale").path("slaveBrokerSize").asInt()).isZero();
        for (String broker : List.of("broker-a", "broker-b")) {
            JsonNode config = json.path("brokerConfigs").path(broker);
            assertThat(config.path("brokerName").asText()).isEqualTo(broker);
            assertThat(config.path("brokerClusterName").asText()).isEqualTo("DefaultCluster");
            assertThat(config.path("brokerRole").asText()).isEqualTo("ASYNC_MASTER");
            assertThat(config.path("traceTopicEnable").asText()).isEqualTo("true");
            assertThat(config.path("messageDelayLevel").asText()).startsWith("1s 5s 10s");
        }
    }

    @Test
    @Order(10)
    @Compat(value = "mqadmin exportMetrics", kind = Compat.Kind.MQADMIN)
    void exportMetricsWritesEachMastersRuntimeQuotaAndTotals() throws Exception {
        Path file = dir.resolve("export-metrics").resolve("metrics.json");
        assertThat(output("exportMetrics", "-n", ns, "-c", "DefaultCluster", "-f", dir.resolve("export-metrics").toString()))
                .contains("export " + file + " success");
        JsonNode json = JSON.readTree(Files.readString(file));
        for (String broker : List.of("broker-a", "broker-b")) {
            JsonNode report = json.path("evaluateReport").path(broker);
            assertThat(report.path("runtimeQuota").path("diskRatio").path("commitLogDiskRatio").isMissingNode()).as(broker).isFalse();
            assertThat(report.path("runtimeQuota").path("topicSize").asInt()).as(broker).isGreaterThanOrEqualTo(3);
            assertThat(report.path("runtimeVersion").path("rocketmqVersion").asText()).isEqualTo("V4_9_8");
            assertThat(report.path("runtimeVersion").path("clientInfo").toString()).as("the live consumer's connection")
                    .contains("JAVA%V4_9_8");
        }
        assertThat(json.path("totalData").path("totalOneDayNum").has("normalOneDayInNum")).isTrue();
    }

    // ---- the two commands that run until stopped ----

    @Test
    @Order(20)
    @Compat(value = "mqadmin clusterRT (first round, then stopped)", kind = Compat.Kind.MQADMIN)
    void clusterRtSendsToEveryMasterOfTheClusterAndPrintsItsRt() throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> rowsStartingWith(clusterRt.output(), "DefaultCluster").size() >= 2);
        clusterRt.close();
        String out = clusterRt.output();
        assertThat(out).contains("#Cluster Name", "#successCount", "#failCount").doesNotContain("Exception");
        assertThat(rowsStartingWith(out, "DefaultCluster")).map(OfficialMqadminMoreCommandsTest::cells)
                .map(c -> c[1] + " ok=" + c[3] + " failed=" + c[4])
                .containsExactlyInAnyOrder("broker-a ok=3 failed=0", "broker-b ok=3 failed=0");
        assertThat(cluster.<Long>onBroker("broker-a", x -> x.store().getMaxOffsetInQueue("broker-a", 0)))
                .as("only clusterRT sends to broker-a's own topic").isEqualTo(3);
        assertThat(clusterRt.isAlive()).isFalse();
    }

    @Test
    @Order(30)
    @Compat(value = "mqadmin startMonitoring (a round reported, then stopped)", kind = Compat.Kind.MQADMIN)
    void startMonitoringSubscribesAndReportsTheLiveGroupsBacklog() throws Exception {
        String endRound = "[MONITOR] =========================================endRound";
        await().atMost(Duration.ofSeconds(90)).until(() -> monitor.clientLog().contains(endRound));
        String log = monitor.clientLog();
        assertThat(log).contains("[MONITOR] =========================================beginRound",
                "reportUndoneMsgs: UndoneMsgs [consumerGroup=" + group + ", topic=" + TOPIC + ", undoneMsgsTotal=0, undoneMsgsSingleMQ=0");
        for (String broker : List.of("broker-a", "broker-b")) {
            assertThat(cluster.<Boolean>onBroker(broker, x -> x.consumers().group(MONITOR_GROUP) != null
                    && x.consumers().group(MONITOR_GROUP).subscription("OFFSET_MOVED_EVENT") != null))
                    .as("the monitor's consumer subscribed on %s", broker).isTrue();
        }
        assertThat(monitor.isAlive()).as("startMonitoring runs until stopped").isTrue();
        monitor.close();
        assertThat(monitor.isAlive()).isFalse();
        assertThat(monitor.output()).doesNotContain("Exception");
    }
}
