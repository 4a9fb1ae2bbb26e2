package io.petrel.admin;

import io.petrel.common.MessageQueue;
import java.util.Map;

/**
 * getConsumerStatus: each client's in-memory offset per queue of the topic, keyed by client id.
 * {@code source} says how they were read: from INVOKE_BROKER_TO_GET_CONSUMER_STATUS, or (for a
 * broker that does not serve it) from each client's running info.
 */
public record ConsumerOffsetsReport(String topic, String group, String clientFilter,
        Map<String, Map<MessageQueue, Long>> offsets, Source source) {

    /** Where the offsets came from. */
    public enum Source { CONSUMER_STATUS, RUNNING_INFO }
}
