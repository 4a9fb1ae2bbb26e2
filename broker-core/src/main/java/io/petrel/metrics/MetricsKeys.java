package io.petrel.metrics;

import io.petrel.config.ConfigKey;
import io.petrel.config.ValueType;
import java.util.List;

/**
 * The keys that switch a node's Prometheus endpoint on, with RocketMQ 5.x's names and defaults;
 * the broker's and the NameServer's registries both hold them. Off by default, as in 5.x. An
 * exporter Petrel does not have (OTLP_GRPC, LOG) refuses to start, naming the value: starting
 * without the metrics the operator asked for would be silent.
 */
public final class MetricsKeys {

    /** RocketMQ 5.x's default port of the Prometheus endpoint. */
    public static final int DEFAULT_PROM_PORT = 5557;

    public static final ConfigKey<MetricsExporterType> METRICS_EXPORTER_TYPE = ConfigKey.builder("metricsExporterType",
                    ValueType.enumOf(MetricsExporterType.class)).defaultValue(MetricsExporterType.DISABLE)
            .check(MetricsKeys::refuseMissingExporters).important()
            .doc("DISABLE, or PROM to serve Prometheus metrics on metricsPromExporterHost:metricsPromExporterPort"
                    + " (/metrics)").build();
    public static final ConfigKey<String> METRICS_PROM_EXPORTER_HOST = ConfigKey.builder("metricsPromExporterHost",
                    ValueType.STRING).defaultValue("")
            .doc("address the Prometheus endpoint listens on (empty: a broker's brokerIP1, a NameServer's"
                    + " bindAddress)").build();
    public static final ConfigKey<Integer> METRICS_PROM_EXPORTER_PORT = ConfigKey.builder("metricsPromExporterPort",
                    ValueType.INT).defaultValue(DEFAULT_PROM_PORT).check(ConfigKey.intRange(1, 65535))
            .doc("TCP port of the Prometheus endpoint").build();

    private MetricsKeys() {
    }

    /** The three keys, in the order {@code -p} prints them. */
    public static List<ConfigKey<?>> keys() {
        return List.of(METRICS_EXPORTER_TYPE, METRICS_PROM_EXPORTER_HOST, METRICS_PROM_EXPORTER_PORT);
    }

    private static String refuseMissingExporters(MetricsExporterType type) {
        if (type == MetricsExporterType.OTLP_GRPC || type == MetricsExporterType.LOG) {
            return "is refused: Petrel has no OpenTelemetry exporter; metricsExporterType=PROM serves the same"
                    + " metrics for Prometheus (an OpenTelemetry collector can scrape it), DISABLE turns them off";
        }
        return null;
    }
}
