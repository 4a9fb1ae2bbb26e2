package io.petrel.common;

/** One client connection as admin bodies show it (RocketMQ's {@code Connection} body class). */
public record ConnectionInfo(String clientId, String clientAddr, String language, int version) {
}
