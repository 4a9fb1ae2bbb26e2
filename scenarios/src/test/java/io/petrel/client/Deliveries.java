package io.petrel.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Every message a test's consumers received, in the order they received it. */
final class Deliveries {

    record Delivery(String consumer, String topic, String brokerName, int queueId, long queueOffset, String body,
            int reconsumeTimes, long atNanos) {
    }

    private final List<Delivery> all = new ArrayList<>();

    void record(String consumer, MessageExt m, long atNanos) {
        all.add(new Delivery(consumer, m.getTopic(), m.getBrokerName(), m.getQueueId(), m.getQueueOffset(),
                new String(m.getBody(), StandardCharsets.UTF_8), m.getReconsumeTimes(), atNanos));
    }

    List<Delivery> all() {
        return all;
    }

    int size() {
        return all.size();
    }

    TreeSet<String> distinctBodies() {
        TreeSet<String> bodies = new TreeSet<>();
        all.forEach(d -> bodies.add(d.body()));
        return bodies;
    }

    /** How many each consumer received. */
    Map<String, Integer> perConsumer() {
        Map<String, Integer> counts = new TreeMap<>();
        all.forEach(d -> counts.merge(d.consumer(), 1, Integer::sum));
        return counts;
    }

    /** Bodies a consumer received, in order. */
    List<String> bodiesOf(String consumer) {
        List<String> bodies = new ArrayList<>();
        all.stream().filter(d -> d.consumer().equals(consumer)).forEach(d -> bodies.add(d.body()));
        return bodies;
    }

    /** Bodies received more than once, with their counts. */
    Map<String, Integer> duplicates() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        all.forEach(d -> counts.merge(d.body(), 1, Integer::sum));
        counts.values().removeIf(n -> n < 2);
        return counts;
    }
}
