package io.petrel.namesrv;

import io.petrel.common.BrokerData;
import io.petrel.common.Check;
import io.petrel.common.ClusterInfo;
import io.petrel.common.DataVersion;
import io.petrel.common.PermName;
import io.petrel.common.QueueData;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicRouteData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * The NameServer's tables: which brokers exist (by cluster and broker name, master id 0 and
 * slaves), which topics each master serves with which queues and permission, and when each
 * broker was last heard from.
 *
 * <p>Pure state: no IO, no clock of its own (callers pass {@code nowNanos}). Every map is sorted,
 * so answers and iteration are deterministic. Invariant: every broker name in the cluster table
 * has a broker group, and every queue data's broker name is a known group or the group vanished
 * with its topics.
 */
public final class RouteInfoManager {

    /** What a registration answers: the master's addresses, for a slave. */
    public record RegisterResult(String haServerAddr, String masterAddr) {
    }

    /** A broker that was removed, for logs. */
    public record RemovedBroker(String brokerAddr, String brokerName, long brokerId, Object channel) {
    }

    private static final class BrokerLive {
        long lastUpdateNanos;
        DataVersion dataVersion;
        Object channel;
        String haServerAddr;
    }

    private final TreeMap<String, TreeMap<String, QueueData>> topicQueueTable = new TreeMap<>();
    private final TreeMap<String, BrokerGroup> brokerAddrTable = new TreeMap<>();
    private final TreeMap<String, TreeSet<String>> clusterAddrTable = new TreeMap<>();
    private final TreeMap<String, BrokerLive> brokerLiveTable = new TreeMap<>();

    /** A broker group's mutable form; published as {@link BrokerData} copies. */
    private static final class BrokerGroup {
        final String cluster;
        final String brokerName;
        final TreeMap<Long, String> addrs = new TreeMap<>();

        BrokerGroup(String cluster, String brokerName) {
            this.cluster = cluster;
            this.brokerName = brokerName;
        }

        BrokerData snapshot() {
            return new BrokerData(cluster, brokerName, addrs);
        }
    }

    public RegisterResult register(String cluster, String brokerAddr, String brokerName, long brokerId,
            String haServerAddr, TopicConfigSerializeWrapper topics, Object channel, long nowNanos) {
        clusterAddrTable.computeIfAbsent(cluster, c -> new TreeSet<>()).add(brokerName);
        boolean registerFirst = false;
        BrokerGroup group = brokerAddrTable.get(brokerName);
        if (group == null) {
            group = new BrokerGroup(cluster, brokerName);
            brokerAddrTable.put(brokerName, group);
            registerFirst = true;
        }
        // The same address under a new id (a slave promoted to master) replaces the old id.
        group.addrs.entrySet().removeIf(e -> e.getValue().equals(brokerAddr) && e.getKey() != brokerId);
        String previous = group.addrs.put(brokerId, brokerAddr);
        registerFirst |= previous == null;
        if (topics != null && brokerId == BrokerData.MASTER_ID
                && (registerFirst || isDataVersionChanged(brokerAddr, topics.dataVersion()))) {
            for (TopicConfig topic : topics.topicConfigTable().values()) {
                updateQueueData(brokerName, topic);
            }
        }
        BrokerLive live = brokerLiveTable.computeIfAbsent(brokerAddr, a -> new BrokerLive());
        live.lastUpdateNanos = nowNanos;
        live.dataVersion = topics == null ? live.dataVersion : topics.dataVersion();
        live.channel = channel;
        live.haServerAddr = haServerAddr;
        if (brokerId != BrokerData.MASTER_ID) {
            String masterAddr = group.addrs.get(BrokerData.MASTER_ID);
            BrokerLive master = masterAddr == null ? null : brokerLiveTable.get(masterAddr);
            if (master != null) {
                return new RegisterResult(master.haServerAddr, masterAddr);
            }
        }
        return new RegisterResult(null, null);
    }

    private void updateQueueData(String brokerName, TopicConfig topic) {
        topicQueueTable.computeIfAbsent(topic.topicName(), t -> new TreeMap<>()).put(brokerName,
                new QueueData(brokerName, topic.readQueueNums(), topic.writeQueueNums(), topic.perm(), topic.topicSysFlag()));
    }

    public boolean isDataVersionChanged(String brokerAddr, DataVersion version) {
        BrokerLive live = brokerLiveTable.get(brokerAddr);
        return live == null || live.dataVersion == null || !live.dataVersion.equals(version);
    }

    /** Marks a broker as heard from now (QUERY_DATA_VERSION with no change). */
    public void touch(String brokerAddr, long nowNanos) {
        BrokerLive live = brokerLiveTable.get(brokerAddr);
        if (live != null) {
            live.lastUpdateNanos = nowNanos;
        }
    }

    public void unregister(String brokerAddr, String brokerName, long brokerId) {
        brokerLiveTable.remove(brokerAddr);
        BrokerGroup group = brokerAddrTable.get(brokerName);
        if (group == null) {
            return;
        }
        if (brokerAddr.equals(group.addrs.get(brokerId))) {
            group.addrs.remove(brokerId);
        }
        if (group.addrs.isEmpty()) {
            brokerAddrTable.remove(brokerName);
            // Every cluster, not only the group's first: a broker re-registered under another cluster
            // name is listed in both (as in RocketMQ), and must not linger in either once it is gone.
            clusterAddrTable.values().forEach(names -> names.remove(brokerName));
            clusterAddrTable.values().removeIf(TreeSet::isEmpty);
            removeTopicsOf(brokerName);
        }
    }

    private void removeTopicsOf(String brokerName) {
        topicQueueTable.values().forEach(queues -> queues.remove(brokerName));
        topicQueueTable.values().removeIf(Map::isEmpty);
    }

    /** A broker's connection closed: it is gone at once. Returns it, or null if unknown. */
    public RemovedBroker onChannelClosed(Object channel) {
        for (Map.Entry<String, BrokerLive> e : brokerLiveTable.entrySet()) {
            if (e.getValue().channel == channel) {
                return remove(e.getKey());
            }
        }
        return null;
    }

    /** Removes every broker not heard from for {@code expiredMs}. */
    public List<RemovedBroker> expire(long nowNanos, long expiredMs) {
        List<String> stale = new ArrayList<>();
        brokerLiveTable.forEach((addr, live) -> {
            if (nowNanos - live.lastUpdateNanos > expiredMs * 1_000_000L) {
                stale.add(addr);
            }
        });
        List<RemovedBroker> removed = new ArrayList<>();
        for (String addr : stale) {
            removed.add(remove(addr));
        }
        return removed;
    }

    private RemovedBroker remove(String brokerAddr) {
        BrokerLive live = brokerLiveTable.get(brokerAddr);
        for (BrokerGroup group : new ArrayList<>(brokerAddrTable.values())) {
            for (Map.Entry<Long, String> e : new ArrayList<>(group.addrs.entrySet())) {
                if (e.getValue().equals(brokerAddr)) {
                    unregister(brokerAddr, group.brokerName, e.getKey());
                    return new RemovedBroker(brokerAddr, group.brokerName, e.getKey(), live == null ? null : live.channel);
                }
            }
        }
        brokerLiveTable.remove(brokerAddr);
        return new RemovedBroker(brokerAddr, "?", -1, live == null ? null : live.channel);
    }

    /** The route of a topic, or null when no broker serves it. */
    public TopicRouteData route(String topic, String orderTopicConf) {
        TreeMap<String, QueueData> queues = topicQueueTable.get(topic);
        if (queues == null || queues.isEmpty()) {
            return null;
        }
        List<BrokerData> brokers = new ArrayList<>();
        for (String brokerName : queues.keySet()) {
            BrokerGroup group = brokerAddrTable.get(brokerName);
            if (group != null) {
                brokers.add(group.snapshot());
            }
        }
        if (brokers.isEmpty()) {
            return null;
        }
        return new TopicRouteData(orderTopicConf, new ArrayList<>(queues.values()), brokers, new LinkedHashMap<>());
    }

    public ClusterInfo clusterInfo() {
        Map<String, BrokerData> brokers = new TreeMap<>();
        brokerAddrTable.forEach((name, group) -> brokers.put(name, group.snapshot()));
        Map<String, Set<String>> clusters = new TreeMap<>();
        clusterAddrTable.forEach((cluster, names) -> clusters.put(cluster, new TreeSet<>(names)));
        return new ClusterInfo(brokers, clusters);
    }

    public Set<String> allTopics() {
        return new TreeSet<>(topicQueueTable.keySet());
    }

    public Set<String> topicsOfCluster(String cluster) {
        Set<String> names = clusterAddrTable.getOrDefault(cluster, new TreeSet<>());
        Set<String> topics = new TreeSet<>();
        topicQueueTable.forEach((topic, queues) -> {
            if (queues.keySet().stream().anyMatch(names::contains)) {
                topics.add(topic);
            }
        });
        return topics;
    }

    /** Topics whose sys flag has any of {@code flagBits} set (unit topics). */
    public Set<String> topicsWithSysFlag(int flagBits) {
        Set<String> topics = new TreeSet<>();
        topicQueueTable.forEach((topic, queues) -> {
            if (queues.values().stream().anyMatch(q -> (q.topicSysFlag() & flagBits) != 0)) {
                topics.add(topic);
            }
        });
        return topics;
    }

    /** Cluster names and broker names: the topics every broker serves implicitly. */
    public Set<String> systemTopicNames() {
        Set<String> names = new TreeSet<>(clusterAddrTable.keySet());
        names.addAll(brokerAddrTable.keySet());
        return names;
    }

    /** Any master's address, for system topic answers; null when there is none. */
    public String anyMasterAddress() {
        for (BrokerGroup group : brokerAddrTable.values()) {
            String master = group.addrs.get(BrokerData.MASTER_ID);
            if (master != null) {
                return master;
            }
        }
        return null;
    }

    /** Removes a topic everywhere, or only from the brokers of {@code cluster} when it is not null. */
    public void deleteTopic(String topic, String cluster) {
        TreeMap<String, QueueData> queues = topicQueueTable.get(topic);
        if (queues == null) {
            return;
        }
        if (cluster == null || cluster.isEmpty()) {
            topicQueueTable.remove(topic);
            return;
        }
        Set<String> names = clusterAddrTable.getOrDefault(cluster, new TreeSet<>());
        queues.keySet().removeIf(names::contains);
        if (queues.isEmpty()) {
            topicQueueTable.remove(topic);
        }
    }

    /** Clears the write bit of every topic on a broker; returns how many topics changed. */
    public int wipeWritePerm(String brokerName) {
        return changePerm(brokerName, perm -> perm & ~PermName.PERM_WRITE);
    }

    /** Sets read and write on every topic of a broker; returns how many topics it has. */
    public int addWritePerm(String brokerName) {
        return changePerm(brokerName, perm -> PermName.PERM_READ | PermName.PERM_WRITE);
    }

    private int changePerm(String brokerName, IntUnaryOperator change) {
        int count = 0;
        for (TreeMap<String, QueueData> queues : topicQueueTable.values()) {
            QueueData q = queues.get(brokerName);
            if (q != null) {
                queues.put(brokerName, new QueueData(q.brokerName(), q.readQueueNums(), q.writeQueueNums(),
                        change.applyAsInt(q.perm()), q.topicSysFlag()));
                count++;
            }
        }
        return count;
    }

    /**
     * The tables agree: every broker name a cluster lists has a broker group; every group has an
     * address and is listed by its cluster; no topic is left without queue data; every queue data
     * belongs to a known group under its own name. Throws {@code Check.InvariantViolation}.
     */
    public void invariants() {
        clusterAddrTable.forEach((cluster, names) -> {
            Check.state(!names.isEmpty(), "cluster {} lists no broker", cluster);
            names.forEach(name -> Check.state(brokerAddrTable.containsKey(name),
                    "cluster {} lists broker {}, which has no broker group", cluster, name));
        });
        brokerAddrTable.forEach((name, group) -> {
            Check.state(!group.addrs.isEmpty(), "broker group {} has no address", name);
            Check.state(clusterAddrTable.getOrDefault(group.cluster, new TreeSet<>()).contains(name),
                    "broker group {} is not listed by its cluster {}", name, group.cluster);
        });
        topicQueueTable.forEach((topic, queues) -> {
            Check.state(!queues.isEmpty(), "topic {} has no queue data", topic);
            queues.forEach((name, q) -> Check.state(name.equals(q.brokerName()) && brokerAddrTable.containsKey(name),
                    "topic {} has queue data of broker {} ({}), which has no broker group", topic, name, q.brokerName()));
        });
    }

    public int liveBrokerCount() {
        return brokerLiveTable.size();
    }
}
