/**
 * The broker's Prometheus metrics: per-topic and per-group cells counted on the send and pull paths
 * (RocketMQ 5.x's {@code rocketmq_messages_in_total}, {@code rocketmq_throughput_in_total},
 * {@code rocketmq_messages_out_total}, {@code rocketmq_throughput_out_total}), and the gauges read
 * from the broker's parts when a scrape renders them (consumer lag, topic and group numbers,
 * permission, the store's flush and dispatch positions, disk usage, force latency, replication
 * lag). Exists only with {@code metricsExporterType=PROM}. May use {@code io.petrel.metrics},
 * {@code io.petrel.common} and the broker's parts it reads. Single-threaded on the broker's loop;
 * everything starts from zero after a restart.
 */
package io.petrel.broker.metrics;
