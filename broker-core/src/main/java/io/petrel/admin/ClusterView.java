package io.petrel.admin;

import io.petrel.common.BrokerData;
import io.petrel.common.ClusterInfo;
import io.petrel.common.TopicRouteData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Questions about a {@link ClusterInfo} or a route that the admin operations ask: a cluster's
 * masters, every address of a cluster, which broker name an address belongs to. Everything is
 * sorted, so output and request order never depend on how a NameServer ordered its JSON.
 */
final class ClusterView {

    private ClusterView() {
    }

    /** The cluster's broker names, sorted; fails naming the known clusters when it has none. */
    static Set<String> brokerNames(ClusterInfo info, String cluster) {
        Set<String> names = info.clusterAddrTable() == null ? null : info.clusterAddrTable().get(cluster);
        if (names == null || names.isEmpty()) {
            Set<String> known = info.clusterAddrTable() == null ? new TreeSet<>() : new TreeSet<>(info.clusterAddrTable().keySet());
            throw new AdminException(AdminException.Kind.NOT_FOUND, "cluster " + cluster + " not found; the NameServer knows "
                    + (known.isEmpty() ? "no clusters" : "cluster(s) " + String.join(", ", known)));
        }
        return new TreeSet<>(names);
    }

    /** The master address of every broker group of the cluster that has one, sorted. */
    static List<String> masters(ClusterInfo info, String cluster) {
        TreeSet<String> masters = new TreeSet<>();
        for (String name : brokerNames(info, cluster)) {
            BrokerData data = info.brokerAddrTable().get(name);
            if (data != null && data.masterAddress() != null) {
                masters.add(data.masterAddress());
            }
        }
        if (masters.isEmpty()) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "cluster " + cluster + " has no master broker registered");
        }
        return new ArrayList<>(masters);
    }

    /** Each master of the cluster with its slaves, by broker name; groups without a master are left out. */
    static Map<String, List<String>> mastersWithSlaves(ClusterInfo info, String cluster) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String name : brokerNames(info, cluster)) {
            BrokerData data = info.brokerAddrTable().get(name);
            if (data == null || data.masterAddress() == null) {
                continue;
            }
            List<String> slaves = new ArrayList<>();
            data.brokerAddrs().forEach((id, addr) -> {
                if (id != BrokerData.MASTER_ID) {
                    slaves.add(addr);
                }
            });
            result.put(data.masterAddress(), slaves);
        }
        return result;
    }

    /** Every address (masters and slaves) of the cluster, in broker-name then id order. */
    static List<String> allAddresses(ClusterInfo info, String cluster) {
        List<String> result = new ArrayList<>();
        for (String name : brokerNames(info, cluster)) {
            BrokerData data = info.brokerAddrTable().get(name);
            if (data != null) {
                result.addAll(data.brokerAddrs().values());
            }
        }
        return result;
    }

    /** The broker name owning {@code address}, or null. */
    static String brokerNameOf(ClusterInfo info, String address) {
        for (BrokerData data : sortedBrokers(info).values()) {
            if (data.brokerAddrs().containsValue(address)) {
                return data.brokerName();
            }
        }
        return null;
    }

    /** Every cluster that holds {@code brokerName}, sorted. */
    static Set<String> clustersOf(ClusterInfo info, String brokerName) {
        TreeSet<String> clusters = new TreeSet<>();
        if (info.clusterAddrTable() != null) {
            info.clusterAddrTable().forEach((cluster, names) -> {
                if (names.contains(brokerName)) {
                    clusters.add(cluster);
                }
            });
        }
        return clusters;
    }

    static TreeMap<String, BrokerData> sortedBrokers(ClusterInfo info) {
        return info.brokerAddrTable() == null ? new TreeMap<>() : new TreeMap<>(info.brokerAddrTable());
    }

    /** RocketMQ's selectBrokerAddr, made deterministic: the master, else the lowest-id slave. */
    static String selectAddress(BrokerData data) {
        String master = data.masterAddress();
        if (master != null) {
            return master;
        }
        return data.brokerAddrs().isEmpty() ? null : data.brokerAddrs().firstEntry().getValue();
    }

    /** One address per broker group of the route, sorted by broker name; groups with none are skipped. */
    static Map<String, String> routeAddresses(TopicRouteData route) {
        TreeMap<String, String> byName = new TreeMap<>();
        if (route.brokerDatas() != null) {
            for (BrokerData data : route.brokerDatas()) {
                String address = selectAddress(data);
                if (address != null) {
                    byName.put(data.brokerName(), address);
                }
            }
        }
        return byName;
    }
}
