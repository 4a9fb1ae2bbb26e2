package io.petrel.client;

import io.petrel.common.Json;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetRouteInfoRequestHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A simulated cluster for client tests: two NameServers, masters broker-a and broker-b, a
 * protocol driver for set-up requests, and helpers that fail with the seed and the command that
 * replays the test.
 */
final class ClientFixture implements AutoCloseable {

    final Simulator sim;
    final SimCluster cluster;
    final SimNode driver;
    private final String testName;

    ClientFixture(long seed, String testName, Map<String, String> brokerOverrides) {
        this.testName = testName;
        this.sim = new Simulator(seed);
        this.cluster = new SimCluster(sim);
        cluster.addNamesrv();
        cluster.addNamesrv();
        cluster.addBroker("broker-a", brokerOverrides);
        cluster.addBroker("broker-b", brokerOverrides);
        driver = sim.addNode("driver", "10.0.9.1", ProtocolDriver::new);
        driver.start();
        cluster.awaitReady(30_000);
    }

    ClientFixture(long seed, String testName) {
        this(seed, testName, Map.of());
    }

    RemotingCommand call(Address to, RemotingCommand request) {
        return ProtocolDriver.call(sim, driver, to, request);
    }

    /** Creates {@code topic} with {@code queues} queues on both masters and waits until the NameServers route it. */
    void createTopic(String topic, int queues) {
        for (String broker : cluster.brokers().keySet()) {
            RemotingCommand answer = call(cluster.brokerAddress(broker), RemotingCommand.request(
                    RequestCode.UPDATE_AND_CREATE_TOPIC,
                    new CreateTopicRequestHeader(topic, "TBW102", queues, queues, 6, "SINGLE_TAG", 0, false)));
            check(answer.code() == ResponseCode.SUCCESS, "create topic " + topic + " on " + broker + ": " + answer.remark());
        }
        for (Address namesrv : cluster.namesrvAddresses()) {
            awaitTrue(() -> routedOnBoth(namesrv, topic), 10_000, "route of " + topic + " on " + namesrv);
        }
    }

    private boolean routedOnBoth(Address namesrv, String topic) {
        RemotingCommand answer = call(namesrv, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                new GetRouteInfoRequestHeader(topic, null)));
        if (answer.code() != ResponseCode.SUCCESS) {
            sim.runFor(200);
            return false;
        }
        boolean both = new String(answer.bodyBytes(), StandardCharsets.UTF_8).contains("broker-b")
                && new String(answer.bodyBytes(), StandardCharsets.UTF_8).contains("broker-a");
        if (!both) {
            sim.runFor(200);
        }
        return both;
    }

    /** Creates or updates a subscription group on both masters. */
    void createGroup(SubscriptionGroupConfig group) {
        for (String broker : cluster.brokers().keySet()) {
            RemotingCommand answer = call(cluster.brokerAddress(broker), RemotingCommand.request(
                    RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null).body(Json.write(group)));
            check(answer.code() == ResponseCode.SUCCESS, "create group on " + broker + ": " + answer.remark());
        }
    }

    /** Adds a client node and runs until it has started. */
    SimNode addClient(String name, Consumer<ClientNode> application) {
        SimNode node = cluster.addClient(name, application);
        awaitTrue(() -> node.node() != null, 1_000, name + " to start");
        return node;
    }

    /** Starts a stopped or crashed client node again and runs until it is up. */
    void start(SimNode node) {
        node.start();
        awaitTrue(() -> node.node() != null, 1_000, node.name() + " to start again");
    }

    ClientNode client(SimNode node) {
        return node.nodeAs(ClientNode.class);
    }

    /** Runs until {@code condition} holds, or fails naming {@code what}, the seed and the replay command. */
    void awaitTrue(BooleanSupplier condition, long maxMs, String what) {
        if (!sim.runUntil(condition, maxMs)) {
            throw failure("timed out after " + maxMs + " ms (virtual) waiting for " + what + sim.recentLogText());
        }
    }

    void check(boolean condition, String what) {
        if (!condition) {
            throw failure(what);
        }
    }

    AssertionError failure(String what) {
        return new AssertionError(what + "\n  seed=" + sim.seed() + "\n  reproduce with: mvn -pl scenarios -am test "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dtest=" + testName);
    }

    @Override
    public void close() {
        sim.close();
    }
}
