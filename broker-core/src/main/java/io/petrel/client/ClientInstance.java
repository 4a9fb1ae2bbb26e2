package io.petrel.client;

import io.petrel.common.BodyException;
import io.petrel.common.ConsumerData;
import io.petrel.common.FanIn;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.MixAll;
import io.petrel.common.ProducerData;
import io.petrel.common.TopicRouteData;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.acl.AclSigner;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.UnregisterClientRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetRouteInfoRequestHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What all clients of one node share (RocketMQ's MQClientInstance): one connection per broker and
 * NameServer, the route table, heartbeats to every broker every 30 s, route refresh every 30 s,
 * offset commits every 5 s, rebalancing every 20 s, and the requests brokers send to clients.
 * Single-threaded on the node's loop.
 */
public final class ClientInstance {

    private static final long REBALANCE_INTERVAL_MS = 20_000;

    private final Env env;
    private final ClientConfig config;
    private final RemotingClient remoting;
    private final ClientRpc rpc;
    private final TopicRoutes routes = new TopicRoutes();
    private final Map<String, Producer> producers = new TreeMap<>();
    private final Map<String, ConsumerMember> consumers = new TreeMap<>();
    private final Set<String> producerTopics = new LinkedHashSet<>();
    private final MessageIdFactory ids;
    private Producer innerProducer;
    private int namesrvIndex;
    private boolean started;
    private boolean stopped;

    public ClientInstance(Env env, ClientConfig config) {
        this.env = env;
        this.config = config;
        RequestDispatcher dispatcher = new RequestDispatcher(env, config.sabotage());
        this.remoting = new RemotingClient(env, dispatcher, 3_000);
        if (config.credentials() != null) {
            remoting.beforeRequest(request -> AclSigner.sign(request, config.credentials()));
        }
        this.rpc = new ClientRpc(remoting);
        this.ids = new MessageIdFactory(env.clock(), env.random(), config.clientIP());
        this.namesrvIndex = env.random().nextInt(Math.max(1, config.namesrvAddrs().size()));
        new ClientRequestProcessor(env, this).registerWith(dispatcher);
    }

    public Env env() {
        return env;
    }

    public ClientConfig config() {
        return config;
    }

    public String clientId() {
        return config.clientId();
    }

    ClientRpc rpc() {
        return rpc;
    }

    TopicRoutes routes() {
        return routes;
    }

    MessageIdFactory ids() {
        return ids;
    }

    Map<String, ConsumerMember> consumers() {
        return consumers;
    }

    /** Starts the periodic work; called by the first client that starts. */
    void start() {
        if (started) {
            return;
        }
        started = true;
        env.scheduler().schedule(config.pollNameServerIntervalMs(), this::periodicRouteUpdate);
        env.scheduler().schedule(1_000, this::periodicHeartbeat);
        env.scheduler().schedule(config.persistConsumerOffsetIntervalMs(), this::periodicPersist);
        env.scheduler().schedule(REBALANCE_INTERVAL_MS, this::periodicRebalance);
    }

    void registerProducer(String group, Producer producer) {
        if (producers.putIfAbsent(group, producer) != null) {
            throw new ClientException(-1, "The producer group[" + group + "] has been created before, specify another name please.");
        }
    }

    void registerConsumer(String group, ConsumerMember consumer) {
        if (consumers.putIfAbsent(group, consumer) != null) {
            throw new ClientException(-1, "The consumer group[" + group + "] has been created before, specify another name please.");
        }
    }

    /**
     * The instance's own producer (group CLIENT_INNER_PRODUCER), which consumers use to return
     * messages to their retry topic when the broker's send-back fails.
     */
    Producer innerProducer() {
        if (innerProducer == null) {
            innerProducer = new Producer(this, ProducerConfig.of(MixAll.CLIENT_INNER_PRODUCER_GROUP));
            innerProducer.startInner();
        }
        return innerProducer;
    }

    void notePublishedTopic(String topic) {
        producerTopics.add(topic);
    }

    // ---- routes ------------------------------------------------------------------------------

    /**
     * Fetches a topic's route from the NameServers (trying each once, starting from the current
     * one); {@code onRoute} gets the route, or null when the topic does not exist.
     */
    void fetchRoute(String topic, BiConsumer<TopicRouteData, ClientException> onRoute) {
        fetchRoute(topic, 0, onRoute);
    }

    private void fetchRoute(String topic, int attempt, BiConsumer<TopicRouteData, ClientException> onRoute) {
        List<Address> namesrvs = config.namesrvAddrs();
        if (attempt >= namesrvs.size()) {
            onRoute.accept(null, new ClientException(-1, "no NameServer reachable at " + namesrvs
                    + " to look up the route of topic " + topic));
            return;
        }
        Address namesrv = namesrvs.get(Math.floorMod(namesrvIndex, namesrvs.size()));
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                new GetRouteInfoRequestHeader(topic, null));
        rpc.call(namesrv.toString(), request, config.mqClientApiTimeoutMs(), response -> {
            if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
                onRoute.accept(null, null);
            } else if (response.code() != ResponseCode.SUCCESS) {
                onRoute.accept(null, new ClientException(response.code(), response.remark()));
            } else {
                try {
                    TopicRouteData route = Json.read(response.bodyBytes(), TopicRouteData.class);
                    routes.update(topic, route);
                    onRoute.accept(route, null);
                } catch (BodyException e) {
                    onRoute.accept(null, new ClientException(-1, "bad route body from " + namesrv + ": " + e.getMessage()));
                }
            }
        }, error -> {
            namesrvIndex++;
            if (attempt + 1 < namesrvs.size()) {
                env.log().probe("client-route-namesrv-failover");
            }
            fetchRoute(topic, attempt + 1, onRoute);
        });
    }

    private void periodicRouteUpdate() {
        if (stopped) {
            return;
        }
        Set<String> topics = new LinkedHashSet<>(producerTopics);
        consumers.values().forEach(c -> topics.addAll(c.subscribedTopics()));
        for (String topic : topics) {
            fetchRoute(topic, (route, error) -> {
                if (route == null && error == null) {
                    routes.remove(topic);
                }
            });
        }
        env.scheduler().schedule(config.pollNameServerIntervalMs(), this::periodicRouteUpdate);
    }

    // ---- heartbeats and periodic consumer work ---------------------------------------------

    HeartbeatData heartbeatData() {
        Set<ProducerData> producerData = new LinkedHashSet<>();
        producers.keySet().forEach(g -> producerData.add(new ProducerData(g)));
        if (!consumers.isEmpty()) {
            producerData.add(new ProducerData(MixAll.CLIENT_INNER_PRODUCER_GROUP));
        }
        Set<ConsumerData> consumerData = new LinkedHashSet<>();
        consumers.values().forEach(c -> consumerData.add(c.heartbeatData()));
        return new HeartbeatData(clientId(), producerData, consumerData);
    }

    /** Sends a heartbeat to every broker (only masters when this instance has no consumers). */
    void heartbeatAll() {
        heartbeatAll(() -> { });
    }

    /** Like {@link #heartbeatAll()}; {@code done} runs once every broker answered or failed. */
    void heartbeatAll(Runnable done) {
        List<String> addresses = stopped ? List.of() : routes.brokerAddresses(consumers.isEmpty());
        if (addresses.isEmpty()) {
            done.run();
            return;
        }
        byte[] body = Json.write(heartbeatData());
        FanIn answered = new FanIn("heartbeats", addresses.size(), done);
        Runnable one = answered::arrive;
        for (String address : addresses) {
            rpc.call(address, RemotingCommand.request(RequestCode.HEART_BEAT, null).body(body),
                    config.mqClientApiTimeoutMs(), response -> {
                        if (response.code() != ResponseCode.SUCCESS) {
                            env.log().warn("heartbeat to {} refused: {} {}", address, response.code(), response.remark());
                        }
                        one.run();
                    }, error -> {
                        env.log().debug("heartbeat: {}", error.getMessage());
                        one.run();
                    });
        }
    }

    private void periodicHeartbeat() {
        if (stopped) {
            return;
        }
        heartbeatAll();
        env.scheduler().schedule(config.heartbeatBrokerIntervalMs(), this::periodicHeartbeat);
    }

    private void periodicPersist() {
        if (stopped) {
            return;
        }
        consumers.values().forEach(c -> c.persistOffsets(() -> { }));
        env.scheduler().schedule(config.persistConsumerOffsetIntervalMs(), this::periodicPersist);
    }

    private void periodicRebalance() {
        if (stopped) {
            return;
        }
        rebalanceAll();
        env.scheduler().schedule(REBALANCE_INTERVAL_MS, this::periodicRebalance);
    }

    void rebalanceAll() {
        new ArrayList<>(consumers.values()).forEach(ConsumerMember::rebalance);
    }

    // ---- shutdown ----------------------------------------------------------------------------

    /** Unregisters a group from every broker (UNREGISTER_CLIENT), then runs {@code done}. */
    void unregister(String producerGroup, String consumerGroup, Runnable done) {
        List<String> addresses = routes.brokerAddresses(false);
        if (addresses.isEmpty()) {
            done.run();
            return;
        }
        FanIn answered = new FanIn("unregistrations", addresses.size(), done);
        for (String address : addresses) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT,
                    new UnregisterClientRequestHeader(clientId(), producerGroup, consumerGroup));
            rpc.call(address, request, config.mqClientApiTimeoutMs(), r -> answered.arrive(), e -> answered.arrive());
        }
    }

    void removeProducer(String group) {
        producers.remove(group);
        stopIfIdle();
    }

    void removeConsumer(String group) {
        consumers.remove(group);
        stopIfIdle();
    }

    /** Stops the instance's periodic work and closes its connections (its node is shutting down). */
    void close() {
        stopped = true;
        remoting.stop();
    }

    private void stopIfIdle() {
        if (producers.isEmpty() && consumers.isEmpty()) {
            stopped = true;
            remoting.stop();
        }
    }

    Map<String, Producer> producers() {
        return new LinkedHashMap<>(producers);
    }
}
