package io.petrel.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.TreeMap;

/**
 * GET_CONSUME_STATS's body: a group's progress on every read queue it has offsets for on one
 * broker, and its consume rate there. mqadmin merges the answers of every broker.
 */
public record ConsumeStats(Map<MessageQueue, OffsetWrapper> offsetTable, double consumeTps) {

    public ConsumeStats {
        offsetTable = offsetTable == null ? new TreeMap<>() : new TreeMap<>(offsetTable);
    }

    /** The messages not yet consumed: the sum over queues of broker offset minus consumer offset. */
    @JsonIgnore
    public long totalDiff() {
        long diff = 0;
        for (OffsetWrapper w : offsetTable.values()) {
            diff += w.brokerOffset() - w.consumerOffset();
        }
        return diff;
    }
}
