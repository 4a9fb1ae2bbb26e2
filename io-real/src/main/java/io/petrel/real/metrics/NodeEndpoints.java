package io.petrel.real.metrics;

import io.petrel.broker.Broker;
import io.petrel.broker.BrokerConfig;
import io.petrel.config.ConfigValues;
import io.petrel.metrics.MetricsExporterType;
import io.petrel.metrics.MetricsKeys;
import io.petrel.namesrv.NameServer;
import io.petrel.namesrv.NamesrvConfig;
import io.petrel.real.RealNode;

/**
 * Starts a node's Prometheus endpoint when its file says {@code metricsExporterType=PROM}, on
 * {@code metricsPromExporterHost} (when empty: a broker's brokerIP1, as RocketMQ 5.x's broker does,
 * and a NameServer's bindAddress) and {@code metricsPromExporterPort}. The mains and the real-node
 * tests call these once the node serves.
 */
public final class NodeEndpoints {

    private NodeEndpoints() {
    }

    /** The broker's endpoint, or null when metrics are off. */
    public static PrometheusEndpoint forBroker(RealNode node, Broker broker, BrokerConfig settings) {
        if (broker.metrics() == null) {
            return null;
        }
        return PrometheusEndpoint.start(node, broker.metrics()::render, host(settings.values(), settings.brokerIP1()),
                settings.values().get(MetricsKeys.METRICS_PROM_EXPORTER_PORT));
    }

    /** The NameServer's endpoint, or null when metrics are off. */
    public static PrometheusEndpoint forNamesrv(RealNode node, NameServer namesrv, NamesrvConfig config) {
        if (config.values().get(MetricsKeys.METRICS_EXPORTER_TYPE) != MetricsExporterType.PROM) {
            return null;
        }
        return PrometheusEndpoint.start(node, () -> namesrv.metrics().render(), host(config.values(), config.bindAddress()),
                config.values().get(MetricsKeys.METRICS_PROM_EXPORTER_PORT));
    }

    private static String host(ConfigValues values, String fallback) {
        String host = values.get(MetricsKeys.METRICS_PROM_EXPORTER_HOST).trim();
        return host.isEmpty() ? fallback : host;
    }
}
