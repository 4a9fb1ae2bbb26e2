package io.petrel.namesrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.common.ClusterInfo;
import io.petrel.common.DataVersion;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.PermName;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicList;
import io.petrel.common.TopicRouteData;
import io.petrel.config.ConfigContext;
import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.DiskFile;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.Vectors;
import io.petrel.remoting.header.NamesrvHeaders;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two NameServers and registering brokers in simulation: registration, expiry, crashes, restarts. */
class NamesrvSimTest {

    static final Address NS1 = new Address("10.0.0.1", 9876);
    static final Address NS2 = new Address("10.0.0.2", 9876);
    static final long PERIOD_MS = 10_000;

    /** A broker that only registers: enough to exercise the NameServer. */
    static final class RegisteringBroker implements Node {
        final Env env;
        final String cluster;
        final String name;
        final long id;
        final int port;
        final TreeMap<String, TopicConfig> topics = new TreeMap<>();
        DataVersion version;
        NamesrvRegistrar registrar;

        RegisteringBroker(Env env, String name, long id, int port, List<String> topicNames) {
            this(env, "DefaultCluster", name, id, port, topicNames);
        }

        RegisteringBroker(Env env, String cluster, String name, long id, int port, List<String> topicNames) {
            this.env = env;
            this.cluster = cluster;
            this.name = name;
            this.id = id;
            this.port = port;
            topicNames.forEach(t -> topics.put(t, TopicConfig.of(t, 8, 8, 6)));
            this.version = DataVersion.initial(env.clock().nowMs());
        }

        @Override
        public void start() {
            RemotingClient client = new RemotingClient(env, new RequestDispatcher(env), 3_000);
            String host = HOSTS.get(env.nodeName());
            registrar = new NamesrvRegistrar(env, client, List.of(NS1, NS2),
                    new NamesrvRegistrar.Identity(cluster, name, id, host + ":" + port, host + ":" + (port + 1)),
                    () -> new TopicConfigSerializeWrapper(new TreeMap<>(topics), version), PERIOD_MS, 6_000, false, o -> { });
            registrar.start();
        }

        void addTopic(String topic) {
            topics.put(topic, TopicConfig.of(topic, 4, 4, 6));
            version = version.next(env.clock().nowMs());
            registrar.registerAll();
        }

        @Override
        public void shutdown(Runnable done) {
            registrar.unregisterAll(done);
        }
    }

    static final Map<String, String> HOSTS = Map.of("ns1", "10.0.0.1", "ns2", "10.0.0.2", "broker-a", "10.0.0.11",
            "broker-a-slave", "10.0.0.12", "broker-b", "10.0.0.21", "broker-c", "10.0.0.31", "admin", "10.0.0.99",
            "admin2", "10.0.0.98", "raw", "10.0.0.97");

    /** A client node that sends requests and keeps the responses. */
    static final class Admin implements Node {
        final Env env;
        RemotingClient client;

        Admin(Env env) {
            this.env = env;
        }

        @Override
        public void start() {
            client = new RemotingClient(env, new RequestDispatcher(env), 3_000);
        }

        @Override
        public void shutdown(Runnable done) {
            done.run();
        }
    }

    /** A node that writes raw frames, as a broken or hostile peer would, and keeps what comes back. */
    static final class RawPeer implements Node {
        final Env env;
        Connection connection;
        final List<RemotingCommand> responses = new ArrayList<>();
        CloseCause closed;

        RawPeer(Env env) {
            this.env = env;
        }

        @Override
        public void start() {
        }

        /** Opens a fresh connection, forgetting the previous one's outcome. */
        void connect(Address to) {
            connection = null;
            closed = null;
            responses.clear();
            env.network().connect(to, 3_000, new ConnectHandler() {
                @Override
                public ConnectionHandler onConnected(Connection c) {
                    connection = c;
                    return new ConnectionHandler() {
                        @Override
                        public void onFrame(Connection c, ByteBuffer frame) {
                            responses.add(RemotingCodec.decode(frame));
                        }

                        @Override
                        public void onClose(Connection c, CloseCause cause) {
                            closed = cause;
                        }
                    };
                }

                @Override
                public void onConnectFailed(Address remote, String reason) {
                    throw new AssertionError("raw peer could not connect to " + remote + ": " + reason);
                }
            });
        }

        @Override
        public void shutdown(Runnable done) {
            done.run();
        }
    }

    private Simulator sim;
    private SimNode ns1;
    private SimNode ns2;
    private SimNode brokerA;
    private SimNode brokerB;
    private SimNode admin;

    @BeforeEach
    void setUp() {
        build(Map.of());
    }

    /** Builds and starts the cluster; {@code ns1Properties} are extra mqnamesrv.properties for ns1. */
    private void build(Map<String, String> ns1Properties) {
        sim = new Simulator(2024);
        ns1 = namesrv("ns1", ns1Properties);
        ns2 = namesrv("ns2", Map.of());
        brokerA = sim.addNode("broker-a", HOSTS.get("broker-a"),
                env -> new RegisteringBroker(env, "broker-a", 0, 10911, List.of("TopicA", "Shared")));
        brokerB = sim.addNode("broker-b", HOSTS.get("broker-b"),
                env -> new RegisteringBroker(env, "broker-b", 0, 10911, List.of("TopicB", "Shared")));
        admin = sim.addNode("admin", HOSTS.get("admin"), Admin::new);
        for (SimNode n : List.of(ns1, ns2, brokerA, brokerB, admin)) {
            n.start();
        }
        sim.runFor(1_000);
    }

    /** Replaces the default cluster with one whose ns1 is bound from {@code ns1Properties}. */
    private void rebuild(Map<String, String> ns1Properties) {
        sim.close();
        build(ns1Properties);
    }

    private SimNode namesrv(String name, Map<String, String> extra) {
        ConfigContext context = ConfigContext.of("/home/ns", HOSTS.get(name));
        Map<String, String> properties = new TreeMap<>(extra);
        properties.put("bindAddress", HOSTS.get(name));
        NamesrvConfig config = NamesrvConfig.from(NamesrvConfig.REGISTRY.bind(properties, context, true));
        return sim.addNode(name, HOSTS.get(name), env -> new NameServer(env, config));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private RemotingCommand call(Address namesrv, RemotingCommand request) {
        RemotingCommand[] response = new RemotingCommand[1];
        admin.nodeAs(Admin.class).client.invoke(namesrv, request, 3_000,
                ResponseCallback.of(r -> response[0] = r, f -> { throw new AssertionError(f.toString()); }));
        assertThat(sim.runUntil(() -> response[0] != null, 5_000)).as("answer to " + request).isTrue();
        return response[0];
    }

    private TopicRouteData route(Address namesrv, String topic) {
        RemotingCommand r = call(namesrv, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                new NamesrvHeaders.GetRouteInfoRequestHeader(topic, null)));
        return r.code() == ResponseCode.SUCCESS ? Json.read(r.bodyBytes(), TopicRouteData.class) : null;
    }

    private ClusterInfo cluster(Address namesrv) {
        return Json.read(call(namesrv, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null)).bodyBytes(),
                ClusterInfo.class);
    }

    @Test
    void brokersRegisterWithBothNameServersAndRoutesAgree() {
        TopicRouteData shared1 = route(NS1, "Shared");
        TopicRouteData shared2 = route(NS2, "Shared");
        assertThat(shared1).isEqualTo(shared2);
        assertThat(shared1.queueDatas()).extracting(q -> q.brokerName()).containsExactly("broker-a", "broker-b");
        assertThat(shared1.brokerDatas()).extracting(b -> b.masterAddress())
                .containsExactly("10.0.0.11:10911", "10.0.0.21:10911");
        assertThat(route(NS1, "TopicA").queueDatas()).singleElement().satisfies(q -> {
            assertThat(q.writeQueueNums()).isEqualTo(8);
            assertThat(q.perm()).isEqualTo(6);
        });
        assertThat(cluster(NS2).clusterAddrTable()).containsEntry("DefaultCluster",
                new TreeSet<>(List.of("broker-a", "broker-b")));
        TopicList all = Json.read(call(NS1, RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, null))
                .bodyBytes(), TopicList.class);
        assertThat(all.topicList()).containsExactlyInAnyOrder("TopicA", "TopicB", "Shared");
    }

    @Test
    void anUnknownTopicIsTopicNotExistWithRocketMqsRemark() {
        RemotingCommand r = call(NS1, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                new NamesrvHeaders.GetRouteInfoRequestHeader("Nope", null)));
        assertThat(r.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        assertThat(r.remark()).isEqualTo("No topic route info in name server for the topic: Nope");
    }

    @Test
    void aNewTopicIsRegisteredPromptlyNotAtTheNextPeriod() {
        brokerA.nodeAs(RegisteringBroker.class).addTopic("Fresh");
        sim.runFor(100);
        assertThat(route(NS1, "Fresh")).isNotNull();
        assertThat(route(NS2, "Fresh")).isNotNull();
    }

    @Test
    void aPartitionedBrokerExpiresAfterTheTimeoutAndReturnsAfterHealing() {
        sim.network().partition(List.of(HOSTS.get("broker-a")), List.of(HOSTS.get("ns1")), LinkMode.BLACKHOLE);
        sim.runFor(110_000);
        assertThat(route(NS1, "TopicA")).as("still within 120 s of the last registration").isNotNull();
        sim.runFor(25_000);
        assertThat(route(NS1, "TopicA")).as("expired on the partitioned NameServer").isNull();
        assertThat(route(NS2, "TopicA")).as("the other NameServer still hears the broker").isNotNull();
        assertThat(route(NS1, "Shared").queueDatas()).extracting(q -> q.brokerName()).containsExactly("broker-b");
        sim.network().healAll();
        sim.runFor(PERIOD_MS + 7_000);
        assertThat(route(NS1, "TopicA")).as("back after the partition healed").isNotNull();
    }

    @Test
    void aCrashedBrokerDisappearsAsSoonAsItsConnectionCloses() {
        brokerA.crash(CrashKind.PROCESS);
        sim.runFor(100);
        assertThat(route(NS1, "TopicA")).isNull();
        assertThat(route(NS2, "TopicA")).isNull();
        assertThat(cluster(NS1).brokerAddrTable()).containsOnlyKeys("broker-b");
    }

    @Test
    void aGracefulShutdownUnregisters() {
        brokerB.shutdown();
        sim.runFor(1_000);
        assertThat(route(NS1, "TopicB")).isNull();
        assertThat(route(NS2, "TopicB")).isNull();
    }

    @Test
    void aRestartedNameServerRelearnsEverythingWithinOneRegistrationPeriod() {
        ns1.crash(CrashKind.PROCESS);
        sim.runFor(1_000);
        ns1.restart();
        sim.runFor(100);
        assertThat(Json.read(call(NS1, RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, null))
                .bodyBytes(), TopicList.class).topicList()).isEmpty();
        sim.runFor(PERIOD_MS + 1_000);
        assertThat(route(NS1, "Shared")).isEqualTo(route(NS2, "Shared"));
        assertThat(cluster(NS1)).isEqualTo(cluster(NS2));
    }

    @Test
    void aSlaveLearnsItsMastersAddresses() {
        SimNode slave = sim.addNode("broker-a-slave", HOSTS.get("broker-a-slave"),
                env -> new RegisteringBroker(env, "broker-a", 1, 10911, List.of("TopicA")));
        slave.start();
        sim.runFor(1_000);
        NamesrvRegistrar.Outcome outcome = slave.nodeAs(RegisteringBroker.class).registrar.latest().get(NS1);
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.masterAddr()).isEqualTo("10.0.0.11:10911");
        assertThat(outcome.haServerAddr()).isEqualTo("10.0.0.11:10912");
        assertThat(route(NS1, "TopicA").brokerDatas()).singleElement()
                .satisfies(b -> assertThat(b.brokerAddrs()).containsOnlyKeys(0L, 1L));
    }

    @Test
    void wipeWritePermClearsTheWriteBitOfEveryTopicOfABroker() {
        RemotingCommand r = call(NS1, RemotingCommand.request(RequestCode.WIPE_WRITE_PERM_OF_BROKER,
                new NamesrvHeaders.WipeWritePermOfBrokerRequestHeader("broker-a")));
        assertThat(r.decodeHeader(NamesrvHeaders.WipeWritePermOfBrokerResponseHeader.class).wipeTopicCount()).isEqualTo(2);
        assertThat(route(NS1, "TopicA").queueDatas().get(0).perm()).isEqualTo(PermName.PERM_READ);
        assertThat(route(NS2, "TopicA").queueDatas().get(0).perm()).isEqualTo(6);
    }

    @Test
    void kvConfigSurvivesANameServerPowerLossOnceWritten() {
        assertThat(call(NS1, RemotingCommand.request(RequestCode.PUT_KV_CONFIG,
                new NamesrvHeaders.PutKVConfigRequestHeader("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:8"))).code()).isZero();
        sim.runFor(1_000);
        ns1.crash(CrashKind.POWER_LOSS);
        ns1.restart();
        sim.runFor(100);
        RemotingCommand got = call(NS1, RemotingCommand.request(RequestCode.GET_KV_CONFIG,
                new NamesrvHeaders.GetKVConfigRequestHeader("ORDER_TOPIC_CONFIG", "TopicA")));
        assertThat(got.decodeHeader(NamesrvHeaders.GetKVConfigResponseHeader.class).value()).isEqualTo("broker-a:8");
        RemotingCommand list = call(NS1, RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE,
                new NamesrvHeaders.GetKVListByNamespaceRequestHeader("ORDER_TOPIC_CONFIG")));
        assertThat(Json.read(list.bodyBytes(), KVTable.class).table()).containsEntry("TopicA", "broker-a:8");
        RemotingCommand missing = call(NS1, RemotingCommand.request(RequestCode.GET_KV_CONFIG,
                new NamesrvHeaders.GetKVConfigRequestHeader("ORDER_TOPIC_CONFIG", "Other")));
        assertThat(missing.code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        assertThat(missing.remark()).isEqualTo("No config item, Namespace: ORDER_TOPIC_CONFIG Key: Other");
    }

    /**
     * An answered put or delete is in the file: a power loss the moment the answer arrives keeps it.
     * The NameServer used to answer before its save was forced (the real-process launcher's tests
     * lost one put in six to a graceful stop right after it).
     */
    @Test
    void anAnsweredKvPutOrDeleteSurvivesAPowerLossTheMomentItIsAnswered() {
        assertThat(putKv("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:8").code()).isZero();
        ns1.crash(CrashKind.POWER_LOSS);
        ns1.restart();
        sim.runFor(100);
        assertThat(getKv("ORDER_TOPIC_CONFIG", "TopicA")).isEqualTo("broker-a:8");
        assertThat(call(NS1, RemotingCommand.request(RequestCode.DELETE_KV_CONFIG,
                new NamesrvHeaders.DeleteKVConfigRequestHeader("ORDER_TOPIC_CONFIG", "TopicA"))).code()).isZero();
        ns1.crash(CrashKind.POWER_LOSS);
        ns1.restart();
        sim.runFor(100);
        assertThat(getKv("ORDER_TOPIC_CONFIG", "TopicA")).isNull();
    }

    private RemotingCommand putKv(String namespace, String key, String value) {
        return call(NS1, RemotingCommand.request(RequestCode.PUT_KV_CONFIG,
                new NamesrvHeaders.PutKVConfigRequestHeader(namespace, key, value)));
    }

    private String getKv(String namespace, String key) {
        RemotingCommand got = call(NS1, RemotingCommand.request(RequestCode.GET_KV_CONFIG,
                new NamesrvHeaders.GetKVConfigRequestHeader(namespace, key)));
        return got.code() == ResponseCode.SUCCESS
                ? got.decodeHeader(NamesrvHeaders.GetKVConfigResponseHeader.class).value() : null;
    }

    /** Issue 25: a 70,000-character key was accepted and made kvConfig.json unreadable at the next start. */
    @Test
    void aKvPutBeyondItsBoundsIsRefusedNamingTheFieldAndTheLongestAllowedOnesSurviveARestart() {
        RemotingCommand refused = putKv("ORDER_TOPIC_CONFIG", "k".repeat(70_000), "broker-a:8");
        assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(refused.remark()).isEqualTo("the KV config key has 70000 characters, more than the 16384 allowed");
        assertLogged("ns1", "WARN", "PUT_KV_CONFIG from 10.0.0.99:");
        String longestKey = "k".repeat(16_384);
        String longValue = "v".repeat(70_000);
        assertThat(putKv("ORDER_TOPIC_CONFIG", longestKey, longValue).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(putKv("ns-\u4e16\"\\\u0001", "\ud83d\ude00", "\u00e9\n").code()).isEqualTo(ResponseCode.SUCCESS);
        sim.runFor(1_000);
        ns1.crash(CrashKind.POWER_LOSS);
        ns1.restart();
        sim.runFor(100);
        assertThat(getKv("ORDER_TOPIC_CONFIG", longestKey)).isEqualTo(longValue);
        assertThat(getKv("ns-\u4e16\"\\\u0001", "\ud83d\ude00")).isEqualTo("\u00e9\n");
        assertThat(getKv("ORDER_TOPIC_CONFIG", "k".repeat(70_000))).isNull();
        sim.runFor(PERIOD_MS);
        assertThat(route(NS1, "TopicA")).isNotNull();
        assertNoErrorLogged();
    }

    @Test
    void anUnreadableKvConfigIsMovedAsideWithAnErrorAndTheNameServerStartsWithoutIt() {
        String path = "/home/ns/namesrv/kvConfig.json";
        assertThat(putKv("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:8").code()).isEqualTo(ResponseCode.SUCCESS);
        sim.runFor(1_000);
        ns1.shutdown();
        sim.runFor(1_000);
        ns1.restart();
        // Between the restart and its first event: the new process's disk, before the NameServer reads it.
        replaceFile(ns1, path, "{\"configTable\":{\"ORDER_TOPIC_CONFIG\":{\"TopicA\":");
        sim.runFor(PERIOD_MS);
        assertLogged("ns1", "ERROR", "KV config " + path + " cannot be read (it is not a valid KV config file: "
                + "malformed KvConfigSerializeWrapper body: ");
        assertLogged("ns1", "ERROR", "moved it aside to " + path + ".corrupt-1 and starting with an empty KV config");
        assertThat(ns1.disk().exists(path + ".corrupt-1")).isTrue();
        assertThat(route(NS1, "TopicA")).as("the NameServer serves routes").isNotNull();
        assertThat(getKv("ORDER_TOPIC_CONFIG", "TopicA")).isNull();
        assertThat(putKv("ORDER_TOPIC_CONFIG", "TopicA", "broker-a:4").code()).isEqualTo(ResponseCode.SUCCESS);
        sim.runFor(1_000);
        ns1.crash(CrashKind.POWER_LOSS);
        ns1.restart();
        sim.runFor(100);
        assertThat(getKv("ORDER_TOPIC_CONFIG", "TopicA")).isEqualTo("broker-a:4");
    }

    private static void replaceFile(SimNode node, String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (node.disk().exists(path)) {
            node.disk().delete(path);
        }
        DiskFile file = node.disk().create(path, bytes.length);
        file.write(0, ByteBuffer.wrap(bytes));
        file.close();
    }

    @Test
    void badRegistrationsAreRefusedAndChangeNothing() {
        ClusterInfo before = cluster(NS1);
        RemotingCommand noBody = call(NS1, RemotingCommand.request(RequestCode.REGISTER_BROKER,
                new NamesrvHeaders.RegisterBrokerRequestHeader("evil", "1.2.3.4:1", "X", "1.2.3.4:2", 0L, false, 0)));
        assertThat(noBody.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(noBody.remark()).contains("has no body");
        RemotingCommand badCrc = call(NS1, RemotingCommand.request(RequestCode.REGISTER_BROKER,
                new NamesrvHeaders.RegisterBrokerRequestHeader("evil", "1.2.3.4:1", "X", "1.2.3.4:2", 0L, false, 12345))
                .body("{}".getBytes()));
        assertThat(badCrc.remark()).isEqualTo("crc32 not match");
        RemotingCommand badJson = call(NS1, RemotingCommand.request(RequestCode.REGISTER_BROKER,
                new NamesrvHeaders.RegisterBrokerRequestHeader("evil", "1.2.3.4:1", "X", "1.2.3.4:2", 0L, false, 0))
                .body("{not json".getBytes()));
        assertThat(badJson.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(badJson.remark()).startsWith("malformed RegisterBrokerBody body");
        RemotingCommand missingField = call(NS1, RemotingCommand.request(RequestCode.REGISTER_BROKER, null));
        assertThat(missingField.remark()).isEqualTo("missing required header field 'brokerName' in REGISTER_BROKER(103)");
        assertThat(cluster(NS1)).isEqualTo(before);
        assertThat(route(NS1, "TopicA")).isNotNull();
    }

    private TopicList topicsByCluster(Address namesrv, String cluster) {
        RemotingCommand r = call(namesrv, RemotingCommand.request(RequestCode.GET_TOPICS_BY_CLUSTER,
                new NamesrvHeaders.GetTopicsByClusterRequestHeader(cluster)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        return Json.read(r.bodyBytes(), TopicList.class);
    }

    private void addBrokerOfOtherCluster() {
        SimNode brokerC = sim.addNode("broker-c", HOSTS.get("broker-c"),
                env -> new RegisteringBroker(env, "OtherCluster", "broker-c", 0, 10911, List.of("TopicC", "Shared")));
        brokerC.start();
        sim.runFor(1_000);
    }

    @Test
    void topicsByClusterListsOnlyThatClustersTopics() {
        addBrokerOfOtherCluster();
        assertThat(topicsByCluster(NS1, "DefaultCluster").topicList()).containsExactlyInAnyOrder("TopicA", "TopicB", "Shared");
        assertThat(topicsByCluster(NS1, "OtherCluster").topicList()).containsExactlyInAnyOrder("TopicC", "Shared");
        assertThat(topicsByCluster(NS2, "OtherCluster").topicList()).containsExactlyInAnyOrder("TopicC", "Shared");
        assertThat(topicsByCluster(NS1, "NoSuchCluster").topicList()).isEmpty();
    }

    @Test
    void deletingATopicForOneClusterKeepsTheOtherClustersQueues() {
        addBrokerOfOtherCluster();
        RemotingCommand r = call(NS1, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV,
                new NamesrvHeaders.DeleteTopicFromNamesrvRequestHeader("Shared", "OtherCluster")));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(route(NS1, "Shared").queueDatas()).extracting(q -> q.brokerName())
                .containsExactly("broker-a", "broker-b");
        assertThat(route(NS1, "TopicC")).as("another topic of the filtered cluster").isNotNull();
        assertThat(route(NS2, "Shared").queueDatas()).as("the other NameServer is independent")
                .extracting(q -> q.brokerName()).containsExactly("broker-a", "broker-b", "broker-c");

        call(NS1, RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV,
                new NamesrvHeaders.DeleteTopicFromNamesrvRequestHeader("TopicC", null)));
        assertThat(route(NS1, "TopicC")).as("no cluster filter removes the topic everywhere").isNull();
    }

    // ---- bad input: the NameServer answers or closes with a logged reason, changes nothing, serves others ----

    private void assertLogged(String node, String level, String text) {
        List<String> lines = sim.log().recent();
        assertThat(lines).as("log lines of " + node).anySatisfy(line -> {
            assertThat(line).contains(" " + node + " ").contains(" " + level + " ").contains(text);
        });
    }

    private void assertNoErrorLogged() {
        assertThat(sim.log().recent()).noneMatch(line -> line.contains(" ERROR "));
    }

    @Test
    void aQueryDataVersionWithoutABodyIsAnErrorResponseAndTheConnectionStaysUp() {
        RemotingCommand r = call(NS1, RemotingCommand.request(RequestCode.QUERY_DATA_VERSION,
                new NamesrvHeaders.QueryDataVersionRequestHeader("broker-a", "10.0.0.11:10911", "DefaultCluster", 0L)));
        assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(r.remark()).isEqualTo("missing DataVersion body");
        assertLogged("ns1", "WARN", "refused QUERY_DATA_VERSION(322) from 10.0.0.99:");
        assertNoErrorLogged();
        RemotingChannel channel = admin.nodeAs(Admin.class).client.channel(NS1);
        assertThat(channel.isOpen()).isTrue();
        assertThat(route(NS1, "TopicA")).isNotNull();
        assertThat(admin.nodeAs(Admin.class).client.channel(NS1)).as("the same connection served it").isSameAs(channel);
    }

    private RawPeer rawPeer() {
        SimNode node = sim.addNode("raw", HOSTS.get("raw"), RawPeer::new);
        node.start();
        sim.runFor(1);
        return node.nodeAs(RawPeer.class);
    }

    /** Sends {@code payload} as one frame on a fresh connection to ns1 and lets the NameServer react. */
    private void sendRaw(RawPeer peer, ByteBuffer payload) {
        peer.connect(NS1);
        assertThat(sim.runUntil(() -> peer.connection != null, 1_000)).as("raw peer connected").isTrue();
        assertThat(peer.connection.send(payload)).isTrue();
        sim.runFor(500);
    }

    private static ByteBuffer jsonFrame(byte[] header) {
        return ByteBuffer.allocate(4 + header.length).putInt(header.length).put(header).flip();
    }

    /** A ROCKETMQ-serialized GET_BROKER_CLUSTER_INFO request with the given remark and one ext field. */
    private static ByteBuffer rocketmqFrame(byte[] remark, byte[] extKey, byte[] extValue) {
        int extLength = 2 + extKey.length + 4 + extValue.length;
        int headerLength = 21 + remark.length + extLength;
        ByteBuffer b = ByteBuffer.allocate(4 + headerLength);
        b.putInt(1 << 24 | headerLength);
        b.putShort((short) RequestCode.GET_BROKER_CLUSTER_INFO).put((byte) 0).putShort((short) 409).putInt(7).putInt(0);
        b.putInt(remark.length).put(remark);
        b.putInt(extLength).putShort((short) extKey.length).put(extKey).putInt(extValue.length).put(extValue);
        return b.flip();
    }

    @Test
    void undecodableFramesCloseOnlyTheirConnectionWithALoggedReason() {
        ClusterInfo before = cluster(NS1);
        RawPeer peer = rawPeer();
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
        byte[] ascii = "k".getBytes(StandardCharsets.US_ASCII);
        Map<String, ByteBuffer> frames = new LinkedHashMap<>();
        frames.put("header length 100 exceeds the 2 bytes left in the frame",
                ByteBuffer.allocate(6).putInt(100).put((byte) '{').put((byte) '}').flip());
        frames.put("remark is not valid UTF-8", rocketmqFrame(invalidUtf8, ascii, ascii));
        frames.put("ext field 'k' is not valid UTF-8", rocketmqFrame(new byte[0], ascii, invalidUtf8));
        frames.put("JSON header is malformed", jsonFrame(
                "{\"code\":106,\"language\":\"JAVA\",\"version\":409,\"opaque\":1,\"extFi".getBytes(StandardCharsets.UTF_8)));
        frames.put("JSON header has a number out of range", jsonFrame(
                "{\"code\":99999999999,\"language\":\"JAVA\",\"version\":409,\"opaque\":1,\"flag\":0}"
                        .getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, ByteBuffer> frame : frames.entrySet()) {
            sendRaw(peer, frame.getValue());
            assertThat(peer.closed).as("connection closed after: " + frame.getKey()).isNotNull();
            assertThat(peer.responses).as("no answer to an undecodable frame").isEmpty();
            assertLogged("ns1", "WARN", "undecodable frame: " + frame.getKey());
            assertThat(cluster(NS1)).isEqualTo(before);
            assertThat(route(NS1, "TopicA")).as("others still served").isNotNull();
        }
        assertNoErrorLogged();
    }

    @Test
    void aRegisterWithABrokerIdOutOfRangeIsAnErrorResponseNotAClose() {
        ClusterInfo before = cluster(NS1);
        RawPeer peer = rawPeer();
        RemotingCommand register = RemotingCommand.request(RequestCode.REGISTER_BROKER,
                        new NamesrvHeaders.RegisterBrokerRequestHeader("evil", "1.2.3.4:1", "X", "1.2.3.4:2", 0L, false, 0))
                .addExtField("brokerId", "99999999999999999999").body(Vectors.bytes("register_broker_body_plain.json"));
        sendRaw(peer, RemotingCodec.encode(register.opaque(5)));
        assertThat(peer.closed).as("the connection stays up").isNull();
        assertThat(peer.responses).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(r.opaque()).isEqualTo(5);
            assertThat(r.remark()).isEqualTo(
                    "header field 'brokerId' of REGISTER_BROKER(103) is not a number: '99999999999999999999'");
        });
        assertLogged("ns1", "WARN", "refused REGISTER_BROKER(103) from 10.0.0.97:");
        assertNoErrorLogged();
        assertThat(cluster(NS1)).isEqualTo(before);
        assertThat(route(NS1, "TopicTest")).isNull();
    }

    @Test
    void theOfficialBrokersRegisterFrameIsAccepted() {
        RawPeer peer = rawPeer();
        sendRaw(peer, Vectors.framePayload("register_broker_request_json.hex"));
        assertThat(peer.responses).as("answer to the captured REGISTER_BROKER").singleElement().satisfies(r -> {
            assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(r.opaque()).isEqualTo(14);
        });
        assertThat(route(NS1, "TopicTest").brokerDatas()).singleElement()
                .satisfies(b -> assertThat(b.brokerAddrs()).containsEntry(0L, "127.0.0.1:10911"));
    }

    // ---- configurable timeouts ----

    @Test
    void aConfiguredBrokerExpiryOfThirtySecondsIsHonoured() {
        rebuild(Map.of("brokerExpiredMillis", "30000"));
        sim.network().partition(List.of(HOSTS.get("broker-a")), List.of(HOSTS.get("ns1")), LinkMode.BLACKHOLE);
        sim.runFor(28_000);
        assertThat(route(NS1, "TopicA")).as("within 30 s of the last registration").isNotNull();
        sim.runFor(17_000);
        assertThat(route(NS1, "TopicA")).as("expired by 45 s, long before the default 120 s").isNull();
        assertThat(route(NS2, "TopicA")).as("ns2 keeps the default expiry").isNotNull();
        assertLogged("ns1", "WARN", "not heard from for 30000 ms");
    }

    @Test
    void aConfiguredIdleTimeClosesOnlyIdleConnections() {
        rebuild(Map.of("serverChannelMaxIdleTimeSeconds", "5"));
        SimNode busyNode = sim.addNode("admin2", HOSTS.get("admin2"), Admin::new);
        busyNode.start();
        sim.runFor(1);
        RemotingClient busy = busyNode.nodeAs(Admin.class).client;
        RemotingClient idle = admin.nodeAs(Admin.class).client;
        List<RemotingCommand> busyAnswers = new ArrayList<>();
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            busy.invoke(NS1, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null), 3_000,
                    ResponseCallback.of(busyAnswers::add, f -> { throw new AssertionError(f.toString()); }));
            busyNode.env().scheduler().schedule(1_000, poll[0]);
        };
        poll[0].run();
        call(NS1, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null));
        sim.runFor(100);
        RemotingChannel busyChannel = busy.channel(NS1);
        assertThat(idle.channel(NS1)).isNotNull();
        sim.runFor(20_000);
        assertThat(idle.channel(NS1)).as("idle for more than 5 s: closed by the NameServer").isNull();
        assertThat(busy.channel(NS1)).as("a connection with traffic every second stays up").isSameAs(busyChannel);
        assertThat(busyChannel.isOpen()).isTrue();
        assertThat(busyAnswers).hasSizeGreaterThanOrEqualTo(20);
        assertLogged("ns1", "INFO", "closing idle connection from 10.0.0.99:");
    }
}
