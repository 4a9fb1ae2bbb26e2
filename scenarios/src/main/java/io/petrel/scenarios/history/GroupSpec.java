package io.petrel.scenarios.history;

import java.util.List;
import java.util.Set;

/**
 * A consumer group as the workload set it up: how it consumes, the topics it subscribes (each
 * from its first offset), how many retries before the DLQ (-1 when its listener never rejects),
 * and its members' names.
 */
public record GroupSpec(String group, ConsumerKind kind, Set<String> topics, int retryMaxTimes, List<String> members) {
}
