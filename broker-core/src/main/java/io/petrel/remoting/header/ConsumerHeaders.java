package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/** Headers of the consumer-side requests a broker serves (docs/protocol.md §3.4). */
public final class ConsumerHeaders {

    private ConsumerHeaders() {
    }

    public record PullMessageRequestHeader(@Required String consumerGroup, @Required String topic,
            @Required Integer queueId, @Required Long queueOffset, @Required Integer maxMsgNums, @Required Integer sysFlag,
            @Required Long commitOffset, @Required Long suspendTimeoutMillis, String subscription, @Required Long subVersion,
            String expressionType, String bname) {
    }

    /** Every field is required by the client. */
    public record PullMessageResponseHeader(@Required Long suggestWhichBrokerId, @Required Long nextBeginOffset,
            @Required Long minOffset, @Required Long maxOffset) {
    }

    public record QueryConsumerOffsetRequestHeader(@Required String consumerGroup, @Required String topic,
            @Required Integer queueId, String bname) {
    }

    public record QueryConsumerOffsetResponseHeader(@Required Long offset) {
    }

    public record UpdateConsumerOffsetRequestHeader(@Required String consumerGroup, @Required String topic,
            @Required Integer queueId, @Required Long commitOffset, String bname) {
    }

    public record GetConsumerListByGroupRequestHeader(@Required String consumerGroup) {
    }

    public record NotifyConsumerIdsChangedRequestHeader(@Required String consumerGroup) {
    }

    public record UnregisterClientRequestHeader(@Required String clientID, String producerGroup, String consumerGroup) {
    }

    public record GetMaxOffsetRequestHeader(@Required String topic, @Required Integer queueId, String bname) {
    }

    public record GetMinOffsetRequestHeader(@Required String topic, @Required Integer queueId, String bname) {
    }

    /** GET_MAX_OFFSET's and GET_MIN_OFFSET's answer. */
    public record OffsetResponseHeader(@Required Long offset) {
    }

    public record SearchOffsetRequestHeader(@Required String topic, @Required Integer queueId, @Required Long timestamp,
            String bname) {
    }

    public record GetEarliestMsgStoretimeRequestHeader(@Required String topic, @Required Integer queueId, String bname) {
    }

    public record GetEarliestMsgStoretimeResponseHeader(@Required Long timestamp) {
    }

    public record ConsumerSendMsgBackRequestHeader(@Required Long offset, @Required String group,
            @Required Integer delayLevel, String originMsgId, String originTopic, boolean unitMode,
            Integer maxReconsumeTimes, String bname) {
    }

    public record QueryMessageRequestHeader(@Required String topic, @Required String key, @Required Integer maxNum,
            @Required Long beginTimestamp, @Required Long endTimestamp) {
    }

    public record QueryMessageResponseHeader(@Required Long indexLastUpdateTimestamp, @Required Long indexLastUpdatePhyoffset) {
    }

    public record ViewMessageRequestHeader(@Required Long offset) {
    }
}
