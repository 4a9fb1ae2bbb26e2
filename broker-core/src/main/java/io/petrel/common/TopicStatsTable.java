package io.petrel.common;

import java.util.Map;
import java.util.TreeMap;

/** GET_TOPIC_STATS_INFO's body: every write queue of a topic on one broker, sorted by queue. */
public record TopicStatsTable(Map<MessageQueue, TopicOffset> offsetTable) {

    public TopicStatsTable {
        offsetTable = offsetTable == null ? new TreeMap<>() : new TreeMap<>(offsetTable);
    }
}
