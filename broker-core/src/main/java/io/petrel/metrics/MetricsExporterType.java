package io.petrel.metrics;

/**
 * RocketMQ 5.x's {@code metricsExporterType} values. Petrel serves {@link #PROM} (a Prometheus
 * endpoint on the node itself) and {@link #DISABLE}; it has no OpenTelemetry exporter, so
 * {@link #OTLP_GRPC} and {@link #LOG} are refused at start-up by {@link MetricsKeys}.
 */
public enum MetricsExporterType {
    DISABLE,
    OTLP_GRPC,
    PROM,
    LOG
}
