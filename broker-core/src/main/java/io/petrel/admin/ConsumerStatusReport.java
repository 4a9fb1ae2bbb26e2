package io.petrel.admin;

import io.petrel.common.ConsumerConnection;
import io.petrel.common.ConsumerRunningInfo;
import java.util.Map;

/**
 * consumerStatus: a group's connections and each client's running info (or why it could not be
 * fetched), keyed by client id in sorted order.
 */
public record ConsumerStatusReport(String group, ConsumerConnection connection,
        Map<String, Settled<ConsumerRunningInfo>> runningInfo) {
}
