package io.petrel.common;

import java.util.LinkedHashSet;
import java.util.Set;

/** A client's heartbeat body: its id and every producer and consumer group it has. */
public record HeartbeatData(String clientID, Set<ProducerData> producerDataSet, Set<ConsumerData> consumerDataSet) {

    public HeartbeatData {
        producerDataSet = producerDataSet == null ? new LinkedHashSet<>() : new LinkedHashSet<>(producerDataSet);
        consumerDataSet = consumerDataSet == null ? new LinkedHashSet<>() : new LinkedHashSet<>(consumerDataSet);
    }
}
