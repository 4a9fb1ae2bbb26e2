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
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.NamesrvHeaders;
import io.petrel.sim.CrashKind;
import io.petrel.sim.LinkMode;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        final String name;
        final long id;
        final int port;
        final TreeMap<String, TopicConfig> topics = new TreeMap<>();
        DataVersion version;
        NamesrvRegistrar registrar;

        RegisteringBroker(Env env, String name, long id, int port, List<String> topicNames) {
            this.env = env;
            this.name = name;
            this.id = id;
            this.port = port;
            topicNames.forEach(t -> topics.put(t, TopicConfig.of(t, 8, 8, 6)));
            this.version = DataVersion.initial(env.clock().nowMillis());
        }

        @Override
        public void start() {
            RemotingClient client = new RemotingClient(env, new RequestDispatcher(env.log()), 3_000);
            String host = HOSTS.get(env.nodeName());
            registrar = new NamesrvRegistrar(env, client, List.of(NS1, NS2),
                    new NamesrvRegistrar.Identity("DefaultCluster", name, id, host + ":" + port, host + ":" + (port + 1)),
                    () -> new TopicConfigSerializeWrapper(new TreeMap<>(topics), version), PERIOD_MS, 6_000, false, o -> { });
            registrar.start();
        }

        void addTopic(String topic) {
            topics.put(topic, TopicConfig.of(topic, 4, 4, 6));
            version = version.next(env.clock().nowMillis());
            registrar.registerAll();
        }

        @Override
        public void shutdown(Runnable done) {
            registrar.unregisterAll(done);
        }
    }

    static final Map<String, String> HOSTS = Map.of("ns1", "10.0.0.1", "ns2", "10.0.0.2", "broker-a", "10.0.0.11",
            "broker-a-slave", "10.0.0.12", "broker-b", "10.0.0.21", "admin", "10.0.0.99");

    /** A client node that sends requests and keeps the responses. */
    static final class Admin implements Node {
        final Env env;
        RemotingClient client;

        Admin(Env env) {
            this.env = env;
        }

        @Override
        public void start() {
            client = new RemotingClient(env, new RequestDispatcher(env.log()), 3_000);
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
        sim = new Simulator(2024);
        ns1 = namesrv("ns1");
        ns2 = namesrv("ns2");
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

    private SimNode namesrv(String name) {
        ConfigContext context = ConfigContext.of("/home/ns", HOSTS.get(name));
        NamesrvConfig config = NamesrvConfig.from(NamesrvConfig.REGISTRY.bind(
                Map.of("bindAddress", HOSTS.get(name)), context, true));
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
                new java.util.TreeSet<>(List.of("broker-a", "broker-b")));
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
}
