package io.petrel.admin;

import io.petrel.common.SubscriptionGroupConfig;

/**
 * One broker group's settings for a consumer group, as getConsumerConfig prints them: the cluster
 * and broker name, the address they were read from, and the settings, or the error reading them.
 */
public record GroupConfigRow(String cluster, String brokerName, String address, SubscriptionGroupConfig config,
        AdminException error) {

    public boolean isOk() {
        return error == null;
    }
}
