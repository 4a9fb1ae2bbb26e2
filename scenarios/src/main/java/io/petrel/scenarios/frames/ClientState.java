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
 * messages, and that is excused; its subscriptions never are.
 */
record ClientState(Map<String, String> subscriptions, Map<String, String> offsets, long keptDeliveries,
        int keptCached) {

    static final String KEPT_GROUP = "ClientKept";

    static ClientState of(ClientNode node, long keptDeliveries) {
        Map<String, String> subscriptions = new TreeMap<>();
        Map<String, String> offsets = new TreeMap<>();
        int cached = 0;
        for (PushConsumer c : node.pushConsumers()) {
            subscriptions.put(c.group(), c.heartbeatData().subscriptionDataSet().toString());
            Map<String, Object> table = new TreeMap<>();
            for (String topic : new TreeSet<>(c.subscribedTopics())) {
                table.put(topic, new TreeMap<>(c.consumeOffsets(topic)));
            }
            offsets.put(c.group(), table.toString());
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
        for (Map.Entry<String, String> e : before.offsets.entrySet()) {
            boolean excused = e.getKey().equals(KEPT_GROUP) && keptBusy;
            if (!excused && !e.getValue().equals(offsets.get(e.getKey()))) {
                return "the offsets of " + e.getKey() + " changed: " + e.getValue() + " -> " + offsets.get(e.getKey());
            }
        }
        return null;
    }
}
