package io.petrel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.Message;
import io.petrel.client.ProducerConfig;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.cluster.FreePorts;
import io.petrel.compat.RealCluster;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.ConcurrentListener;
import io.petrel.real.client.PetrelClient;
import io.petrel.real.client.PushConsumerHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NameServer and a broker on the real runtime with {@code metricsExporterType=PROM} on free
 * loopback ports: Petrel's client sends and consumes, then {@code /metrics} is fetched over HTTP and
 * parsed as the text format, and what it says must match what the clients did.
 */
class PrometheusEndpointTest {

    private static final String TOPIC = "MetricsTopic";
    private static final String GROUP = "MetricsReaders";
    private static final int MESSAGES = 20;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Map<String, String> prom(int port) {
        return Map.of("metricsExporterType", "PROM", "metricsPromExporterHost", "127.0.0.1",
                "metricsPromExporterPort", String.valueOf(port));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private PromTextParser.Scrape scrape(int port) throws Exception {
        HttpResponse<String> response = get(port, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return PromTextParser.parse(response.body());
    }

    private static Predicate<PromTextParser.Sample> topicAndGroup() {
        return s -> s.has("topic", TOPIC) && s.has("consumer_group", GROUP);
    }

    @Test
    void brokerAndNameServerServeWhatTheClientsDid() throws Exception {
        try (RealCluster cluster = new RealCluster(dir, prom(FreePorts.next()))
                .addBroker("broker-m", prom(FreePorts.next()))) {
            int delivered = sendAndConsume(cluster.namesrvAddr());
            int brokerPort = cluster.metricsPort("broker-m");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                PromTextParser.Scrape s = scrape(brokerPort);
                assertThat(s.value("rocketmq_consumer_lag_messages", topicAndGroup())).isZero();
            });
            PromTextParser.Scrape broker = scrape(brokerPort);
            assertThat(broker.sum("rocketmq_messages_in_total", s -> s.has("topic", TOPIC))).isEqualTo(MESSAGES);
            assertThat(broker.value("rocketmq_messages_in_total", s -> s.has("topic", TOPIC)
                    && s.has("message_type", "normal") && s.has("is_system", "false"))).isEqualTo(MESSAGES);
            assertThat(broker.sum("rocketmq_throughput_in_total", s -> s.has("topic", TOPIC))).isEqualTo(MESSAGES * 6);
            assertThat(broker.value("rocketmq_messages_out_total", topicAndGroup())).isEqualTo(delivered);
            assertThat(broker.value("rocketmq_throughput_out_total", topicAndGroup())).isGreaterThan(MESSAGES * 6);
            assertThat(broker.value("rocketmq_topic_number", s -> true)).isGreaterThanOrEqualTo(2);
            assertThat(broker.value("rocketmq_consumer_group_number", s -> true)).isGreaterThanOrEqualTo(1);
            assertThat(broker.sum("rocketmq_rpc_latency_count", s -> s.labels().get("request_code").startsWith("send_message")
                    && s.has("response_code", "success"))).isEqualTo(MESSAGES);
            assertThat(broker.sum("rocketmq_rpc_latency_count", s -> s.has("request_code", "pull_message"))).isPositive();
            // ASYNC_FLUSH forces a few pages only after flushCommitLogThoroughInterval (10 s): wait for one.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(scrape(brokerPort).value("petrel_flush_latency_count", s -> true)).isPositive());
            assertThat(broker.value("petrel_disk_usage_ratio", s -> true)).isBetween(0.0, 1.0);
            assertThat(broker.value("petrel_replication_slaves", s -> true)).isZero();
            assertThat(broker.samples()).allSatisfy(s -> assertThat(s.labels()).containsEntry("cluster", "DefaultCluster")
                    .containsEntry("node_type", "broker").containsEntry("node_id", "broker-m"));
            assertThat(broker.types()).containsEntry("rocketmq_messages_in_total", "counter")
                    .containsEntry("rocketmq_consumer_lag_messages", "gauge")
                    .containsEntry("rocketmq_rpc_latency", "histogram");
            assertHistogramsWellFormed(broker, "rocketmq_rpc_latency");
            assertHistogramsWellFormed(scrape(brokerPort), "petrel_flush_latency");

            PromTextParser.Scrape namesrv = scrape(cluster.metricsPort("namesrv"));
            assertThat(namesrv.value("petrel_namesrv_live_brokers", s -> true)).isEqualTo(1);
            assertThat(namesrv.sum("rocketmq_rpc_latency_count", s -> s.has("request_code", "get_routeinfo_by_topic")))
                    .isPositive();
            assertThat(namesrv.samples()).allSatisfy(s -> assertThat(s.labels()).containsEntry("node_type", "namesrv")
                    .containsEntry("node_id", cluster.namesrvAddr()));
            assertHistogramsWellFormed(namesrv, "rocketmq_rpc_latency");
            assertThat(get(brokerPort, "/other").statusCode()).isEqualTo(404);
            assertThat(dashboardMetrics()).as("metrics conf/grafana/petrel-dashboard.json queries")
                    .isSubsetOf(union(broker.types().keySet(), namesrv.types().keySet()));
        }
    }

    /** The metric families the shipped Grafana dashboard's queries name. */
    private static Set<String> dashboardMetrics() throws Exception {
        String json = Files.readString(Path.of("..", "conf", "grafana", "petrel-dashboard.json"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(rocketmq|petrel)_[a-z_]+").matcher(json);
        while (m.find()) {
            names.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
        }
        assertThat(names).contains("rocketmq_messages_in_total", "rocketmq_consumer_lag_messages");
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Sends the messages, consumes them all with a push consumer, stops it (committing); returns deliveries. */
    private static int sendAndConsume(String namesrvAddr) {
        try (PetrelClient client = PetrelClient.start(namesrvAddr)) {
            BlockingProducer producer = client.producer(ProducerConfig.of("MetricsProducers"));
            for (int i = 0; i < MESSAGES; i++) {
                producer.send(new Message(TOPIC, "TagA", "key-" + i, "body-0".getBytes(StandardCharsets.UTF_8)));
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger deliveries = new AtomicInteger();
            ConcurrentListener listener = (messages, context) -> {
                messages.forEach(m -> seen.add(m.getMsgId()));
                deliveries.addAndGet(messages.size());
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            };
            PushConsumerHandle consumer = client.pushConsumer(ConsumerConfig.builder(GROUP)
                    .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build(), c -> c.subscribe(TOPIC, "*"))
                    .registerMessageListener(listener).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == MESSAGES);
            consumer.shutdown();
            producer.shutdown();
            return deliveries.get();
        }
    }

    /** Per series: cumulative bucket counts never fall, and the +Inf bucket equals _count. */
    private static void assertHistogramsWellFormed(PromTextParser.Scrape scrape, String name) {
        List<PromTextParser.Sample> counts = scrape.named(name + "_count", s -> true);
        assertThat(counts).isNotEmpty();
        for (PromTextParser.Sample count : counts) {
            List<PromTextParser.Sample> buckets = scrape.named(name + "_bucket", b -> withoutLe(b).equals(count.labels()));
            assertThat(buckets).isNotEmpty();
            for (int i = 1; i < buckets.size(); i++) {
                assertThat(buckets.get(i).value()).isGreaterThanOrEqualTo(buckets.get(i - 1).value());
            }
            PromTextParser.Sample last = buckets.get(buckets.size() - 1);
            assertThat(last.labels()).containsEntry("le", "+Inf");
            assertThat(last.value()).isEqualTo(count.value());
            assertThat(scrape.named(name + "_sum", s -> s.labels().equals(count.labels()))).hasSize(1);
        }
    }

    private static Map<String, String> withoutLe(PromTextParser.Sample sample) {
        Map<String, String> labels = new LinkedHashMap<>(sample.labels());
        labels.remove("le");
        return labels;
    }
}
