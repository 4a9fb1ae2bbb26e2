package io.petrel.common;

/** A producer group in a heartbeat. */
public record ProducerData(String groupName) {
}
