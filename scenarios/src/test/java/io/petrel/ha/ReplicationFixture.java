package io.petrel.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.Broker;
import io.petrel.common.Sabotage;
import io.petrel.common.message.MessageProperties;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import io.petrel.store.MessageStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One NameServer, broker-a as master and its slave, and a protocol driver, on the simulator. */
final class ReplicationFixture implements AutoCloseable {

    static final String BROKER = "broker-a";
    static final String SLAVE = SimCluster.slaveNodeName(BROKER);

    final Simulator sim;
    final SimCluster cluster;
    final SimNode driver;

    ReplicationFixture(long seed, Map<String, String> masterOverrides, Map<String, String> slaveOverrides,
            Set<Sabotage> sabotage) {
        sim = new Simulator(seed);
        cluster = new SimCluster(sim);
        cluster.addNamesrv();
        cluster.addBroker(BROKER, masterOverrides, sabotage);
        cluster.addSlave(BROKER, slaveOverrides, sabotage);
        driver = sim.addNode("driver", "10.0.9.1", ProtocolDriver::new);
        driver.start();
        cluster.awaitReady(30_000);
        awaitStreaming(30_000);
    }

    /** Runs until the master streams to its slave (a slave that connects to a busy master gets only its last file). */
    void awaitStreaming(long maxMs) {
        boolean streaming = sim.runUntil(() -> cluster.broker(BROKER).node() != null
                && broker(BROKER).haStreamingSlaves() == 1, maxMs);
        assertThat(streaming).as("the slave streams from its master").isTrue();
    }

    MessageStore store(String node) {
        return cluster.broker(node).nodeAs(Broker.class).store();
    }

    Broker broker(String node) {
        return cluster.broker(node).nodeAs(Broker.class);
    }

    RemotingCommand call(String node, RemotingCommand request) {
        return ProtocolDriver.call(sim, driver, cluster.brokerAddress(node), request);
    }

    void createTopic(String topic, int queues) {
        RemotingCommand r = call(BROKER, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader(topic, "TBW102", queues, queues, 6, "SINGLE_TAG", 0, false)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    static RemotingCommand sendRequest(String topic, int queueId, String body) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG", topic, "TBW102",
                4, queueId, 0, 1_700_000_000_000L, 0, MessageProperties.encode(new LinkedHashMap<>()), 0, false, null,
                false, BROKER)).body(body.getBytes(StandardCharsets.UTF_8));
    }

    RemotingCommand send(String topic, int queueId, String body) {
        return call(BROKER, sendRequest(topic, queueId, body));
    }

    /** Runs until the slave's commit log ends where the master's does, at most {@code maxMs}. */
    boolean awaitCaughtUp(long maxMs) {
        return sim.runUntil(() -> cluster.broker(SLAVE).isUp() && cluster.broker(SLAVE).node() != null
                && store(SLAVE).getMaxPhyOffset() == store(BROKER).getMaxPhyOffset(), maxMs);
    }

    /** The commit-log bytes of {@code node} in [from, to), read through the store. */
    byte[] bytes(String node, long from, long to) {
        ByteBuffer out = ByteBuffer.allocate((int) (to - from));
        long at = from;
        while (at < to) {
            ByteBuffer chunk = store(node).replication().readTail(at, (int) Math.min(64 * 1024, to - at));
            if (chunk == null) {
                break;
            }
            at += chunk.remaining();
            out.put(chunk);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    @Override
    public void close() {
        sim.close();
    }
}
