package io.petrel.common;

import java.util.List;
import java.util.Map;

/**
 * GET_BROKER_CONSUME_STATS's body (RocketMQ's {@code ConsumeStatsList}): one single-entry map per
 * subscription group, from the group's name to its {@link ConsumeStats} per topic it has offsets
 * for; the broker's address; and the sum of every listed queue's diff.
 */
public record ConsumeStatsList(List<Map<String, List<ConsumeStats>>> consumeStatsList, String brokerAddr,
        long totalDiff) {

    public ConsumeStatsList {
        consumeStatsList = consumeStatsList == null ? List.of() : List.copyOf(consumeStatsList);
    }
}
