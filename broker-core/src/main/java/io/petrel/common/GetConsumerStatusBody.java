package io.petrel.common;

import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer's offsets as it holds them in memory. A client answers GET_CONSUMER_STATUS_FROM_CLIENT
 * with {@code messageQueueTable}; a broker answers INVOKE_BROKER_TO_GET_CONSUMER_STATUS with
 * {@code consumerTable}, those answers keyed by client id.
 */
public record GetConsumerStatusBody(Map<MessageQueue, Long> messageQueueTable,
        Map<String, Map<MessageQueue, Long>> consumerTable) {

    public GetConsumerStatusBody {
        messageQueueTable = messageQueueTable == null ? new TreeMap<>() : new TreeMap<>(messageQueueTable);
        TreeMap<String, Map<MessageQueue, Long>> byClient = new TreeMap<>();
        if (consumerTable != null) {
            consumerTable.forEach((client, table) -> byClient.put(client, new TreeMap<>(table)));
        }
        consumerTable = byClient;
    }
}
