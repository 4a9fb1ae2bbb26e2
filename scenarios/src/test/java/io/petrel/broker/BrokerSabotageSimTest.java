package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sabotage switches a Broker is built with reach the part they break: the broker's own
 * (DROP_NOTIFY_CONSUMER_IDS_CHANGED) and one handed to its store (ACK_SYNC_FLUSH_BEFORE_FORCE).
 * Each situation runs once without and once with the switch.
 */
class BrokerSabotageSimTest {

    /** One NameServer, broker-a built with {@code sabotage}, two protocol drivers. */
    private static final class World implements AutoCloseable {
        final Simulator sim;
        final SimCluster cluster;
        final SimNode first;
        final SimNode second;

        World(long seed, Map<String, String> overrides, Set<Sabotage> sabotage) {
            sim = new Simulator(seed);
            cluster = new SimCluster(sim);
            cluster.addNamesrv();
            cluster.addBroker("broker-a", overrides, sabotage);
            first = sim.addNode("driver-1", "10.0.9.1", ProtocolDriver::new);
            second = sim.addNode("driver-2", "10.0.9.2", ProtocolDriver::new);
            first.start();
            second.start();
            cluster.awaitReady(30_000);
        }

        RemotingCommand call(SimNode from, RemotingCommand request) {
            return ProtocolDriver.call(sim, from, cluster.brokerAddress("broker-a"), request);
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    /** How many NOTIFY_CONSUMER_IDS_CHANGED the first member got when a second joined. */
    private static int notificationsWhenASecondMemberJoins(Set<Sabotage> sabotage) {
        try (World w = new World(61, Map.of(), sabotage)) {
            w.call(w.first, BrokerFixture.heartbeat("client-1", "CG", "Members"));
            int before = w.first.nodeAs(ProtocolDriver.class).notifications().size();
            w.call(w.second, BrokerFixture.heartbeat("client-2", "CG", "Members"));
            w.sim.runFor(1_000);
            return w.first.nodeAs(ProtocolDriver.class).notifications().size() - before;
        }
    }

    @Test
    void dropNotifyConsumerIdsChangedLeavesMembersUntold() {
        assertThat(notificationsWhenASecondMemberJoins(Sabotage.none())).isPositive();
        assertThat(notificationsWhenASecondMemberJoins(EnumSet.of(Sabotage.DROP_NOTIFY_CONSUMER_IDS_CHANGED))).isZero();
    }

    /** The response code of a SYNC_FLUSH send whose force takes longer than syncFlushTimeout. */
    private static int syncSendWithAForceSlowerThanTheTimeout(Set<Sabotage> sabotage) {
        try (World w = new World(62, Map.of("flushDiskType", "SYNC_FLUSH"), sabotage)) {
            RemotingCommand created = w.call(w.first, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                    new CreateTopicRequestHeader("Durable", "TBW102", 1, 1, 6, "SINGLE_TAG", 0, false)));
            assertThat(created.code()).isEqualTo(ResponseCode.SUCCESS);
            w.cluster.broker("broker-a").disk().faults().slowForces(6_000);
            return w.call(w.first, BrokerSimTest.sendRequest("Durable", 0, "must be durable", Map.of())).code();
        }
    }

    @Test
    void ackSyncFlushBeforeForceReachesTheStoreThroughTheBroker() {
        assertThat(syncSendWithAForceSlowerThanTheTimeout(Sabotage.none())).isEqualTo(ResponseCode.FLUSH_DISK_TIMEOUT);
        assertThat(syncSendWithAForceSlowerThanTheTimeout(EnumSet.of(Sabotage.ACK_SYNC_FLUSH_BEFORE_FORCE)))
                .isEqualTo(ResponseCode.SUCCESS);
    }

    /** No properties file can switch sabotage on: no key of the broker's (or the store's) registry names one. */
    @Test
    void noConfigurationKeyReachesASabotageSwitch() {
        assertThat(BrokerConfig.REGISTRY.keys()).extracting(k -> k.name().toLowerCase(Locale.ROOT))
                .isNotEmpty().noneMatch(name -> name.contains("sabotage"))
                .noneMatch(name -> EnumSet.allOf(Sabotage.class).stream()
                        .anyMatch(s -> name.equals(s.name().replace("_", "").toLowerCase(Locale.ROOT))));
        assertThat(BrokerConfig.REGISTRY.find("sabotage")).isNull();
    }
}
