package io.petrel.common;

import java.util.Map;

/** subscriptionGroup.json's shape and GET_ALL_SUBSCRIPTIONGROUP_CONFIG's body. */
public record SubscriptionGroupWrapper(Map<String, SubscriptionGroupConfig> subscriptionGroupTable, DataVersion dataVersion) {
}
