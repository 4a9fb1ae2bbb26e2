package io.petrel.scenarios.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link Checker}'s {@code retried-past-max} rule: a retry copy whose count reached the group's
 * maximum must go to the dead-letter queue, not be delivered again. Two ways a broker can break it:
 * <ul>
 *   <li>A copy the client sent to {@code %RETRY%} itself (its fallback when CONSUMER_SEND_MSG_BACK
 *       failed) carries its count already raised, so the broker dead-letters it when that count is
 *       at least max. Such a copy delivered at max or above was kept one retry (or more) too long.
 *       Only the client's copies can be judged so strictly: a copy the broker makes for
 *       CONSUMER_SEND_MSG_BACK at count max - 1 is legitimately delivered at max (it is
 *       dead-lettered when sent back again), so the history must know which path made a copy
 *       ({@link ClientCopyDelivery}).</li>
 *   <li>Whichever path made it, no stored retry copy carries more than max. A consumer that could
 *       not send a message back at all consumes it again locally with its count raised (RocketMQ's
 *       client does the same), so a copy's stored count is the lowest count its position was
 *       delivered with; only that is judged.</li>
 * </ul>
 * A flipped bit in a stored copy (no CRC covers its count or properties) can explain either, so a
 * delivery from a broker whose master or slave had a bit flipped is only counted.
 */
final class RetriesPastMax {

    private final History history;

    RetriesPastMax(History history) {
        this.history = history;
    }

    void judge(Verdict verdict) {
        List<String> late = new ArrayList<>();
        long flipped = 0;
        verdict.count("client-copies-delivered", history.clientCopyDeliveries().size());
        for (ClientCopyDelivery d : history.clientCopyDeliveries()) {
            GroupSpec group = history.groups().get(d.group());
            if (group == null || d.reconsumeTimes() < max(group)) {
                continue;
            }
            if (bitFlipped(d.brokerName())) {
                flipped++;
            } else {
                late.add(d + ", which the broker should have dead-lettered: retryMaxTimes " + max(group));
            }
        }
        for (Delivery d : storedRetryCopies().values()) {
            GroupSpec group = history.groups().get(d.group());
            if (group == null || d.reconsumeTimes() <= max(group)) {
                continue;
            }
            if (bitFlipped(d.brokerName())) {
                flipped++;
            } else {
                late.add(d + ", a retry copy past retryMaxTimes " + max(group));
            }
        }
        verdict.violation("retried-past-max", late);
        verdict.count("retried-past-max-under-bit-flips", flipped);
    }

    /** Per group and stored retry position, its delivery with the lowest count: the count the broker stored. */
    private Map<String, Delivery> storedRetryCopies() {
        Map<String, Delivery> lowest = new TreeMap<>();
        for (Delivery d : history.deliveries()) {
            if (d.storedTopic().startsWith("%RETRY%")) {
                lowest.merge(d.group() + "|" + d.position(), d, (a, b) -> b.reconsumeTimes() < a.reconsumeTimes() ? b : a);
            }
        }
        return lowest;
    }

    /**
     * The group's maximum reconsume count: its consumers' maxReconsumeTimes, whose -1 means 16 for
     * concurrent consumption and no limit for orderly consumption (RocketMQ's client alike).
     */
    private static int max(GroupSpec group) {
        if (group.retryMaxTimes() >= 0) {
            return group.retryMaxTimes();
        }
        return group.kind() == ConsumerKind.ORDERLY ? Integer.MAX_VALUE : Checker.DEFAULT_MAX_RECONSUME_TIMES;
    }

    private boolean bitFlipped(String brokerName) {
        History.Replica replica = history.replicas().get(brokerName);
        return history.faults().stream().anyMatch(f -> f.kind().equals("bit-flip")
                && (f.hits(brokerName) || replica != null && f.hits(replica.slaveNode())));
    }
}
