package io.petrel.common;

import java.util.Map;
import java.util.Set;

/** GET_CONSUMER_CONNECTION_LIST's body: a group's connections and subscriptions. */
public record ConsumerConnection(Set<ConnectionInfo> connectionSet, Map<String, SubscriptionData> subscriptionTable,
        ConsumeType consumeType, MessageModel messageModel, ConsumeFromWhere consumeFromWhere) {
}
