/**
 * Value types shared by the NameServer, the Broker and the clients, with RocketMQ's names and JSON
 * shapes: topic configs, routes, cluster info, data versions, permissions, topic-name rules, and
 * the JSON mapper that writes bodies the way the official client parses them.
 */
package io.petrel.common;
