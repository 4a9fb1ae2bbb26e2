/**
 * Value types shared by the NameServer, the Broker, the store and the clients, with RocketMQ's
 * names and JSON shapes: topic configs, routes, cluster info, data versions, permissions,
 * topic-name rules, the JSON mapper that writes bodies the way the official client parses them,
 * and the always-on invariant checks ({@link io.petrel.common.Check}).
 *
 * <p>May use only the JDK, Jackson and {@code io.petrel.env}. Holds no state, so a crash does
 * nothing to it.
 */
package io.petrel.common;
