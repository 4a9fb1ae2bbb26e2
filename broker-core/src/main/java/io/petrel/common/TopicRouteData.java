package io.petrel.common;

import java.util.List;
import java.util.Map;

/**
 * A topic's route exactly as the official client parses it: which brokers hold its queues (and
 * with which permission), and every such broker's addresses.
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
        Map<String, List<String>> filterServerTable) {
}
