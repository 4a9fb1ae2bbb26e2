package io.petrel.admin;

import java.util.Map;

/**
 * One broker address of {@code clusterList}: where it sits and its runtime info
 * (GET_BROKER_RUNTIME_INFO, all values strings) or why that could not be read.
 */
public record ClusterRow(String cluster, String brokerName, long brokerId, String address,
        Settled<Map<String, String>> runtime) {
}
