package io.petrel.scenarios.fuzz;

import io.petrel.acl.AclSigner;
import io.petrel.broker.Broker;
import io.petrel.common.MessageQueue;
import io.petrel.common.Json;
import io.petrel.common.Sabotage;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.GroupSpec;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.world.SimWorldNode;
import io.petrel.scenarios.world.World;
import io.petrel.scenarios.world.WorldNode;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The nodes of one fuzz scenario and the applications running on the client nodes: NameServers,
 * brokers (broker-a, broker-b, ... with the plan's flush types), the planned producers and consumer
 * group members, and the topics created on every broker. Applications are rebuilt at every start
 * of their node, and the world always knows the current one.
 */
final class FuzzWorld implements World {

    final Simulator sim;
    final FuzzPlan plan;
    final History history;
    final SimCluster cluster;
    final List<SimNode> producers = new ArrayList<>();
    final Map<String, List<SimNode>> members = new LinkedHashMap<>();
    final Map<String, FuzzProducerApp> producerApps = new TreeMap<>();
    final Map<String, FuzzConsumerApp> consumerApps = new TreeMap<>();
    private final List<MessageQueue> orderQueues = new ArrayList<>();
    private final Set<Sabotage> sabotage;
    private SimNode driver;
    private SimNode intruder;

    FuzzWorld(Simulator sim, FuzzPlan plan, History history, Set<Sabotage> sabotage) {
        this.sim = sim;
        this.plan = plan;
        this.history = history;
        this.sabotage = sabotage;
        this.cluster = new SimCluster(sim);
    }

    void build() {
        if (plan.acl().enabled()) {
            cluster.installOnBrokers(FuzzAcl.FILE, FuzzAcl.file(plan.groups().stream().map(FuzzPlan.GroupPlan::group).toList()))
                    .signClientsWith(FuzzAcl.APP);
        }
        for (int i = 0; i < plan.namesrvs(); i++) {
            cluster.addNamesrv();
        }
        for (int i = 0; i < plan.brokerFlushTypes().size(); i++) {
            String name = "broker-" + (char) ('a' + i);
            String flush = plan.brokerFlushTypes().get(i);
            FuzzPlan.ReplicaPlan replica = plan.replicas().get(i);
            String slaveRead = String.valueOf(replica.slaveRead());
            cluster.addBroker(name, storeProperties(Map.of("flushDiskType", flush, "brokerRole", replica.role(),
                    "slaveReadEnable", slaveRead)), sabotage);
            history.broker(name, flush);
            if (replica.hasSlave()) {
                SimNode slave = cluster.addSlave(name, storeProperties(Map.of("flushDiskType", replica.slaveFlush(),
                        "slaveReadEnable", slaveRead)), sabotage);
                history.replica(name, replica.role(), slave.name(), replica.slaveFlush());
            }
            for (int q = 0; q < plan.queuesPerBroker(); q++) {
                orderQueues.add(new MessageQueue(FuzzPlan.ORDER_TOPIC, name, q));
            }
        }
        driver = sim.addNode("driver", "10.0.9.1", ProtocolDriver::new);
        driver.start();
        cluster.awaitReady(60_000);
        createTopics();
        for (int i = 0; i < plan.producers().size(); i++) {
            FuzzPlan.ProducerPlan p = plan.producers().get(i);
            double transactional = plan.transactions().weight(i);
            producers.add(cluster.addClient(p.name(), sabotage, node -> {
                FuzzProducerApp app = new FuzzProducerApp(node, p, transactional, history, orderQueues, sim::elapsedMs);
                producerApps.put(p.name(), app);
                app.start();
            }));
        }
        for (FuzzPlan.GroupPlan g : plan.groups()) {
            members.put(g.group(), new ArrayList<>());
            for (int i = 0; i < g.initialMembers(); i++) {
                addMember(g);
            }
        }
        registerGroups();
        if (plan.acl().enabled()) {
            List<Address> targets = brokerNodes().stream().map(n -> new Address(n.host(), SimCluster.BROKER_PORT)).toList();
            intruder = sim.addNode("intruder", FuzzAcl.INTRUDER_HOST,
                    env -> new FuzzIntruder(env, targets, plan.acl().intrusionsPerSecond(), history));
            intruder.start();
        }
    }

    /** The intruder sends nothing more (the run heals). */
    void stopIntruder() {
        if (intruder != null && intruder.isUp()) {
            intruder.nodeAs(FuzzIntruder.class).stop();
        }
    }

    /** A set-up request from the driver, signed as the admin when ACL is on. */
    private RemotingCommand call(String broker, RemotingCommand request) {
        if (plan.acl().enabled()) {
            AclSigner.sign(request, FuzzAcl.ADMIN);
        }
        return ProtocolDriver.call(sim, driver, cluster.brokerAddress(broker), request);
    }

    /** {@code properties} with the plan's store files and retention (versions 1 and 2 set only the file size, as they did). */
    private Map<String, String> storeProperties(Map<String, String> properties) {
        Map<String, String> all = new TreeMap<>(properties);
        FuzzPlan.StorePlan store = plan.store();
        all.put("mapedFileSizeCommitLog", String.valueOf(store.commitLogFileBytes()));
        if (plan.acl().enabled()) {
            all.put("aclEnable", "true");
        }
        if (plan.transactions().any()) {
            all.put("transactionCheckInterval", String.valueOf(plan.transactions().checkIntervalMs()));
            all.put("transactionTimeOut", String.valueOf(plan.transactions().timeoutMs()));
        }
        if (store.equals(FuzzPlan.StorePlan.CLASSIC)) {
            return all;
        }
        all.put("mapedFileSizeConsumeQueue", String.valueOf(store.consumeQueueEntries() * 20));
        all.put("deleteWhen", store.deleteWhen());
        all.put("fileReservedTime", String.valueOf(store.fileReservedHours()));
        return all;
    }

    private void createTopics() {
        List<String> topics = plan.acl().enabled() ? List.of(FuzzPlan.TOPIC, FuzzPlan.ORDER_TOPIC, FuzzAcl.VICTIM_TOPIC)
                : List.of(FuzzPlan.TOPIC, FuzzPlan.ORDER_TOPIC);
        for (String broker : cluster.brokers().keySet()) {
            for (String topic : topics) {
                RemotingCommand answer = call(broker,
                        RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, new CreateTopicRequestHeader(topic,
                                "TBW102", plan.queuesPerBroker(), plan.queuesPerBroker(), 6, "SINGLE_TAG", 0, false)));
                if (answer.code() != ResponseCode.SUCCESS) {
                    throw new IllegalStateException("could not create " + topic + " on " + broker + ": " + answer.remark());
                }
            }
        }
        readFromSlaves();
        sim.runFor(1_000);
    }

    /** Where a pair serves reads from its slave, every group's brokerId is 1 there (updateSubGroup -i 1). */
    private void readFromSlaves() {
        List<String> names = new ArrayList<>(cluster.brokers().keySet());
        for (int i = 0; i < names.size(); i++) {
            if (!plan.replicas().get(i).slaveRead()) {
                continue;
            }
            for (FuzzPlan.GroupPlan g : plan.groups()) {
                SubscriptionGroupConfig d = SubscriptionGroupConfig.defaults(g.group());
                SubscriptionGroupConfig fromSlave = new SubscriptionGroupConfig(d.groupName(), d.consumeEnable(),
                        d.consumeFromMinEnable(), d.consumeBroadcastEnable(), d.retryQueueNums(), d.retryMaxTimes(), 1,
                        d.whichBrokerWhenConsumeSlowly(), d.notifyConsumerIdsChangedEnable());
                RemotingCommand answer = call(names.get(i),
                        RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null)
                                .body(Json.write(fromSlave)));
                if (answer.code() != ResponseCode.SUCCESS) {
                    throw new IllegalStateException("could not create group " + g.group() + ": " + answer.remark());
                }
            }
        }
    }

    /** Adds (and starts) one more member of a group; false when the group is at its maximum. */
    boolean addMember(FuzzPlan.GroupPlan g) {
        List<SimNode> list = members.get(g.group());
        if (list.size() >= g.maxMembers()) {
            return false;
        }
        String name = g.group() + "-" + (list.size() + 1);
        list.add(cluster.addClient(name, sabotage, node -> {
            FuzzConsumerApp app = new FuzzConsumerApp(node, g, history, sim::elapsedMs, plan.seed().version() >= 3);
            consumerApps.put(name, app);
            app.start();
        }));
        registerGroups();
        return true;
    }

    void registerGroups() {
        for (FuzzPlan.GroupPlan g : plan.groups()) {
            List<String> names = members.getOrDefault(g.group(), List.of()).stream().map(SimNode::name).toList();
            history.group(new GroupSpec(g.group(), g.kind(), new TreeSet<>(g.topics()), g.maxReconsumeTimes(), names));
        }
    }

    FuzzPlan.GroupPlan group(String name) {
        return plan.groups().stream().filter(g -> g.group().equals(name)).findFirst().orElseThrow();
    }

    /** NameServers, masters and slaves. */
    List<SimNode> servers() {
        List<SimNode> servers = new ArrayList<>(cluster.namesrvs());
        servers.addAll(brokerNodes());
        return servers;
    }

    /** The masters, one per broker name (what producers and consumers use). */
    List<SimNode> brokers() {
        return new ArrayList<>(cluster.brokers().values());
    }

    /** The slaves, by the broker name they replicate. */
    Map<String, SimNode> slaves() {
        return cluster.slaves();
    }

    /** Masters and slaves: every node with a store. */
    List<SimNode> brokerNodes() {
        List<SimNode> nodes = brokers();
        nodes.addAll(cluster.slaves().values());
        return nodes;
    }

    @Override
    public long nowMs() {
        return sim.elapsedMs();
    }

    @Override
    public void schedule(long delayMs, Runnable action) {
        sim.schedule(delayMs, action);
    }

    @Override
    public List<WorldNode> serverNodes() {
        return servers().stream().<WorldNode>map(SimWorldNode::new).toList();
    }

    @Override
    public List<WorldNode> clientNodes() {
        return clients().stream().<WorldNode>map(SimWorldNode::new).toList();
    }

    List<SimNode> clients() {
        return new ArrayList<>(cluster.clients().values());
    }

    /** Every node that takes part (the set-up driver excluded). */
    List<SimNode> everyone() {
        List<SimNode> all = servers();
        all.addAll(clients());
        return all;
    }

    Broker broker(SimNode node) {
        return node.isUp() && node.node() != null ? node.nodeAs(Broker.class) : null;
    }

    /** The queues of a topic on every broker. */
    List<MessageQueue> queues(String topic) {
        List<MessageQueue> queues = new ArrayList<>();
        for (String broker : cluster.brokers().keySet()) {
            for (int q = 0; q < plan.queuesPerBroker(); q++) {
                queues.add(new MessageQueue(topic, broker, q));
            }
        }
        return queues;
    }

    /** The app of a member node while it is up, else null. */
    FuzzConsumerApp app(SimNode member) {
        return member.isUp() && member.node() != null ? consumerApps.get(member.name()) : null;
    }

    boolean isClustering(FuzzPlan.GroupPlan g) {
        return g.kind() != ConsumerKind.BROADCASTING;
    }
}
