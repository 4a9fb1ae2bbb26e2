package io.petrel.scenarios.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the applications of a client scenario did: every send with its outcome (acknowledged,
 * failed, or unknown while in flight) and every delivery with the consumer, queue and offset.
 * Bodies are unique per send, so they identify messages.
 */
public final class ClientHistory {

    /** One message handed to a listener. */
    public record Delivery(String consumer, String queue, long queueOffset, String body, int reconsumeTimes, long atMs) {
    }

    private final TreeSet<String> invoked = new TreeSet<>();
    private final TreeSet<String> acked = new TreeSet<>();
    private final TreeSet<String> failed = new TreeSet<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    void onInvoke(String body) {
        invoked.add(body);
    }

    void onAck(String body) {
        acked.add(body);
    }

    void onFail(String body) {
        failed.add(body);
    }

    void onDeliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    public TreeSet<String> acked() {
        return acked;
    }

    public int invokedCount() {
        return invoked.size();
    }

    public int failedCount() {
        return failed.size();
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    /** Acknowledged bodies never delivered. */
    public TreeSet<String> lost() {
        TreeSet<String> delivered = delivered();
        TreeSet<String> lost = new TreeSet<>(acked);
        lost.removeAll(delivered);
        return lost;
    }

    public TreeSet<String> delivered() {
        TreeSet<String> delivered = new TreeSet<>();
        deliveries.forEach(d -> delivered.add(d.body()));
        return delivered;
    }

    /** Delivered bodies no producer ever sent. */
    public TreeSet<String> phantoms() {
        TreeSet<String> phantoms = delivered();
        phantoms.removeAll(invoked);
        return phantoms;
    }

    /** Deliveries beyond the first of each body. */
    public int duplicates() {
        return deliveries.size() - delivered().size();
    }

    /** (queue, offset) positions that carried two different bodies, with both. */
    public List<String> conflictingPositions() {
        Map<String, String> byPosition = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        for (Delivery d : deliveries) {
            if (d.reconsumeTimes() > 0) {
                continue;
            }
            String position = d.queue() + "@" + d.queueOffset();
            String before = byPosition.putIfAbsent(position, d.body());
            if (before != null && !before.equals(d.body())) {
                conflicts.add(position + ": " + before + " and " + d.body());
            }
        }
        return conflicts;
    }
}
