package io.petrel.namesrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.DataVersion;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RouteInfoManager#invariants}: the cluster, broker and topic tables agree. */
class RouteInfoManagerInvariantsTest {

    private static TopicConfigSerializeWrapper topics(long counter) {
        return new TopicConfigSerializeWrapper(Map.of("Orders", TopicConfig.of("Orders", 4, 4, 6)),
                new DataVersion(1_000, counter));
    }

    @Test
    void holdsAcrossRegistrationExpiryAndDeletion() {
        RouteInfoManager routes = new RouteInfoManager();
        routes.register("c1", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912", topics(1), "ch-a", 0);
        routes.register("c1", "10.0.0.2:10911", "broker-a", 1, "10.0.0.2:10912", null, "ch-a1", 0);
        routes.register("c1", "10.0.0.3:10911", "broker-b", 0, "10.0.0.3:10912", topics(1), "ch-b", 0);
        routes.invariants();
        routes.unregister("10.0.0.1:10911", "broker-a", 0);
        routes.invariants();
        routes.expire(200_000_000_000L, 120_000);
        routes.invariants();
        assertThat(routes.clusterInfo().brokerAddrTable()).isEmpty();
        assertThat(routes.allTopics()).isEmpty();
    }

    /**
     * A broker re-registered under another cluster name is listed by both clusters (as in RocketMQ).
     * Once it was gone, only its first cluster forgot it: the second kept listing a broker without a
     * group, and mqadmin clusterList showed a ghost. The invariant found it; every cluster forgets it now.
     */
    @Test
    void aBrokerThatMovedClustersLeavesNoGhostInEitherWhenItGoes() {
        RouteInfoManager routes = new RouteInfoManager();
        routes.register("c1", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912", topics(1), "ch", 0);
        routes.register("c2", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912", topics(2), "ch", 1);
        routes.invariants();
        routes.unregister("10.0.0.1:10911", "broker-a", 0);
        routes.invariants();
        assertThat(routes.clusterInfo().clusterAddrTable()).isEmpty();
    }
}
