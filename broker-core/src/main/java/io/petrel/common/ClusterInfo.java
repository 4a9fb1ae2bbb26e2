package io.petrel.common;

import java.util.Map;
import java.util.Set;

/** Every broker group and which cluster each belongs to. */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
}
