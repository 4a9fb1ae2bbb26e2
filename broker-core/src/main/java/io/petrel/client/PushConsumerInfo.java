package io.petrel.client;

import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.SubscriptionData;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A push consumer's answer to GET_CONSUMER_RUNNING_INFO (mqadmin consumerStatus): its settings
 * under RocketMQ's property names, subscriptions, owned queues with their caches and locks, and
 * per-topic rates over the last minute.
 */
final class PushConsumerInfo {

    private PushConsumerInfo() {
    }

    static ConsumerRunningInfo of(PushConsumer consumer, ClientInstance instance, ConsumerConfig config, long startMs,
            Map<String, SubscriptionData> userSubscriptions) {
        Map<String, String> p = new TreeMap<>();
        StringJoiner namesrvs = new StringJoiner(";");
        instance.config().namesrvAddrs().forEach(a -> namesrvs.add(a.toString()));
        p.put(ConsumerRunningInfo.PROP_NAMESERVER_ADDR, namesrvs.toString());
        p.put(ConsumerRunningInfo.PROP_CONSUME_TYPE, ConsumeType.CONSUME_PASSIVELY.name());
        p.put(ConsumerRunningInfo.PROP_CONSUME_ORDERLY, String.valueOf(consumer.consumeService() != null
                && consumer.consumeService().orderly()));
        p.put(ConsumerRunningInfo.PROP_THREADPOOL_CORE_SIZE, String.valueOf(config.consumeThreadMax()));
        p.put(ConsumerRunningInfo.PROP_CLIENT_VERSION, PushConsumer.version());
        p.put(ConsumerRunningInfo.PROP_CONSUMER_START_TIMESTAMP, String.valueOf(startMs));
        p.put("consumerGroup", config.consumerGroup());
        p.put("messageModel", config.messageModel().name());
        p.put("consumeFromWhere", config.consumeFromWhere().name());
        p.put("consumeTimestamp", String.valueOf(config.consumeTimestamp()));
        p.put("pullBatchSize", String.valueOf(config.pullBatchSize()));
        p.put("consumeMessageBatchMaxSize", String.valueOf(config.consumeMessageBatchMaxSize()));
        p.put("pullThresholdForQueue", String.valueOf(config.pullThresholdForQueue()));
        p.put("pullThresholdSizeForQueue", String.valueOf(config.pullThresholdSizeForQueue()));
        p.put("consumeConcurrentlyMaxSpan", String.valueOf(config.consumeConcurrentlyMaxSpan()));
        p.put("maxReconsumeTimes", String.valueOf(config.maxReconsumeTimes()));
        p.put("suspendCurrentQueueTimeMillis", String.valueOf(config.suspendCurrentQueueTimeMillis()));
        p.put("pullInterval", String.valueOf(config.pullInterval()));
        p.put("consumeThreadMax", String.valueOf(config.consumeThreadMax()));
        p.put("clientIP", instance.config().clientIP());
        p.put("instanceName", instance.config().instanceName());
        boolean running = consumer.rebalancer() != null;
        return new ConsumerRunningInfo(p,
                new LinkedHashSet<>(running ? consumer.rebalancer().subscriptions().values() : userSubscriptions.values()),
                running ? consumer.processQueueInfos() : new TreeMap<>(),
                consumer.consumerStats().status(instance.env().clock().nowMs()), null);
    }
}
