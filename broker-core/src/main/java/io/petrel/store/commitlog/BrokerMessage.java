package io.petrel.store.commitlog;

import io.petrel.common.message.HostAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message as the broker hands it to the store (RocketMQ's {@code MessageExtBrokerInner}): what the
 * producer sent plus what the broker knows of the connection. The store adds the store timestamp,
 * the store host, the offsets and the CRC. Properties keep their order. Immutable (the body array
 * must not be changed after it is handed over).
 */
public record BrokerMessage(
        String topic,
        int queueId,
        int flag,
        byte[] body,
        Map<String, String> properties,
        long bornTimestamp,
        HostAddress bornHost,
        int sysFlag,
        int reconsumeTimes,
        long preparedTransactionOffset) {

    public BrokerMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bornHost, "bornHost");
        properties = Collections.unmodifiableMap(properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties));
    }

    /** A plain message with the common defaults (flag 0, no sysFlag, first delivery). */
    public static BrokerMessage of(String topic, int queueId, byte[] body, Map<String, String> properties,
            long bornTimestamp, HostAddress bornHost) {
        return new BrokerMessage(topic, queueId, 0, body, properties, bornTimestamp, bornHost, 0, 0, 0);
    }

    /** A copy with another topic, queue and properties (the delay rewrite). */
    public BrokerMessage rerouted(String newTopic, int newQueueId, Map<String, String> newProperties) {
        return new BrokerMessage(newTopic, newQueueId, flag, body, newProperties, bornTimestamp, bornHost, sysFlag,
                reconsumeTimes, preparedTransactionOffset);
    }
}
