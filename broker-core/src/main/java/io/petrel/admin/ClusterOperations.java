package io.petrel.admin;

import io.petrel.common.BrokerData;
import io.petrel.common.ClusterInfo;
import io.petrel.env.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Cluster-wide reads and broker config: clusterList (every address's runtime info at once),
 * brokerStatus and getBrokerConfig of one broker or a whole cluster, updateBrokerConfig on one
 * broker or every master, and the store maintenance requests on one broker, a cluster or every
 * cluster ({@link #onBrokers}). Runs on the node's loop.
 */
public final class ClusterOperations {

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;
    private final Clock clock;

    ClusterOperations(NamesrvAdmin namesrv, BrokerAdmin broker, Clock clock) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.clock = clock;
    }

    /** clusterList: every broker address of every cluster with its runtime info. */
    public Promise<ClusterListing> clusterList() {
        return namesrv.clusterInfo().then(info -> {
            List<ClusterRow> skeleton = rows(info);
            List<Promise<Map<String, String>>> calls = new ArrayList<>();
            skeleton.forEach(r -> calls.add(broker.runtimeInfo(r.address())));
            return Promise.allSettled(calls).map(outcomes -> {
                List<ClusterRow> rows = new ArrayList<>();
                for (int i = 0; i < skeleton.size(); i++) {
                    ClusterRow r = skeleton.get(i);
                    rows.add(new ClusterRow(r.cluster(), r.brokerName(), r.brokerId(), r.address(), outcomes.get(i)));
                }
                return new ClusterListing(rows, clock.nowMs());
            });
        });
    }

    private static List<ClusterRow> rows(ClusterInfo info) {
        List<ClusterRow> rows = new ArrayList<>();
        TreeMap<String, BrokerData> brokers = ClusterView.sortedBrokers(info);
        TreeMap<String, TreeSet<String>> clusters = new TreeMap<>();
        if (info.clusterAddrTable() != null) {
            info.clusterAddrTable().forEach((c, names) -> clusters.put(c, new TreeSet<>(names)));
        }
        clusters.forEach((cluster, names) -> {
            for (String name : names) {
                BrokerData data = brokers.get(name);
                if (data != null) {
                    data.brokerAddrs().forEach((id, address) -> rows.add(new ClusterRow(cluster, name, id, address, null)));
                }
            }
        });
        return rows;
    }

    /** brokerStatus -b: one broker's runtime info, sorted by key. */
    public Promise<Map<String, String>> brokerStatus(String address) {
        return broker.runtimeInfo(address);
    }

    /** brokerStatus -c: every address (masters and slaves) of the cluster. */
    public Promise<List<PeerResult<Map<String, String>>>> brokerStatusOfCluster(String cluster) {
        return namesrv.clusterInfo().then(info -> TopicOperations.onEach(ClusterView.allAddresses(info, cluster),
                broker::runtimeInfo));
    }

    /** The master address of every broker group of the cluster, sorted; fails when it has none. */
    public Promise<List<String>> masters(String cluster) {
        return namesrv.clusterInfo().map(info -> ClusterView.masters(info, cluster));
    }

    /** getBrokerConfig -b. */
    public Promise<List<BrokerConfigSection>> brokerConfig(String address) {
        return broker.brokerConfig(address).settled()
                .map(config -> List.of(new BrokerConfigSection(address, null, false, config)));
    }

    /** getBrokerConfig -c: each master, then its slaves. */
    public Promise<List<BrokerConfigSection>> brokerConfigOfCluster(String cluster) {
        return namesrv.clusterInfo().then(info -> {
            List<String[]> targets = new ArrayList<>();
            ClusterView.mastersWithSlaves(info, cluster).forEach((master, slaves) -> {
                targets.add(new String[] {master, null});
                slaves.forEach(s -> targets.add(new String[] {s, master}));
            });
            List<Promise<Map<String, String>>> calls = new ArrayList<>();
            targets.forEach(t -> calls.add(broker.brokerConfig(t[0])));
            return Promise.allSettled(calls).map(outcomes -> {
                List<BrokerConfigSection> sections = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    sections.add(new BrokerConfigSection(targets.get(i)[0], targets.get(i)[1], true, outcomes.get(i)));
                }
                return sections;
            });
        });
    }

    /** updateBrokerConfig -b. */
    public Promise<List<PeerResult<Void>>> updateBrokerConfig(String address, String key, String value) {
        return TopicOperations.onEach(List.of(address), a -> broker.updateBrokerConfig(a, single(key, value)));
    }

    /** updateBrokerConfig -c: every master of the cluster. */
    public Promise<List<PeerResult<Void>>> updateBrokerConfigOfCluster(String cluster, String key, String value) {
        return namesrv.clusterInfo().then(info -> TopicOperations.onEach(ClusterView.masters(info, cluster),
                a -> broker.updateBrokerConfig(a, single(key, value))));
    }

    /**
     * Runs {@code request} on one broker ({@code brokerAddr}), on every address of {@code cluster}
     * (masters and slaves), or, when both are null, on every address of every cluster, as mqadmin's
     * cleanExpiredCQ, deleteExpiredCommitLog and cleanUnusedTopic do; one outcome per address, in
     * cluster, broker-name and id order. Fails when the cluster (or the NameServer) has no brokers.
     */
    public <T> Promise<List<PeerResult<T>>> onBrokers(String brokerAddr, String cluster,
            Function<String, Promise<T>> request) {
        if (brokerAddr != null) {
            return TopicOperations.onEach(List.of(brokerAddr), request);
        }
        return namesrv.clusterInfo().then(info -> {
            LinkedHashSet<String> addresses = new LinkedHashSet<>();
            if (cluster != null) {
                addresses.addAll(ClusterView.allAddresses(info, cluster));
            } else if (info.clusterAddrTable() != null) {
                new TreeSet<>(info.clusterAddrTable().keySet()).forEach(c -> addresses.addAll(ClusterView.allAddresses(info, c)));
            }
            if (addresses.isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, cluster == null
                        ? "the NameServer knows no brokers" : "cluster " + cluster + " has no broker registered");
            }
            return TopicOperations.onEach(new ArrayList<>(addresses), request);
        });
    }

    private static Map<String, String> single(String key, String value) {
        TreeMap<String, String> change = new TreeMap<>();
        change.put(key, value);
        return change;
    }
}
