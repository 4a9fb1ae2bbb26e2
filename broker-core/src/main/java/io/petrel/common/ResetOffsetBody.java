package io.petrel.common;

import java.util.Map;
import java.util.TreeMap;

/**
 * The new offset of every queue, in INVOKE_BROKER_TO_RESET_OFFSET's answer and in the
 * RESET_CONSUMER_CLIENT_OFFSET a broker sends to each consumer.
 */
public record ResetOffsetBody(Map<MessageQueue, Long> offsetTable) {

    public ResetOffsetBody {
        offsetTable = offsetTable == null ? new TreeMap<>() : new TreeMap<>(offsetTable);
    }
}
