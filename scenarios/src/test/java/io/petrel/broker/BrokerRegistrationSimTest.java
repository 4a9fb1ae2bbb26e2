package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.namesrv.NameServer;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingServer;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerResponseHeader;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
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

    /** A NameServer stand-in that only notes the virtual time of every REGISTER_BROKER and says yes. */
    static final class CountingNamesrv implements Node {
        static final String HOST = "10.0.1.9";
        private final Env env;
        final List<Long> registeredAtMs = new ArrayList<>();
        private RemotingServer server;

        CountingNamesrv(Env env) {
            this.env = env;
        }

        @Override
        public void start() {
            RequestDispatcher d = new RequestDispatcher(env).register(RequestCode.REGISTER_BROKER, (ch, req) -> {
                registeredAtMs.add(env.clock().nanoTime() / 1_000_000);
                ch.reply(req, RemotingCommand.success().header(new RegisterBrokerResponseHeader(null, null)));
            });
            server = new RemotingServer(env, d, 120_000);
            server.listen(new Address(HOST, SimCluster.NAMESRV_PORT));
        }

        @Override
        public void shutdown(Runnable done) {
            server.stop();
            done.run();
        }
    }

    @Test
    void theBrokerReRegistersEveryTenSecondsByDefault() {
        sim = new Simulator(1201);
        SimCluster cluster = new SimCluster(sim);
        cluster.addNamesrv();
        SimNode counter = sim.addNode("counting-namesrv", CountingNamesrv.HOST, CountingNamesrv::new);
        counter.start();
        cluster.addBroker("broker-a", Map.of("namesrvAddr",
                cluster.namesrvAddr() + ";" + CountingNamesrv.HOST + ":" + SimCluster.NAMESRV_PORT));
        cluster.awaitReady(30_000);
        assertThat(cluster.broker("broker-a").nodeAs(Broker.class).settings().registerPeriodMs())
                .as("registerNameServerPeriod default").isEqualTo(10_000);

        sim.runFor(5_000);
        List<Long> times = counter.nodeAs(CountingNamesrv.class).registeredAtMs;
        int before = times.size();
        sim.runFor(60_000);
        List<Long> periodic = new ArrayList<>(times.subList(before, times.size()));
        assertThat(periodic).as("six periods in a minute").hasSize(6);
        for (int i = 1; i < periodic.size(); i++) {
            assertThat(periodic.get(i) - periodic.get(i - 1)).as("gap %d", i).isBetween(9_900L, 10_100L);
        }
        assertThat(cluster.namesrvs().get(0).nodeAs(NameServer.class).routes().liveBrokerCount())
                .as("the real NameServer keeps it alive").isEqualTo(1);
    }
}
