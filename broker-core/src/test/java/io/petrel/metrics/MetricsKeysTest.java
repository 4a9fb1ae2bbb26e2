package io.petrel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.broker.BrokerConfig;
import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigValues;
import io.petrel.namesrv.NamesrvConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsKeysTest {

    private static final ConfigContext CONTEXT = ConfigContext.of("/home/petrel", "127.0.0.1");

    @Test
    void metricsAreOffByDefaultOnRocketMq5sPort() {
        ConfigValues broker = BrokerConfig.REGISTRY.bind(Map.of(), CONTEXT, true);
        assertThat(broker.get(MetricsKeys.METRICS_EXPORTER_TYPE)).isEqualTo(MetricsExporterType.DISABLE);
        assertThat(broker.get(MetricsKeys.METRICS_PROM_EXPORTER_PORT)).isEqualTo(5557);
        assertThat(broker.get(MetricsKeys.METRICS_PROM_EXPORTER_HOST)).isEmpty();
        ConfigValues namesrv = NamesrvConfig.REGISTRY.bind(Map.of(), CONTEXT, true);
        assertThat(namesrv.get(MetricsKeys.METRICS_EXPORTER_TYPE)).isEqualTo(MetricsExporterType.DISABLE);
    }

    @Test
    void promIsAcceptedByBrokerAndNameServer() {
        Map<String, String> p = Map.of("metricsExporterType", "PROM", "metricsPromExporterHost", "127.0.0.1",
                "metricsPromExporterPort", "15557");
        assertThat(BrokerConfig.REGISTRY.bind(p, CONTEXT, true).get(MetricsKeys.METRICS_EXPORTER_TYPE))
                .isEqualTo(MetricsExporterType.PROM);
        assertThat(NamesrvConfig.REGISTRY.bind(p, CONTEXT, true).get(MetricsKeys.METRICS_PROM_EXPORTER_PORT))
                .isEqualTo(15557);
    }

    @Test
    void exportersPetrelLacksAreRefusedNamingTheValue() {
        for (String type : new String[] {"OTLP_GRPC", "LOG"}) {
            assertThatThrownBy(() -> BrokerConfig.REGISTRY.bind(Map.of("metricsExporterType", type), CONTEXT, true))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("bad value for metricsExporterType: '" + type + "' is refused");
            assertThatThrownBy(() -> NamesrvConfig.REGISTRY.bind(Map.of("metricsExporterType", type), CONTEXT, true))
                    .hasMessageContaining("bad value for metricsExporterType: '" + type + "' is refused");
        }
        assertThatThrownBy(() -> BrokerConfig.REGISTRY.bind(Map.of("metricsExporterType", "PROMETHEUS"), CONTEXT,
                true)).hasMessageContaining("bad value for metricsExporterType: 'PROMETHEUS'");
        assertThatThrownBy(() -> BrokerConfig.REGISTRY.bind(Map.of("metricsPromExporterPort", "0"), CONTEXT, true))
                .hasMessageContaining("bad value for metricsPromExporterPort: '0'");
    }
}
