package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/** Headers of the admin requests mqadmin sends to brokers (docs/protocol.md §3.6). */
public final class AdminHeaders {

    private AdminHeaders() {
    }

    public record CreateTopicRequestHeader(@Required String topic, @Required String defaultTopic,
            @Required Integer readQueueNums, @Required Integer writeQueueNums, @Required Integer perm,
            @Required String topicFilterType, Integer topicSysFlag, @Required Boolean order) {
    }

    public record DeleteTopicRequestHeader(@Required String topic) {
    }

    public record DeleteSubscriptionGroupRequestHeader(@Required String groupName, boolean removeOffset) {
    }

    public record GetTopicStatsInfoRequestHeader(@Required String topic) {
    }

    public record GetConsumeStatsRequestHeader(@Required String consumerGroup, String topic) {
    }

    public record GetConsumerConnectionListRequestHeader(@Required String consumerGroup) {
    }

    public record GetProducerConnectionListRequestHeader(@Required String producerGroup) {
    }

    public record QueryTopicConsumeByWhoRequestHeader(@Required String topic) {
    }

    /** GET_TOPIC_CONFIG (351, RocketMQ 5.x): one topic's config; {@code lo} asks for a static topic's mapping. */
    public record GetTopicConfigRequestHeader(@Required String topic, Boolean lo) {
    }

    public record GetBrokerConfigResponseHeader(@Required String version) {
    }

    public record GetConsumerRunningInfoRequestHeader(@Required String consumerGroup, @Required String clientId,
            boolean jstackEnable) {
    }

    public record ResetOffsetRequestHeader(@Required String topic, @Required String group, @Required Long timestamp,
            @Required Boolean isForce) {
    }

    public record GetConsumerStatusRequestHeader(@Required String topic, @Required String group, String clientAddr) {
    }

    public record ViewBrokerStatsDataRequestHeader(@Required String statsName, @Required String statsKey) {
    }
}
