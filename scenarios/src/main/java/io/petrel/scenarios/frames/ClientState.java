package io.petrel.scenarios.frames;

import io.petrel.client.ClientNode;
import io.petrel.client.PushConsumer;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a request a client refused must leave as it was, read straight from the client node: each
 * push consumer's subscriptions and its offset table of every subscribed topic, by group.
 * {@code keptDeliveries} counts the deliveries of the group no fuzzed frame names ({@link #KEPT_GROUP}), which
 * consumes on its own throughout the run: its offsets may move while it consumes or holds pulled
 * messages, and that is excused; its subscriptions never are. A queue a rebalance assigned since may
 * gain its first offset (seed 2301 frame 100: %RETRY%FuzzGroup's queue appeared while a refused frame
 * was in flight); an offset the table held may not change.
 */
record ClientState(Map<String, String> subscriptions, Map<String, Map<String, Long>> offsets, long keptDeliveries,
        int keptCached) {

    static final String KEPT_GROUP = "ClientKept";

    static ClientState of(ClientNode node, long keptDeliveries) {
        Map<String, String> subscriptions = new TreeMap<>();
        Map<String, Map<String, Long>> offsets = new TreeMap<>();
        int cached = 0;
        for (PushConsumer c : node.pushConsumers()) {
            subscriptions.put(c.group(), c.heartbeatData().subscriptionDataSet().toString());
            Map<String, Long> table = new TreeMap<>();
            for (String topic : new TreeSet<>(c.subscribedTopics())) {
                c.consumeOffsets(topic).forEach((queue, offset) -> table.put(queue.toString(), offset));
            }
            offsets.put(c.group(), table);
            if (c.group().equals(KEPT_GROUP)) {
                cached = c.cachedMessages();
            }
        }
        return new ClientState(subscriptions, offsets, keptDeliveries, cached);
    }

    /** The first change from {@code before}, named; null when there is none (or only an excused one). */
    String differenceFrom(ClientState before) {
        for (Map.Entry<String, String> e : before.subscriptions.entrySet()) {
            if (!e.getValue().equals(subscriptions.get(e.getKey()))) {
                return "the subscriptions of " + e.getKey() + " changed: " + e.getValue() + " -> "
                        + subscriptions.get(e.getKey());
            }
        }
        boolean keptBusy = keptDeliveries != before.keptDeliveries || keptCached > 0 || before.keptCached > 0;
        for (Map.Entry<String, Map<String, Long>> e : before.offsets.entrySet()) {
            boolean excused = e.getKey().equals(KEPT_GROUP) && keptBusy;
            Map<String, Long> now = offsets.getOrDefault(e.getKey(), new TreeMap<>());
            // A queue a rebalance gave the consumer since may gain its first offset; a known one may not move.
            boolean kept = e.getValue().entrySet().stream().allMatch(q -> q.getValue().equals(now.get(q.getKey())));
            if (!excused && !kept) {
                return "the offsets of " + e.getKey() + " changed: " + e.getValue() + " -> " + now;
            }
        }
        return null;
    }
}
