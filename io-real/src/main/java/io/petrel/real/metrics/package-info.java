/**
 * The Prometheus endpoint of a broker or NameServer process ({@code metricsExporterType=PROM}):
 * {@code GET /metrics} on {@code metricsPromExporterHost:metricsPromExporterPort} answers the node's
 * metrics in the text exposition format 0.0.4.
 *
 * <p>It is built on the JDK's {@code com.sun.net.httpserver} rather than a Netty HTTP pipeline on
 * purpose: a scrape comes every few seconds, so nothing here needs Netty's throughput, and the
 * JDK server keeps scrapes on one thread of their own ({@code petrel-<node>-metrics}), away from
 * the IO threads that carry client traffic, with no codec, aggregator or handler of ours to get
 * wrong. The counting lives in broker-core and belongs to the node's loop, so a scrape does not
 * read it from this thread: it posts the rendering to the loop ({@link io.petrel.real.RealNode#onLoop})
 * and waits for the text, bounded; a node too busy to answer in time gets 503, never a torn read.
 */
package io.petrel.real.metrics;
