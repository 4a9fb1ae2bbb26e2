package io.petrel.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A consumer group's settings on a broker, with RocketMQ's defaults for any field a body leaves
 * out: consume, consume-from-min and broadcast enabled, 1 retry queue, 16 retries, broker 0,
 * slow-consumer broker 1, notify on membership changes.
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
        boolean consumeBroadcastEnable, int retryQueueNums, int retryMaxTimes, long brokerId,
        long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable) {

    public static SubscriptionGroupConfig defaults(String group) {
        return new SubscriptionGroupConfig(group, true, true, true, 1, 16, 0, 1, true);
    }

    @JsonCreator
    static SubscriptionGroupConfig fromJson(@JsonProperty("groupName") String groupName,
            @JsonProperty("consumeEnable") Boolean consumeEnable,
            @JsonProperty("consumeFromMinEnable") Boolean consumeFromMinEnable,
            @JsonProperty("consumeBroadcastEnable") Boolean consumeBroadcastEnable,
            @JsonProperty("retryQueueNums") Integer retryQueueNums,
            @JsonProperty("retryMaxTimes") Integer retryMaxTimes,
            @JsonProperty("brokerId") Long brokerId,
            @JsonProperty("whichBrokerWhenConsumeSlowly") Long whichBrokerWhenConsumeSlowly,
            @JsonProperty("notifyConsumerIdsChangedEnable") Boolean notifyConsumerIdsChangedEnable) {
        return new SubscriptionGroupConfig(groupName, or(consumeEnable, true), or(consumeFromMinEnable, true),
                or(consumeBroadcastEnable, true), retryQueueNums == null ? 1 : retryQueueNums,
                retryMaxTimes == null ? 16 : retryMaxTimes, brokerId == null ? 0 : brokerId,
                whichBrokerWhenConsumeSlowly == null ? 1 : whichBrokerWhenConsumeSlowly,
                or(notifyConsumerIdsChangedEnable, true));
    }

    private static boolean or(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }
}
