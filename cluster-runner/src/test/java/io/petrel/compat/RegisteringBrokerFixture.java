package io.petrel.compat;

import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.common.DataVersion;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingServer;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in broker for NameServer compatibility tests: it registers its topics with the
 * NameServers through the real registration client and answers GET_BROKER_RUNTIME_INFO so that
 * mqadmin clusterList can print a row for it. Not a broker: it stores nothing.
 */
final class RegisteringBrokerFixture implements Node {

    private final Env env;
    private final String cluster;
    private final String brokerName;
    private final int port;
    private final List<Address> namesrvs;
    private final TreeMap<String, TopicConfig> topics = new TreeMap<>();
    private NamesrvRegistrar registrar;
    private RemotingServer server;

    RegisteringBrokerFixture(Env env, String cluster, String brokerName, int port, List<Address> namesrvs,
            List<String> topicNames) {
        this.env = env;
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.port = port;
        this.namesrvs = namesrvs;
        topicNames.forEach(t -> topics.put(t, TopicConfig.of(t, 8, 8, 6)));
    }

    @Override
    public void start() {
        RequestDispatcher dispatcher = new RequestDispatcher(env)
                .register(RequestCode.GET_BROKER_RUNTIME_INFO, (ch, req) -> ch.reply(req,
                        RemotingCommand.success().body(Json.write(new KVTable(new TreeMap<>(Map.of(
                                "brokerVersionDesc", "V4_9_8", "brokerVersion", "409",
                                "putTps", "0.0 0.0 0.0", "getTransferedTps", "0.0 0.0 0.0")))))));
        server = new RemotingServer(env, dispatcher, 120_000);
        server.listen(new Address("127.0.0.1", port));
        RemotingClient client = new RemotingClient(env, dispatcher, 3_000);
        registrar = new NamesrvRegistrar(env, client, namesrvs,
                new NamesrvRegistrar.Identity(cluster, brokerName, 0, "127.0.0.1:" + port, "127.0.0.1:" + (port + 1)),
                () -> new TopicConfigSerializeWrapper(new TreeMap<>(topics), new DataVersion(1, 1)), 10_000, 6_000,
                false, outcome -> { });
        registrar.start();
    }

    @Override
    public void shutdown(Runnable done) {
        server.stop();
        registrar.unregisterAll(done);
    }
}
