package io.petrel.client;

/**
 * A producer's settings with RocketMQ's names and defaults: 3 s send timeout, 2 retries (sync and
 * async), compression above 4 KiB, 4 MiB max message, 4 queues for auto-created topics through
 * TBW102, latency fault avoidance off.
 */
public record ProducerConfig(
        String producerGroup,
        long sendMsgTimeoutMs,
        int retryTimesWhenSendFailed,
        int retryTimesWhenSendAsyncFailed,
        boolean retryAnotherBrokerWhenNotStoreOK,
        int compressMsgBodyOverHowmuch,
        int maxMessageSize,
        int defaultTopicQueueNums,
        String createTopicKey,
        boolean sendLatencyFaultEnable) {

    public static ProducerConfig of(String producerGroup) {
        return new ProducerConfig(producerGroup, 3_000, 2, 2, false, 4 * 1024, 4 * 1024 * 1024, 4, "TBW102", false);
    }

    public ProducerConfig withSendLatencyFaultEnable(boolean enabled) {
        return new ProducerConfig(producerGroup, sendMsgTimeoutMs, retryTimesWhenSendFailed, retryTimesWhenSendAsyncFailed,
                retryAnotherBrokerWhenNotStoreOK, compressMsgBodyOverHowmuch, maxMessageSize, defaultTopicQueueNums,
                createTopicKey, enabled);
    }

    public ProducerConfig withSendMsgTimeoutMs(long timeoutMs) {
        return new ProducerConfig(producerGroup, timeoutMs, retryTimesWhenSendFailed, retryTimesWhenSendAsyncFailed,
                retryAnotherBrokerWhenNotStoreOK, compressMsgBodyOverHowmuch, maxMessageSize, defaultTopicQueueNums,
                createTopicKey, sendLatencyFaultEnable);
    }

    public ProducerConfig withRetryTimesWhenSendFailed(int times) {
        return new ProducerConfig(producerGroup, sendMsgTimeoutMs, times, retryTimesWhenSendAsyncFailed,
                retryAnotherBrokerWhenNotStoreOK, compressMsgBodyOverHowmuch, maxMessageSize, defaultTopicQueueNums,
                createTopicKey, sendLatencyFaultEnable);
    }

    public ProducerConfig withRetryAnotherBrokerWhenNotStoreOK(boolean retry) {
        return new ProducerConfig(producerGroup, sendMsgTimeoutMs, retryTimesWhenSendFailed, retryTimesWhenSendAsyncFailed,
                retry, compressMsgBodyOverHowmuch, maxMessageSize, defaultTopicQueueNums, createTopicKey,
                sendLatencyFaultEnable);
    }
}
