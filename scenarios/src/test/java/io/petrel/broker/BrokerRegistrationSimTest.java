package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.namesrv.NameServer;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker registers with every NameServer every registerNameServerPeriod (10 s by default, the
 * operators' expectation, not RocketMQ 4.9's 30 s), counted where the registrations arrive.
 */
class BrokerRegistrationSimTest {

    private Simulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theBrokerReRegistersEveryTenSecondsByDefault() {
        sim = new Simulator(1201);
        SimCluster cluster = new SimCluster(sim);
        cluster.addNamesrv();
        SimNode counter = sim.addNode("counting-namesrv", RecordingNamesrv.HOST, RecordingNamesrv::new);
        counter.start();
        cluster.addBroker("broker-a", Map.of("namesrvAddr",
                cluster.namesrvAddr() + ";" + RecordingNamesrv.HOST + ":" + SimCluster.NAMESRV_PORT));
        cluster.awaitReady(30_000);
        assertThat(cluster.broker("broker-a").nodeAs(Broker.class).settings().registerPeriodMs())
                .as("registerNameServerPeriod default").isEqualTo(10_000);

        sim.runFor(5_000);
        List<RecordingNamesrv.Arrival> arrivals = counter.nodeAs(RecordingNamesrv.class).arrivals;
        int before = arrivals.size();
        sim.runFor(60_000);
        List<Long> periodic = arrivals.subList(before, arrivals.size()).stream().map(RecordingNamesrv.Arrival::atMs).toList();
        assertThat(periodic).as("six periods in a minute").hasSize(6);
        for (int i = 1; i < periodic.size(); i++) {
            assertThat(periodic.get(i) - periodic.get(i - 1)).as("gap %d", i).isBetween(9_900L, 10_100L);
        }
        assertThat(cluster.namesrvs().get(0).nodeAs(NameServer.class).routes().liveBrokerCount())
                .as("the real NameServer keeps it alive").isEqualTo(1);
    }
}
