package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/**
 * Headers of the admin requests about a group's progress and the store's queues (docs/protocol.md
 * §3.2), field names as RocketMQ 4.9.8 sends them.
 */
public final class ProgressHeaders {

    private ProgressHeaders() {
    }

    /** QUERY_CONSUME_TIME_SPAN (303). */
    public record QueryConsumeTimeSpanRequestHeader(@Required String topic, @Required String group) {
    }

    /** QUERY_CORRECTION_OFFSET (308); {@code filterGroups} is a comma-separated list. */
    public record QueryCorrectionOffsetHeader(String filterGroups, @Required String compareGroup,
            @Required String topic) {
    }

    /** CLONE_GROUP_OFFSET (314). */
    public record CloneGroupOffsetRequestHeader(@Required String srcGroup, @Required String destGroup, String topic,
            boolean offline) {
    }

    /** GET_BROKER_CONSUME_STATS (317); RocketMQ names the field {@code isOrder} on the wire. */
    public record GetConsumeStatsInBrokerHeader(boolean isOrder) {
    }

    /** QUERY_CONSUME_QUEUE (321). */
    public record QueryConsumeQueueRequestHeader(String topic, int queueId, long index, int count,
            String consumerGroup) {
    }
}
