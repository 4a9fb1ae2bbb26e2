package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.namesrv.NameServer;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A broker with many topics (issue 20): a topic created or updated through the admin API is
 * registered alone (RocketMQ's {@code registerIncrementBrokerData}), so creating topic after topic
 * costs each NameServer one topic instead of the whole table each time; the periodic registration
 * still carries the whole table, compressed when {@code compressedRegister=true}, and a NameServer
 * that lost its state learns every topic from it even when an increment reached it first.
 */
class ManyTopicsRegistrationSimTest {

    private static final int TOPICS = 120;

    private Simulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest(name = "compressedRegister={0}")
    @ValueSource(booleans = {false, true})
    void eachCreatedTopicIsRegisteredAloneAndThePeriodicRegistrationCarriesTheWholeTable(boolean compressed) {
        sim = new Simulator(2001);
        SimCluster cluster = new SimCluster(sim);
        cluster.addNamesrv();
        SimNode recorder = sim.addNode("recording-namesrv", RecordingNamesrv.HOST, RecordingNamesrv::new);
        recorder.start();
        cluster.addBroker("broker-a", Map.of("compressedRegister", Boolean.toString(compressed), "namesrvAddr",
                cluster.namesrvAddr() + ";" + RecordingNamesrv.HOST + ":" + SimCluster.NAMESRV_PORT));
        cluster.awaitReady(30_000);
        SimNode driver = sim.addNode("driver", "10.0.9.1", ProtocolDriver::new);
        driver.start();
        sim.runFor(10);
        List<RecordingNamesrv.Arrival> arrivals = recorder.nodeAs(RecordingNamesrv.class).arrivals;
        int before = arrivals.size();

        for (int i = 0; i < TOPICS; i++) {
            createTopic(cluster, driver, "Many" + i);
        }
        sim.runFor(100);

        List<RecordingNamesrv.Arrival> increments = new ArrayList<>(arrivals.subList(before, before + TOPICS));
        for (int i = 0; i < TOPICS; i++) {
            RecordingNamesrv.Arrival a = increments.get(i);
            assertThat(a.compressed()).as("registration after create %d", i).isEqualTo(compressed);
            assertThat(a.topics()).as("registration after create %d", i).containsExactly("Many" + i);
        }
        NameServer namesrv = cluster.namesrvs().get(0).nodeAs(NameServer.class);
        for (int i = 0; i < TOPICS; i++) {
            assertThat(namesrv.routes().route("Many" + i, null)).as("route of Many%d", i).isNotNull();
        }
        sim.runFor(10_000);
        RecordingNamesrv.Arrival periodic = arrivals.get(arrivals.size() - 1);
        assertThat(periodic.compressed()).isEqualTo(compressed);
        assertThat(periodic.topics()).as("the periodic registration holds the whole table").hasSizeGreaterThan(TOPICS)
                .contains("Many0", "Many" + (TOPICS - 1));
    }

    @ParameterizedTest(name = "compressedRegister={0}")
    @ValueSource(booleans = {false, true})
    void aNameServerThatLostItsTopicsLearnsThemAllFromTheNextPeriodicRegistration(boolean compressed) {
        sim = new Simulator(2002);
        SimCluster cluster = new SimCluster(sim);
        SimNode namesrvNode = cluster.addNamesrv();
        cluster.addBroker("broker-a", Map.of("compressedRegister", Boolean.toString(compressed)));
        cluster.awaitReady(30_000);
        SimNode driver = sim.addNode("driver", "10.0.9.1", ProtocolDriver::new);
        driver.start();
        sim.runFor(10);
        for (int i = 0; i < 20; i++) {
            createTopic(cluster, driver, "Old" + i);
        }
        namesrvNode.crash(CrashKind.PROCESS);
        namesrvNode.restart();
        sim.runFor(1_000);
        // The restarted NameServer hears of this broker first through an increment of one topic.
        createTopic(cluster, driver, "New");
        sim.runFor(100);
        NameServer namesrv = namesrvNode.nodeAs(NameServer.class);
        assertThat(namesrv.routes().route("New", null)).isNotNull();

        sim.runFor(10_000);
        for (int i = 0; i < 20; i++) {
            assertThat(namesrv.routes().route("Old" + i, null)).as("route of Old%d after a periodic registration", i)
                    .isNotNull();
        }
    }

    private void createTopic(SimCluster cluster, SimNode driver, String topic) {
        RemotingCommand r = ProtocolDriver.call(sim, driver, cluster.brokerAddress("broker-a"),
                RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                        new CreateTopicRequestHeader(topic, "TBW102", 4, 4, 6, "SINGLE_TAG", 0, false)));
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
    }
}
