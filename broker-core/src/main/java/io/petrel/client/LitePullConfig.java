package io.petrel.client;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.MessageModel;
import io.petrel.common.MixAll;

/**
 * A lite pull consumer's settings with RocketMQ's names and defaults (DefaultLitePullConsumer):
 * clustering, from the last offset, 10 messages per pull, at most 10,000 messages cached overall
 * and 1000 (or 100 MiB) per queue, auto-commit every 5 s, 5 s poll timeout, 20 s broker hold.
 */
public record LitePullConfig(
        String consumerGroup,
        MessageModel messageModel,
        ConsumeFromWhere consumeFromWhere,
        String consumeTimestamp,
        int pullBatchSize,
        int pullThresholdForAll,
        int pullThresholdForQueue,
        int pullThresholdSizeForQueue,
        boolean autoCommit,
        long autoCommitIntervalMillis,
        long pollTimeoutMillis,
        long brokerSuspendMaxTimeMillis,
        long consumerTimeoutMillisWhenSuspend) {

    public static LitePullConfig of(String consumerGroup) {
        return new LitePullConfig(consumerGroup, MessageModel.CLUSTERING, ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, null,
                10, 10_000, 1000, 100, true, 5_000, 5_000, 20_000, 30_000);
    }

    public LitePullConfig withMessageModel(MessageModel model) {
        return new LitePullConfig(consumerGroup, model, consumeFromWhere, consumeTimestamp, pullBatchSize,
                pullThresholdForAll, pullThresholdForQueue, pullThresholdSizeForQueue, autoCommit, autoCommitIntervalMillis,
                pollTimeoutMillis, brokerSuspendMaxTimeMillis, consumerTimeoutMillisWhenSuspend);
    }

    public LitePullConfig withConsumeFromWhere(ConsumeFromWhere where) {
        return new LitePullConfig(consumerGroup, messageModel, where, consumeTimestamp, pullBatchSize,
                pullThresholdForAll, pullThresholdForQueue, pullThresholdSizeForQueue, autoCommit, autoCommitIntervalMillis,
                pollTimeoutMillis, brokerSuspendMaxTimeMillis, consumerTimeoutMillisWhenSuspend);
    }

    public LitePullConfig withAutoCommit(boolean enabled) {
        return new LitePullConfig(consumerGroup, messageModel, consumeFromWhere, consumeTimestamp, pullBatchSize,
                pullThresholdForAll, pullThresholdForQueue, pullThresholdSizeForQueue, enabled, autoCommitIntervalMillis,
                pollTimeoutMillis, brokerSuspendMaxTimeMillis, consumerTimeoutMillisWhenSuspend);
    }

    public LitePullConfig withPullBatchSize(int size) {
        return new LitePullConfig(consumerGroup, messageModel, consumeFromWhere, consumeTimestamp, size,
                pullThresholdForAll, pullThresholdForQueue, pullThresholdSizeForQueue, autoCommit, autoCommitIntervalMillis,
                pollTimeoutMillis, brokerSuspendMaxTimeMillis, consumerTimeoutMillisWhenSuspend);
    }

    /** @throws ClientException naming the first bad setting */
    void check() {
        MessageValidator.checkGroup(consumerGroup, "consumerGroup");
        if (MixAll.DEFAULT_CONSUMER_GROUP.equals(consumerGroup)) {
            throw new ClientException(-1, "consumerGroup can not equal " + MixAll.DEFAULT_CONSUMER_GROUP
                    + ", please specify another one.");
        }
        if (messageModel == null || consumeFromWhere == null) {
            throw new ClientException(-1, "messageModel and consumeFromWhere must be set");
        }
        range("pullBatchSize", pullBatchSize, 1, 1024);
        range("pullThresholdForAll", pullThresholdForAll, 1, Integer.MAX_VALUE);
        range("pullThresholdForQueue", pullThresholdForQueue, 1, 65535);
        range("pullThresholdSizeForQueue", pullThresholdSizeForQueue, 1, 1024);
        range("autoCommitIntervalMillis", autoCommitIntervalMillis, 1000, Long.MAX_VALUE);
        range("pollTimeoutMillis", pollTimeoutMillis, 0, Long.MAX_VALUE);
        if (brokerSuspendMaxTimeMillis >= consumerTimeoutMillisWhenSuspend) {
            throw new ClientException(-1, "Long polling mode, the consumer consumerTimeoutMillisWhenSuspend must greater than "
                    + "brokerSuspendMaxTimeMillis");
        }
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ClientException(-1, name + " Out of range [" + min + ", " + max + "]: " + value);
        }
    }
}
