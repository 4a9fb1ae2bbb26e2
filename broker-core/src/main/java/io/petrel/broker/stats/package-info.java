/**
 * The broker's traffic statistics: per-topic and per-group counters kept on the send and pull
 * paths with a few additions each, sampled on the broker's loop into small bounded windows for
 * GET_BROKER_RUNTIME_INFO (putTps, getTransferedTps, daily totals), VIEW_BROKER_STATS_DATA and
 * GET_CONSUME_STATS' consumeTps. May use {@code io.petrel.env} and {@code io.petrel.common}.
 * Everything here lives in memory and starts from zero after a restart, as in RocketMQ.
 */
package io.petrel.broker.stats;
