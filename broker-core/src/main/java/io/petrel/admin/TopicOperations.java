package io.petrel.admin;

import io.petrel.common.ClusterInfo;
import io.petrel.common.GroupList;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicOffset;
import io.petrel.common.TopicRouteData;
import io.petrel.common.TopicStatsTable;
import io.petrel.common.TopicValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Topic and subscription-group operations that span brokers, composed from single requests the
 * way mqadmin composes them: "on every master of cluster X" asks the NameServer for the cluster,
 * then sends to each master at once and reports each answer. Runs on the node's loop.
 */
public final class TopicOperations {

    public static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;

    TopicOperations(NamesrvAdmin namesrv, BrokerAdmin broker) {
        this.namesrv = namesrv;
        this.broker = broker;
    }

    static AdminException invalidTopic(String topic) {
        String problem = TopicValidator.problem(topic);
        return problem == null ? null
                : new AdminException(AdminException.Kind.INVALID_ARGUMENT, "invalid topic name '" + topic + "': " + problem);
    }

    /** updateTopic -b: one broker; for an ordered topic also merges this broker into ORDER_TOPIC_CONFIG. */
    public Promise<TopicUpdateResult> createTopicOnBroker(String address, TopicConfig config) {
        AdminException invalid = invalidTopic(config.topicName());
        if (invalid != null) {
            return Promise.failed(invalid);
        }
        return broker.createTopic(address, config).settled().then(created -> {
            List<PeerResult<Void>> brokers = List.of(PeerResult.of(address, created));
            if (!config.order() || !created.isOk()) {
                return Promise.of(new TopicUpdateResult(config, brokers, null, List.of()));
            }
            return brokerOrderConf(address, config).then(conf -> namesrv.kvPut(ORDER_TOPIC_CONFIG, config.topicName(), conf)
                    .map(writes -> new TopicUpdateResult(config, brokers, conf, writes)));
        });
    }

    private Promise<String> brokerOrderConf(String address, TopicConfig config) {
        return namesrv.clusterInfo().then(info -> {
            String name = ClusterView.brokerNameOf(info, address);
            if (name == null) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "broker " + address
                        + " is not registered with the NameServer, so its name for ORDER_TOPIC_CONFIG is unknown");
            }
            return namesrv.kvGet(ORDER_TOPIC_CONFIG, config.topicName())
                    .map(old -> mergeOrderConf(old.orElse(""), name, config.writeQueueNums()));
        });
    }

    /** Replaces or adds {@code name:queues} in an ORDER_TOPIC_CONFIG value. */
    static String mergeOrderConf(String old, String name, int queues) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String part : old.split(";")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                entries.put(part.substring(0, colon), part.substring(colon + 1));
            }
        }
        entries.put(name, String.valueOf(queues));
        List<String> parts = new ArrayList<>();
        entries.forEach((k, v) -> parts.add(k + ":" + v));
        return String.join(";", parts);
    }

    /** updateTopic -c: every master of the cluster; an ordered topic gets every broker name in ORDER_TOPIC_CONFIG. */
    public Promise<TopicUpdateResult> createTopicOnCluster(String cluster, TopicConfig config) {
        AdminException invalid = invalidTopic(config.topicName());
        if (invalid != null) {
            return Promise.failed(invalid);
        }
        return namesrv.clusterInfo().then(info -> onEach(ClusterView.masters(info, cluster),
                address -> broker.createTopic(address, config)).then(brokers -> {
                    if (!config.order()) {
                        return Promise.of(new TopicUpdateResult(config, brokers, null, List.of()));
                    }
                    List<String> parts = new ArrayList<>();
                    ClusterView.brokerNames(info, cluster).forEach(n -> parts.add(n + ":" + config.writeQueueNums()));
                    String conf = String.join(";", parts);
                    return namesrv.kvPut(ORDER_TOPIC_CONFIG, config.topicName(), conf)
                            .map(writes -> new TopicUpdateResult(config, brokers, conf, writes));
                }));
    }

    /** deleteTopic -c: the topic from every master of the cluster, then from every NameServer. */
    public Promise<TopicDeleteResult> deleteTopic(String cluster, String topic) {
        return namesrv.clusterInfo().then(info -> onEach(ClusterView.masters(info, cluster),
                address -> broker.deleteTopic(address, topic))).then(brokers -> namesrv.deleteTopic(topic, cluster)
                        .map(namesrvs -> new TopicDeleteResult(topic, cluster, brokers, namesrvs)));
    }

    public Promise<List<PeerResult<Void>>> createSubscriptionGroup(String address, SubscriptionGroupConfig config) {
        return onEach(List.of(address), a -> broker.createSubscriptionGroup(a, config));
    }

    public Promise<List<PeerResult<Void>>> createSubscriptionGroupOnCluster(String cluster, SubscriptionGroupConfig config) {
        return namesrv.clusterInfo().then(info -> onEach(ClusterView.masters(info, cluster),
                address -> broker.createSubscriptionGroup(address, config)));
    }

    public Promise<GroupDeleteResult> deleteSubscriptionGroup(String address, String group, boolean removeOffset) {
        return onEach(List.of(address), a -> broker.deleteSubscriptionGroup(a, group, removeOffset))
                .map(brokers -> new GroupDeleteResult(group, brokers, null, null));
    }

    /** deleteSubGroup -c: the group from every master, then its retry and dead-letter topics from the cluster. */
    public Promise<GroupDeleteResult> deleteSubscriptionGroupOnCluster(String cluster, String group, boolean removeOffset) {
        return namesrv.clusterInfo().then(info -> onEach(ClusterView.masters(info, cluster),
                address -> broker.deleteSubscriptionGroup(address, group, removeOffset))).then(brokers ->
                deleteTopic(cluster, MixAll.retryTopic(group)).settled().then(retry ->
                        deleteTopic(cluster, MixAll.dlqTopic(group)).settled().map(dlq ->
                                new GroupDeleteResult(group, brokers, retry, dlq))));
    }

    /**
     * getConsumerConfig: the group's settings as each broker group holds them (read from its
     * master, else its lowest-id slave), sorted by broker name; a broker without the group gives
     * no row, one that could not be read gives a row with its error.
     */
    public Promise<List<GroupConfigRow>> subscriptionGroupConfigs(String group) {
        return namesrv.clusterInfo().then(info -> {
            List<String> names = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            ClusterView.sortedBrokers(info).forEach((name, data) -> {
                String address = ClusterView.selectAddress(data);
                if (address != null) {
                    names.add(name);
                    addresses.add(address);
                }
            });
            return onEach(addresses, broker::subscriptionGroups).map(results -> {
                List<GroupConfigRow> rows = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    PeerResult<Map<String, SubscriptionGroupConfig>> r = results.get(i);
                    SubscriptionGroupConfig config = r.isOk() ? r.value().get(group) : null;
                    if (!r.isOk() || config != null) {
                        String cluster = String.join(",", ClusterView.clustersOf(info, names.get(i)));
                        rows.add(new GroupConfigRow(cluster, names.get(i), r.peer(), config, r.error()));
                    }
                }
                return rows;
            });
        });
    }

    /** topicStatus: every queue of the topic on every broker of its route. */
    public Promise<TopicStatsTable> topicStatus(String topic) {
        return namesrv.route(topic).then(route -> {
            List<Promise<TopicStatsTable>> calls = new ArrayList<>();
            ClusterView.routeAddresses(route).values().forEach(a -> calls.add(broker.topicStats(a, topic)));
            return Promise.all(calls);
        }).map(tables -> {
            TreeMap<MessageQueue, TopicOffset> merged = new TreeMap<>();
            tables.forEach(t -> merged.putAll(t.offsetTable()));
            return new TopicStatsTable(merged);
        });
    }

    /**
     * Where mqadmin queryCq reads when given no broker: the first broker group of the topic's route
     * by name, its master or else its lowest-id slave.
     */
    public Promise<String> firstBrokerOf(String topic) {
        return namesrv.route(topic).map(route -> {
            Map<String, String> addresses = ClusterView.routeAddresses(route);
            if (addresses.isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "topic " + topic + " has no broker in its route");
            }
            return addresses.values().iterator().next();
        });
    }

    /** topicClusterList: the clusters holding any broker of the topic's route. */
    public Promise<Set<String>> topicClusters(String topic) {
        return namesrv.clusterInfo().then(info -> namesrv.route(topic).map(route -> {
            TreeSet<String> clusters = new TreeSet<>();
            ClusterView.routeAddresses(route).keySet().forEach(name -> clusters.addAll(ClusterView.clustersOf(info, name)));
            return clusters;
        }));
    }

    /**
     * topicList -c: every topic but retry and dead-letter ones, with its cluster and the groups
     * consuming it. A topic whose route or groups cannot be read still gets a row with blanks.
     */
    public Promise<List<TopicConsumerRow>> topicsWithConsumers() {
        return namesrv.clusterInfo().then(info -> namesrv.allTopics().then(list -> {
            List<String> topics = new ArrayList<>();
            new TreeSet<>(list.topicList()).forEach(t -> {
                if (!MixAll.isRetryTopic(t) && !MixAll.isDlqTopic(t)) {
                    topics.add(t);
                }
            });
            List<Promise<List<TopicConsumerRow>>> rows = new ArrayList<>();
            topics.forEach(t -> rows.add(rowsOf(info, t)));
            return Promise.all(rows);
        })).map(perTopic -> {
            List<TopicConsumerRow> all = new ArrayList<>();
            perTopic.forEach(all::addAll);
            return all;
        });
    }

    private Promise<List<TopicConsumerRow>> rowsOf(ClusterInfo info, String topic) {
        return namesrv.route(topic).then(route -> groupsOf(route, topic).map(groups -> {
            String cluster = clusterOfRoute(info, route);
            List<TopicConsumerRow> rows = new ArrayList<>();
            if (groups.isEmpty()) {
                rows.add(new TopicConsumerRow(cluster, topic, ""));
            }
            groups.forEach(g -> rows.add(new TopicConsumerRow(cluster, topic, g)));
            return rows;
        })).recover(e -> Promise.of(List.of(new TopicConsumerRow("", topic, ""))));
    }

    private Promise<Set<String>> groupsOf(TopicRouteData route, String topic) {
        Map<String, String> addresses = ClusterView.routeAddresses(route);
        if (addresses.isEmpty()) {
            return Promise.of(new TreeSet<>());
        }
        return broker.topicConsumedBy(addresses.values().iterator().next(), topic)
                .map(GroupList::groupList).map(g -> g == null ? new TreeSet<String>() : new TreeSet<>(g));
    }

    private static String clusterOfRoute(ClusterInfo info, TopicRouteData route) {
        for (String name : ClusterView.routeAddresses(route).keySet()) {
            Set<String> clusters = ClusterView.clustersOf(info, name);
            if (!clusters.isEmpty()) {
                return clusters.iterator().next();
            }
        }
        return "";
    }

    /** Runs {@code f} on every address at once and reports each outcome in address order. */
    static <T> Promise<List<PeerResult<T>>> onEach(List<String> addresses, Function<String, Promise<T>> f) {
        List<Promise<T>> calls = new ArrayList<>();
        for (String address : addresses) {
            Promise<T> call;
            try {
                call = f.apply(address);
            } catch (AdminException e) {
                call = Promise.failed(e);
            }
            calls.add(call);
        }
        return Promise.allSettled(calls).map(outcomes -> {
            List<PeerResult<T>> results = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                results.add(PeerResult.of(addresses.get(i), outcomes.get(i)));
            }
            return results;
        });
    }
}
