/**
 * Metrics for Prometheus: plain counters and fixed-bucket histograms that the nodes update on
 * their existing paths, and the writer that renders them in Prometheus' text exposition format
 * (version 0.0.4). Also the three keys that switch the endpoint on, with RocketMQ 5.x's names
 * ({@code metricsExporterType}, {@code metricsPromExporterHost}, {@code metricsPromExporterPort}).
 *
 * <p>Everything here is single-threaded on the owning node's loop: updating is a few additions on
 * fields and arrays allocated when a cell is first needed, never per message; rendering happens on
 * the loop too, when the io-real endpoint asks for a scrape, so a scrape sees one consistent
 * moment of the node. Durations come from the node's {@link io.petrel.env.Clock#nanoTime()}.
 * Nothing here survives a restart: counters start from zero, as Prometheus expects of a process
 * that restarted. May use {@code io.petrel.config} only; the HTTP side is io-real's
 * ({@code io.petrel.real.metrics}).
 */
package io.petrel.metrics;
