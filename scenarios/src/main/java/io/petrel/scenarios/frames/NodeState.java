package io.petrel.scenarios.frames;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerRuntimeConfig;
import io.petrel.broker.transaction.TransactionService;
import io.petrel.common.Json;
import io.petrel.config.ConfigKey;
import io.petrel.namesrv.NameServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a refused request must leave as it was, read straight from the node: a broker's topics,
 * groups, consumer offsets, commit-log end and configuration; a NameServer's routes, topics and KV
 * config. Topics and groups may only gain entries: RocketMQ creates the topic a send names and the
 * group a pull names (with autoCreateTopicEnable and autoCreateSubscriptionGroup) before it checks
 * the rest of the request, so a send refused for its queue id or body size leaves the topic behind,
 * in Petrel as in RocketMQ 4.9. {@code scheduled} (the schedule service's progress) excuses a
 * commit log that grew because a delayed message came due, as does a re-put already in flight when
 * the frame was sent ({@code deliveryInFlight}: the store appends it before the offset moves). The
 * transaction service's progress (CID_RMQ_SYS_TRANS's offsets) is left out: it moves on its own timer. On a NameServer it is the count of
 * registrations the cluster's own broker sent, which excuses routes and topics that broker put back
 * (after a fuzzed frame had unregistered it) while a refused frame was in flight.
 */
record NodeState(Map<String, String> topics, Map<String, String> groups, List<String> parts, String scheduled,
        boolean deliveryInFlight) {

    private static final List<String> BROKER_PARTS = List.of("consumer offsets", "commit-log end", "configuration");
    private static final List<String> NAMESRV_PARTS = List.of("cluster info", "topics", "KV config");

    static NodeState of(Broker b) {
        Map<String, String> topics = new TreeMap<>();
        b.topics().wrapper().topicConfigTable().forEach((name, config) -> topics.put(name, config.toString()));
        Map<String, String> groups = new TreeMap<>();
        b.groups().wrapper().subscriptionGroupTable().forEach((name, config) -> groups.put(name, config.toString()));
        List<String> parts = new ArrayList<>();
        parts.add(Json.writeString(offsetsButTransactionProgress(b)));
        parts.add(String.valueOf(b.store().getMaxPhyOffset()));
        parts.add(String.join("\n", b.settings().values().render(false)));
        return new NodeState(topics, groups, parts, Json.writeString(b.schedule().offsets()) + " deliveries "
                + b.schedule().deliveredCount(), b.schedule().isPutting());
    }

    /**
     * The consumer offsets without CID_RMQ_SYS_TRANS's: the transaction service saves its progress there
     * on its own timer, whatever requests arrive.
     */
    private static Map<String, Map<Integer, Long>> offsetsButTransactionProgress(Broker b) {
        Map<String, Map<Integer, Long>> offsets = new TreeMap<>(b.offsets().wrapper().offsetTable());
        offsets.keySet().removeIf(key -> key.endsWith("@" + TransactionService.GROUP));
        return offsets;
    }

    static NodeState of(NameServer n, long ownBrokerRegistrations) {
        List<String> parts = new ArrayList<>();
        parts.add(Json.writeString(n.routes().clusterInfo()));
        parts.add(String.join(",", new TreeSet<>(n.routes().allTopics())));
        parts.add(n.kvConfigJson());
        return new NodeState(Map.of(), Map.of(), parts, String.valueOf(ownBrokerRegistrations), false);
    }

    /** The broker's keys that can never change at runtime, as {@code name=value} lines. */
    static String frozenConfig(Broker b) {
        StringBuilder s = new StringBuilder();
        for (ConfigKey<?> key : b.settings().values().registry().keys()) {
            if (!BrokerRuntimeConfig.updatableAtRuntime(key)) {
                s.append(key.name()).append('=').append(b.settings().values().formatted(key)).append('\n');
            }
        }
        return s.toString();
    }

    /** The first change from {@code before}, named; null when there is none but added topics and groups. */
    String differenceFrom(NodeState before, boolean brokerNode) {
        String changed = changedEntry("topic", before.topics, topics);
        if (changed == null) {
            changed = changedEntry("subscription group", before.groups, groups);
        }
        if (changed != null) {
            return changed;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).equals(before.parts.get(i))) {
                boolean excused = !scheduled.equals(before.scheduled) || before.deliveryInFlight || deliveryInFlight;
                if (excused && (brokerNode ? i == 1 : i < 2)) {
                    continue;
                }
                String name = (brokerNode ? BROKER_PARTS : NAMESRV_PARTS).get(i);
                return name + " changed: " + abbreviate(before.parts.get(i)) + " -> " + abbreviate(parts.get(i));
            }
        }
        return null;
    }

    private static String changedEntry(String what, Map<String, String> before, Map<String, String> after) {
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (!e.getValue().equals(now)) {
                return what + " " + e.getKey() + " changed: " + e.getValue() + " -> " + now;
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
