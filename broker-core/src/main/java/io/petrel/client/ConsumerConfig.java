package io.petrel.client;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.MessageModel;
import io.petrel.common.MixAll;
import java.time.ZoneOffset;

/**
 * A push consumer's settings with RocketMQ's names and defaults (DefaultMQPushConsumer):
 * clustering, start from the last offset, pull 32 at a time, consume one at a time, at most 1000
 * messages or 100 MiB cached per queue, a 2000-offset span for concurrent consumption, 16 retries
 * (-1), 1 s pause after an orderly failure, 20 listener calls in flight. Built and checked by
 * {@link Builder}; a bad value fails naming it and its allowed range.
 *
 * @param consumeTimestamp {@code yyyyMMddHHmmss} for CONSUME_FROM_TIMESTAMP, or null for half an hour before start
 * @param consumeThreadMax how many listener calls may be in flight at once (the official client's thread count)
 */
public record ConsumerConfig(
        String consumerGroup,
        MessageModel messageModel,
        ConsumeFromWhere consumeFromWhere,
        String consumeTimestamp,
        int pullBatchSize,
        int consumeMessageBatchMaxSize,
        int pullThresholdForQueue,
        int pullThresholdSizeForQueue,
        int consumeConcurrentlyMaxSpan,
        int maxReconsumeTimes,
        long suspendCurrentQueueTimeMillis,
        long pullInterval,
        int consumeThreadMax,
        long awaitTerminationMillisWhenShutdown) {

    public static Builder builder(String consumerGroup) {
        return new Builder(consumerGroup);
    }

    public static ConsumerConfig of(String consumerGroup) {
        return builder(consumerGroup).build();
    }

    /** Retries before the DLQ: {@code maxReconsumeTimes}, with -1 meaning 16 (concurrent consumption). */
    public int effectiveMaxReconsumeTimes() {
        return maxReconsumeTimes == -1 ? 16 : maxReconsumeTimes;
    }

    /** Retries before the DLQ for orderly consumption: -1 means retry forever. */
    public int effectiveOrderlyMaxReconsumeTimes() {
        return maxReconsumeTimes == -1 ? Integer.MAX_VALUE : maxReconsumeTimes;
    }

    public Builder toBuilder() {
        return new Builder(consumerGroup).messageModel(messageModel).consumeFromWhere(consumeFromWhere)
                .consumeTimestamp(consumeTimestamp).pullBatchSize(pullBatchSize)
                .consumeMessageBatchMaxSize(consumeMessageBatchMaxSize).pullThresholdForQueue(pullThresholdForQueue)
                .pullThresholdSizeForQueue(pullThresholdSizeForQueue).consumeConcurrentlyMaxSpan(consumeConcurrentlyMaxSpan)
                .maxReconsumeTimes(maxReconsumeTimes).suspendCurrentQueueTimeMillis(suspendCurrentQueueTimeMillis)
                .pullInterval(pullInterval).consumeThreadMax(consumeThreadMax)
                .awaitTerminationMillisWhenShutdown(awaitTerminationMillisWhenShutdown);
    }

    /** Fluent settings; {@link #build()} checks them the way DefaultMQPushConsumer's checkConfig does. */
    public static final class Builder {
        private final String consumerGroup;
        private MessageModel messageModel = MessageModel.CLUSTERING;
        private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
        private String consumeTimestamp;
        private int pullBatchSize = 32;
        private int consumeMessageBatchMaxSize = 1;
        private int pullThresholdForQueue = 1000;
        private int pullThresholdSizeForQueue = 100;
        private int consumeConcurrentlyMaxSpan = 2000;
        private int maxReconsumeTimes = -1;
        private long suspendCurrentQueueTimeMillis = 1000;
        private long pullInterval;
        private int consumeThreadMax = 20;
        private long awaitTerminationMillisWhenShutdown;

        private Builder(String consumerGroup) {
            this.consumerGroup = consumerGroup;
        }

        public Builder messageModel(MessageModel value) {
            messageModel = value;
            return this;
        }

        public Builder consumeFromWhere(ConsumeFromWhere value) {
            consumeFromWhere = value;
            return this;
        }

        public Builder consumeTimestamp(String value) {
            consumeTimestamp = value;
            return this;
        }

        public Builder pullBatchSize(int value) {
            pullBatchSize = value;
            return this;
        }

        public Builder consumeMessageBatchMaxSize(int value) {
            consumeMessageBatchMaxSize = value;
            return this;
        }

        public Builder pullThresholdForQueue(int value) {
            pullThresholdForQueue = value;
            return this;
        }

        /** In MiB. */
        public Builder pullThresholdSizeForQueue(int value) {
            pullThresholdSizeForQueue = value;
            return this;
        }

        public Builder consumeConcurrentlyMaxSpan(int value) {
            consumeConcurrentlyMaxSpan = value;
            return this;
        }

        public Builder maxReconsumeTimes(int value) {
            maxReconsumeTimes = value;
            return this;
        }

        public Builder suspendCurrentQueueTimeMillis(long value) {
            suspendCurrentQueueTimeMillis = value;
            return this;
        }

        public Builder pullInterval(long value) {
            pullInterval = value;
            return this;
        }

        public Builder consumeThreadMax(int value) {
            consumeThreadMax = value;
            return this;
        }

        public Builder awaitTerminationMillisWhenShutdown(long value) {
            awaitTerminationMillisWhenShutdown = value;
            return this;
        }

        /** @throws ClientException naming the first bad setting */
        public ConsumerConfig build() {
            MessageValidator.checkGroup(consumerGroup, "consumerGroup");
            if (MixAll.DEFAULT_CONSUMER_GROUP.equals(consumerGroup)) {
                throw new ClientException(-1, "consumerGroup can not equal " + MixAll.DEFAULT_CONSUMER_GROUP
                        + ", please specify another one.");
            }
            if (messageModel == null || consumeFromWhere == null) {
                throw new ClientException(-1, "messageModel and consumeFromWhere must be set");
            }
            if (consumeTimestamp != null && ConsumeTimestamps.parse(consumeTimestamp, ZoneOffset.UTC) < 0) {
                throw new ClientException(-1, "consumeTimestamp is invalid, the format is yyyyMMddHHmmss,but received "
                        + consumeTimestamp);
            }
            range("pullBatchSize", pullBatchSize, 1, 1024);
            range("consumeMessageBatchMaxSize", consumeMessageBatchMaxSize, 1, 1024);
            range("pullThresholdForQueue", pullThresholdForQueue, 1, 65535);
            range("pullThresholdSizeForQueue", pullThresholdSizeForQueue, 1, 1024);
            range("consumeConcurrentlyMaxSpan", consumeConcurrentlyMaxSpan, 1, 65535);
            range("maxReconsumeTimes", maxReconsumeTimes, -1, 65535);
            range("suspendCurrentQueueTimeMillis", suspendCurrentQueueTimeMillis, 10, 30_000);
            range("pullInterval", pullInterval, 0, 65535);
            range("consumeThreadMax", consumeThreadMax, 1, 1000);
            range("awaitTerminationMillisWhenShutdown", awaitTerminationMillisWhenShutdown, 0, 600_000);
            return new ConsumerConfig(consumerGroup, messageModel, consumeFromWhere, consumeTimestamp, pullBatchSize,
                    consumeMessageBatchMaxSize, pullThresholdForQueue, pullThresholdSizeForQueue, consumeConcurrentlyMaxSpan,
                    maxReconsumeTimes, suspendCurrentQueueTimeMillis, pullInterval, consumeThreadMax,
                    awaitTerminationMillisWhenShutdown);
        }

        private static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new ClientException(-1, name + " Out of range [" + min + ", " + max + "]: " + value);
            }
        }
    }
}
