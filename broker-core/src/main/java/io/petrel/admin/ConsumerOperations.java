package io.petrel.admin;

import io.petrel.common.ConnectionInfo;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.ProcessQueueInfo;
import io.petrel.common.ProducerConnection;
import io.petrel.common.TopicList;
import io.petrel.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Consumer-group operations: progress, connections, running info and in-memory offsets. A
 * group's brokers are those of its retry topic's route ({@code %RETRY%group}), which every
 * clustering consumer creates on its first heartbeat, as mqadmin assumes. Runs on the node's loop.
 */
public final class ConsumerOperations {

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;

    ConsumerOperations(NamesrvAdmin namesrv, BrokerAdmin broker) {
        this.namesrv = namesrv;
        this.broker = broker;
    }

    /** One address per broker of the group's retry topic, by broker name. */
    Promise<Map<String, String>> groupBrokers(String group) {
        return namesrv.route(MixAll.retryTopic(group)).map(ClusterView::routeAddresses).recover(e -> {
            if (e.kind() == AdminException.Kind.TOPIC_NOT_EXIST) {
                return Promise.failed(new AdminException(AdminException.Kind.NOT_FOUND, "consumer group " + group
                        + " not found: the NameServer has no route for " + MixAll.retryTopic(group)
                        + ", so no consumer of the group has ever connected"));
            }
            return Promise.failed(e);
        });
    }

    /** consumerProgress -g: the group's offsets on every broker, merged; {@code topic} null for all topics. */
    public Promise<ConsumeStats> consumeStats(String group, String topic) {
        return groupBrokers(group).then(addresses -> {
            List<Promise<ConsumeStats>> calls = new ArrayList<>();
            addresses.values().forEach(a -> calls.add(broker.consumeStats(a, group, topic)));
            return Promise.all(calls);
        }).map(all -> {
            TreeMap<MessageQueue, OffsetWrapper> merged = new TreeMap<>();
            double tps = 0;
            for (ConsumeStats stats : all) {
                merged.putAll(stats.offsetTable());
                tps += stats.consumeTps();
            }
            if (merged.isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "consumer group " + group
                        + " has no consume offsets on any broker" + (topic == null ? "" : " for topic " + topic)
                        + " (it has not consumed anything yet)");
            }
            return new ConsumeStats(merged, tps);
        });
    }

    /**
     * cloneGroupOffset: CLONE_GROUP_OFFSET to one broker of each broker group of the topic's route
     * (its master, else its lowest-id slave), each copying the source group's offsets on the topic
     * to the destination group; one outcome per broker, in broker-name order.
     */
    public Promise<List<PeerResult<Void>>> cloneGroupOffset(String srcGroup, String destGroup, String topic,
            boolean offline) {
        return namesrv.route(topic).then(route -> TopicOperations.onEach(
                new ArrayList<>(ClusterView.routeAddresses(route).values()),
                a -> broker.cloneGroupOffset(a, srcGroup, destGroup, topic, offline)));
    }

    /** The group's connections, from the first of its brokers that knows it online. */
    public Promise<ConsumerConnection> consumerConnection(String group) {
        return groupBrokers(group).then(addresses -> firstSuccess(new ArrayList<>(addresses.values()),
                a -> broker.consumerConnection(a, group)));
    }

    public Promise<ConsumerConnection> consumerConnection(String group, String brokerAddress) {
        return broker.consumerConnection(brokerAddress, group);
    }

    /** producerConnection: the group's producers as a broker of the topic's route sees them. */
    public Promise<ProducerConnection> producerConnection(String group, String topic) {
        return namesrv.route(topic).then(route -> firstSuccess(
                new ArrayList<>(ClusterView.routeAddresses(route).values()), a -> broker.producerConnection(a, group)));
    }

    /** consumerStatus -i: one client's running info, asked through the group's first broker. */
    public Promise<ConsumerRunningInfo> consumerRunningInfo(String group, String clientId, boolean jstack) {
        return firstGroupBroker(group).then(a -> broker.consumerRunningInfo(a, group, clientId, jstack));
    }

    private Promise<String> firstGroupBroker(String group) {
        return groupBrokers(group).map(addresses -> {
            if (addresses.isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "consumer group " + group + " has no broker with an address");
            }
            return addresses.values().iterator().next();
        });
    }

    /** consumerStatus: the group's connections, then each client's running info. */
    public Promise<ConsumerStatusReport> consumerStatus(String group, String brokerAddress, boolean jstack) {
        Promise<ConsumerConnection> connection = brokerAddress == null ? consumerConnection(group)
                : consumerConnection(group, brokerAddress);
        return connection.then(cc -> (brokerAddress == null ? firstGroupBroker(group) : Promise.of(brokerAddress))
                .then(address -> runningInfoOfEach(group, cc, address, jstack)
                        .map(infos -> new ConsumerStatusReport(group, cc, infos))));
    }

    private Promise<Map<String, Settled<ConsumerRunningInfo>>> runningInfoOfEach(String group, ConsumerConnection cc,
            String address, boolean jstack) {
        List<String> clients = clientIds(cc);
        List<Promise<ConsumerRunningInfo>> calls = new ArrayList<>();
        clients.forEach(id -> calls.add(broker.consumerRunningInfo(address, group, id, jstack)));
        return Promise.allSettled(calls).map(outcomes -> {
            TreeMap<String, Settled<ConsumerRunningInfo>> byClient = new TreeMap<>();
            for (int i = 0; i < clients.size(); i++) {
                byClient.put(clients.get(i), outcomes.get(i));
            }
            return byClient;
        });
    }

    private static List<String> clientIds(ConsumerConnection cc) {
        TreeSet<String> ids = new TreeSet<>();
        if (cc.connectionSet() != null) {
            cc.connectionSet().forEach(c -> ids.add(c.clientId()));
        }
        return new ArrayList<>(ids);
    }

    /** consumerProgress -s: which client (by IP) owns each queue, from every client's running info. */
    public Promise<Map<MessageQueue, String>> queueOwners(String group) {
        return consumerStatus(group, null, false).<Map<MessageQueue, String>>map(report -> {
            TreeMap<MessageQueue, String> owners = new TreeMap<>();
            report.runningInfo().forEach((clientId, info) -> {
                if (info.isOk()) {
                    String ip = clientId.contains("@") ? clientId.substring(0, clientId.indexOf('@')) : clientId;
                    info.value().mqTable().keySet().forEach(mq -> owners.put(mq, ip));
                }
            });
            return owners;
        }).recover(e -> Promise.of(new TreeMap<MessageQueue, String>()));
    }

    /** consumerProgress without -g: every group that has a retry topic, with its clients and backlog. */
    public Promise<List<GroupProgress>> progressOfAllGroups() {
        return namesrv.allTopics().then(list -> {
            List<Promise<GroupProgress>> rows = new ArrayList<>();
            groupsOf(list).forEach(g -> rows.add(progressOf(g)));
            return Promise.all(rows);
        });
    }

    private static List<String> groupsOf(TopicList list) {
        TreeSet<String> groups = new TreeSet<>();
        if (list.topicList() != null) {
            list.topicList().forEach(t -> {
                if (MixAll.isRetryTopic(t)) {
                    groups.add(t.substring(MixAll.RETRY_GROUP_TOPIC_PREFIX.length()));
                }
            });
        }
        return new ArrayList<>(groups);
    }

    private Promise<GroupProgress> progressOf(String group) {
        return consumeStats(group, null).settled().then(stats -> consumerConnection(group).settled().map(cc -> {
            int tps = stats.isOk() ? (int) stats.value().consumeTps() : 0;
            long diff = stats.isOk() ? stats.value().totalDiff() : 0;
            if (!cc.isOk() || cc.value().connectionSet() == null || cc.value().connectionSet().isEmpty()) {
                return new GroupProgress(group, 0, null, null, null, tps, diff);
            }
            ConsumerConnection c = cc.value();
            int minVersion = c.connectionSet().stream().mapToInt(ConnectionInfo::version).min().orElse(0);
            return new GroupProgress(group, c.connectionSet().size(), minVersion, c.consumeType(), c.messageModel(),
                    tps, diff);
        }));
    }

    /**
     * getConsumerStatus: each client's in-memory offsets for a topic. {@code clientFilter} is a
     * client id or a client IP (the runbook passes an IP); null or blank means every client. Uses
     * INVOKE_BROKER_TO_GET_CONSUMER_STATUS, or each client's running info when the broker does
     * not serve that request.
     */
    public Promise<ConsumerOffsetsReport> consumerOffsets(String topic, String group, String clientFilter) {
        String filter = clientFilter == null ? "" : clientFilter.trim();
        String exactId = filter.contains("@") ? filter : "";
        return namesrv.route(topic).then(route -> {
            List<String> addresses = new ArrayList<>(ClusterView.routeAddresses(route).values());
            if (addresses.isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_FOUND, "topic " + topic + " has no broker with an address");
            }
            return broker.consumerStatus(addresses.get(0), topic, group, exactId)
                    .map(body -> report(topic, group, filter, body.consumerTable(), ConsumerOffsetsReport.Source.CONSUMER_STATUS))
                    .recover(e -> e.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED
                            ? offsetsFromRunningInfo(topic, group, filter) : Promise.failed(e));
        });
    }

    private Promise<ConsumerOffsetsReport> offsetsFromRunningInfo(String topic, String group, String filter) {
        return consumerStatus(group, null, false).map(status -> {
            TreeMap<String, Map<MessageQueue, Long>> byClient = new TreeMap<>();
            status.runningInfo().forEach((clientId, info) -> {
                if (!info.isOk()) {
                    return;
                }
                TreeMap<MessageQueue, Long> offsets = new TreeMap<>();
                for (Map.Entry<MessageQueue, ProcessQueueInfo> e : info.value().mqTable().entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        offsets.put(e.getKey(), e.getValue().commitOffset());
                    }
                }
                byClient.put(clientId, offsets);
            });
            return report(topic, group, filter, byClient, ConsumerOffsetsReport.Source.RUNNING_INFO);
        });
    }

    private static ConsumerOffsetsReport report(String topic, String group, String filter,
            Map<String, Map<MessageQueue, Long>> table, ConsumerOffsetsReport.Source source) {
        TreeMap<String, Map<MessageQueue, Long>> kept = new TreeMap<>();
        table.forEach((clientId, offsets) -> {
            if (matches(clientId, filter)) {
                kept.put(clientId, new TreeMap<>(offsets));
            }
        });
        return new ConsumerOffsetsReport(topic, group, filter, kept, source);
    }

    /** A client id matches a filter equal to it or to its IP (the part before '@'). */
    static boolean matches(String clientId, String filter) {
        if (filter.isEmpty() || clientId.equals(filter)) {
            return true;
        }
        int at = clientId.indexOf('@');
        return at > 0 && clientId.substring(0, at).equals(filter);
    }

    /** Tries the addresses in order; the first success wins, else the last failure is reported. */
    static <T> Promise<T> firstSuccess(List<String> addresses, Function<String, Promise<T>> f) {
        if (addresses.isEmpty()) {
            return Promise.failed(new AdminException(AdminException.Kind.NOT_FOUND, "no broker with an address in the route"));
        }
        return f.apply(addresses.get(0)).recover(e -> addresses.size() == 1 ? Promise.failed(e)
                : firstSuccess(addresses.subList(1, addresses.size()), f));
    }
}
