package io.petrel.admin;

import java.util.Map;

/**
 * getBrokerConfig's data for one broker: its address, its master's when it is a slave listed
 * under a cluster (else null), and its config sorted by key or why it could not be read.
 */
public record BrokerConfigSection(String address, String masterAddress, boolean listedByCluster,
        Settled<Map<String, String>> config) {
}
