package io.petrel.client;

import io.petrel.common.ConsumerData;
import io.petrel.common.ConsumerRunningInfo;
import io.petrel.common.MessageQueue;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;

/** What the client instance needs from each consumer it hosts (push or lite pull). */
interface ConsumerMember {

    String group();

    /** The group's entry in heartbeats, every subscription included. */
    ConsumerData heartbeatData();

    /** Topics whose routes the instance must keep fresh (retry topic included). */
    Collection<String> subscribedTopics();

    /** Divide the group's queues again (periodically, and when the broker says members changed). */
    void rebalance();

    /** Commit consumption progress; {@code done} runs once the commits were sent. */
    void persistOffsets(Runnable done);

    /** Answers GET_CONSUMER_RUNNING_INFO. */
    ConsumerRunningInfo runningInfo();

    /** Current consume offsets of a topic's owned queues (GET_CONSUMER_STATUS_FROM_CLIENT). */
    Map<MessageQueue, Long> consumeOffsets(String topic);

    /** RESET_CONSUMER_CLIENT_OFFSET: move owned queues to these offsets. */
    void resetOffsets(String topic, Map<MessageQueue, Long> offsets);

    /**
     * CONSUME_MESSAGE_DIRECTLY (an admin asks this member to consume one message now): hands it to
     * the listener and reports RocketMQ's CMResult name (CR_SUCCESS, CR_LATER, CR_THROW_EXCEPTION,
     * ...) with a remark; members without a listener answer null.
     */
    default void consumeDirectly(MessageExt message, BiConsumer<String, String> result) {
        result.accept(null, "this consumer has no listener to consume with");
    }
}
