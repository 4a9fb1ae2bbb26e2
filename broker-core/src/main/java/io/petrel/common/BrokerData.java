package io.petrel.common;

import java.util.TreeMap;

/**
 * The addresses of one broker group, keyed by broker id (0 = master). The map is sorted, so the
 * master comes first in JSON and in iteration.
 */
public record BrokerData(String cluster, String brokerName, TreeMap<Long, String> brokerAddrs) {

    public static final long MASTER_ID = 0L;

    public BrokerData {
        brokerAddrs = brokerAddrs == null ? new TreeMap<>() : new TreeMap<>(brokerAddrs);
    }

    /** The master's address, or null when the group has no master registered. */
    public String masterAddress() {
        return brokerAddrs.get(MASTER_ID);
    }
}
