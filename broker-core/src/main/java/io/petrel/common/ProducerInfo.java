package io.petrel.common;

/**
 * One live producer connection in GET_ALL_PRODUCER_INFO's body (RocketMQ's {@code ProducerInfo}):
 * its client id, remote address (ip:port), language, version and the wall time of its last
 * heartbeat in ms.
 */
public record ProducerInfo(String clientId, String remoteIP, String language, int version, long lastUpdateTimestamp) {
}
