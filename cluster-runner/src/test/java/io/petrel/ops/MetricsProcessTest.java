package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.cluster.ConfFiles;
import io.petrel.cluster.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mqnamesrv} and {@code bin/mqbroker} started as the runbook starts them, with the
 * shipped files plus {@code metricsExporterType=PROM}: both serve {@code /metrics} once they
 * announce themselves; an exporter Petrel lacks, and a metrics port already taken, stop start-up
 * naming the value or the address.
 */
@Tag("process")
class MetricsProcessTest {

    private static final Duration REFUSAL = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static Scripts scripts;
    private static Path conf;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void scripts() throws Exception {
        scripts = new Scripts(dir.resolve("host"));
        conf = scripts.home().resolve("conf");
        Files.createDirectories(dir.resolve("conf"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        scripts.close();
    }

    private static Map<String, String> prom(int port) {
        return Map.of("metricsExporterType", "PROM", "metricsPromExporterHost", "127.0.0.1",
                "metricsPromExporterPort", String.valueOf(port));
    }

    private static Path namesrvFile(int port, int metricsPort) throws Exception {
        Map<String, String> values = new TreeMap<>(prom(metricsPort));
        values.putAll(Map.of("listenPort", String.valueOf(port), "bindAddress", "127.0.0.1",
                "kvConfigPath", dir.resolve("namesrv-" + port + "/kvConfig.json").toString()));
        return ConfFiles.edit(conf.resolve("mqnamesrv.properties"), dir.resolve("conf/namesrv-" + port + ".properties"),
                values);
    }

    private static Path brokerFile(String name, int port, String namesrv, Map<String, String> extra) throws Exception {
        Path store = dir.resolve("store/" + name + "-" + port);
        Map<String, String> values = new TreeMap<>(Map.of("namesrvAddr", namesrv, "storePathRootDir", store.toString(),
                "storePathCommitLog", store.resolve("commitlog").toString(), "listenPort", String.valueOf(port),
                "brokerIP1", "127.0.0.1", "bindAddress", "127.0.0.1", "mapedFileSizeCommitLog", String.valueOf(64 << 20)));
        values.putAll(extra);
        return ConfFiles.edit(conf.resolve("2m-noslave/broker-a.properties"),
                dir.resolve("conf/" + name + "-" + port + ".properties"), values);
    }

    private String metrics(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aNameServerAndABrokerStartedByTheScriptsServeMetricsAndATakenPortIsRefused() throws Exception {
        int namesrvPort = FreePorts.next();
        int namesrvMetrics = FreePorts.next();
        scripts.startInBackground("mqnamesrv-" + namesrvPort, "mqnamesrv", "-c",
                namesrvFile(namesrvPort, namesrvMetrics).toString());
        int brokerPort = FreePorts.nextBrokerPort();
        int brokerMetrics = FreePorts.next();
        String ns = "127.0.0.1:" + namesrvPort;
        scripts.startInBackground("mqbroker-broker-a-" + brokerPort, "mqbroker", "-c",
                brokerFile("broker-a", brokerPort, ns, prom(brokerMetrics)).toString());

        assertThat(metrics(brokerMetrics)).contains("# TYPE rocketmq_messages_in_total counter",
                "rocketmq_topic_number{cluster=\"rocketmq-cluster\",node_type=\"broker\",node_id=\"broker-a\"} ");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics(namesrvMetrics))
                .contains("petrel_namesrv_live_brokers{node_type=\"namesrv\",node_id=\"" + ns + "\"} 1"));

        int secondPort = FreePorts.nextBrokerPort();
        Scripts.Run taken = scripts.runWithin(REFUSAL, "mqbroker", "-c",
                brokerFile("broker-b", secondPort, ns, Map.of("brokerName", "broker-b", "metricsExporterType", "PROM",
                        "metricsPromExporterHost", "127.0.0.1", "metricsPromExporterPort",
                        String.valueOf(brokerMetrics))).toString());
        assertThat(taken.exitCode()).isNotZero();
        assertThat(taken.err()).contains("cannot serve Prometheus metrics on 127.0.0.1:" + brokerMetrics);
        assertThat(metrics(brokerMetrics)).as("the first broker still serves").contains("node_id=\"broker-a\"");
    }

    @Test
    void anOpenTelemetryExporterRefusesToStartNamingTheValue() throws Exception {
        int port = FreePorts.nextBrokerPort();
        Scripts.Run run = scripts.runWithin(REFUSAL, "mqbroker", "-c", brokerFile("broker-a", port,
                "127.0.0.1:" + FreePorts.next(), Map.of("metricsExporterType", "OTLP_GRPC")).toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("bad value for metricsExporterType: 'OTLP_GRPC' is refused");
        assertThat(Files.readString(scripts.logDir().resolve("mqbroker-broker-a-" + port + ".log"),
                StandardCharsets.UTF_8)).contains("mqbroker refused to start", "metricsExporterType");
    }
}
