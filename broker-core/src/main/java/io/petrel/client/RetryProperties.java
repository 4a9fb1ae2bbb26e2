package io.petrel.client;

/** The properties RocketMQ uses to carry a message through retry topics and into the DLQ. */
final class RetryProperties {

    static final String RETRY_TOPIC = "RETRY_TOPIC";
    static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    static final String RECONSUME_TIME = "RECONSUME_TIME";
    static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    static final String CONSUME_START_TIME = "CONSUME_START_TIME";

    private RetryProperties() {
    }
}
