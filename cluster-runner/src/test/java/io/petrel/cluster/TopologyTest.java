package io.petrel.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a launcher is asked to start, checked before anything starts: bad input is refused by name. */
class TopologyTest {

    @TempDir
    Path dir;

    @Test
    void aShippedConfSetStartsOneNameServerAndItsMastersBeforeTheirSlaves() {
        Topology sync = Topology.confSet(TestRuns.home(), "2m-2s-sync");

        assertThat(sync.namesrvs()).isEqualTo(1);
        assertThat(sync.brokers()).extracting(BrokerSpec::name).containsExactly("broker-a", "broker-b", "broker-a-s", "broker-b-s");
        assertThat(sync.brokers()).extracting(BrokerSpec::shippedFile).first().isEqualTo("2m-2s-sync/broker-a.properties");
        Topology two = sync.withNamesrvs(2).only("broker-a", "broker-a-s").withBrokerProperties(Map.of("flushDiskType", "SYNC_FLUSH"));
        assertThat(two.namesrvs()).isEqualTo(2);
        assertThat(two.brokers()).extracting(BrokerSpec::name).containsExactly("broker-a", "broker-a-s");
        assertThat(two.brokers()).allSatisfy(b -> assertThat(b.properties()).containsEntry("flushDiskType", "SYNC_FLUSH"));
    }

    @Test
    void anUnknownConfSetIsRefusedNamingTheSetsThereAre() {
        assertThatThrownBy(() -> Topology.confSet(TestRuns.home(), "3m-noslave")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no conf set '3m-noslave'").hasMessageContaining("2m-2s-async, 2m-2s-sync, 2m-noslave");
        assertThatThrownBy(() -> Topology.confSet(TestRuns.home(), "../conf")).hasMessageContaining("no conf set '../conf'");
    }

    @Test
    void badTopologiesAreRefusedByName() {
        Topology noslave = Topology.confSet(TestRuns.home(), "2m-noslave");
        assertThatThrownBy(() -> noslave.only("broker-c")).hasMessage("no broker 'broker-c' in this topology: it has [broker-a, broker-b]");
        assertThatThrownBy(() -> noslave.withNamesrvs(0)).hasMessage("a topology needs at least one NameServer, not 0");
        assertThatThrownBy(() -> Topology.of(1, List.of(BrokerSpec.generated("b", Map.of()), BrokerSpec.generated("b", Map.of()))))
                .hasMessage("two brokers are called 'b'");
        assertThatThrownBy(() -> BrokerSpec.generated("broker a", Map.of()))
                .hasMessage("a node's name may hold letters, digits, '.', '_' and '-' only, not 'broker a'");
    }

    @Test
    void aBrokerMayNotChooseThePortsAndPathsOfTheRun() {
        try (ProcessCluster cluster = ProcessCluster.open(TestRuns.settings(dir))) {
            assertThatThrownBy(() -> cluster.startBroker(BrokerSpec.generated("b", Map.of("namesrvAddr", "127.0.0.1:1",
                    "listenPort", "10911", "storePathRootDir", "/tmp/elsewhere"))))
                    .hasMessage("b sets listenPort, storePathRootDir: the launcher chooses a node's ports, addresses and paths"
                            + " for each run");
            assertThatThrownBy(() -> cluster.startBroker(BrokerSpec.generated("b", Map.of())))
                    .hasMessage("start a NameServer before broker b, or give it namesrvAddr");
            assertThatThrownBy(() -> cluster.node("namesrv-1")).hasMessage("no node 'namesrv-1' in this cluster: it has []");
            assertThat(cluster.nodes()).isEmpty();
        }
    }

    @Test
    void runSettingsRefuseAHomeWithoutTheScriptsAndBadBounds() {
        assertThatThrownBy(() -> RunSettings.of(dir, dir))
                .hasMessage("home " + dir + " is not a Petrel installation: it has no bin/mqnamesrv");
        assertThatThrownBy(() -> TestRuns.settings(dir).withMaxHeapMb(-1))
                .hasMessage("maxHeapMb must be 0 (the scripts' sizing) or more, not -1");
    }
}
