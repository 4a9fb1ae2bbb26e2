package io.petrel.common;

import java.util.LinkedHashSet;
import java.util.Set;

/** A consumer group in a heartbeat, with every subscription of the client in that group. */
public record ConsumerData(String groupName, ConsumeType consumeType, MessageModel messageModel,
        ConsumeFromWhere consumeFromWhere, Set<SubscriptionData> subscriptionDataSet, boolean unitMode) {

    public ConsumerData {
        subscriptionDataSet = subscriptionDataSet == null ? new LinkedHashSet<>() : new LinkedHashSet<>(subscriptionDataSet);
    }
}
