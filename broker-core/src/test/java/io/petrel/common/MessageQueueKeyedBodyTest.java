package io.petrel.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.remoting.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Bodies keyed by MessageQueue: fastjson's object keys (from the official 4.9.8 classes) parse
 * after normalization, and Petrel writes string keys that parse back to the same value.
 */
class MessageQueueKeyedBodyTest {

    private static final MessageQueue Q0 = new MessageQueue("TopicTest", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("TopicTest", "broker-a", 1);

    private static <T> T readsAndRoundTrips(String vector, Class<T> type) {
        T parsed = FastjsonBodies.read(Vectors.bytes(vector), type);
        assertThat(FastjsonBodies.read(Json.write(parsed), type)).as(vector).isEqualTo(parsed);
        assertThat(Json.read(Json.write(parsed), type)).as("written keys are standard JSON").isEqualTo(parsed);
        return parsed;
    }

    @Test
    void consumeStatsFromTheOfficialBrokerParsesSortedByQueue() {
        ConsumeStats stats = readsAndRoundTrips("consume_stats_body.json", ConsumeStats.class);
        assertThat(stats.offsetTable()).containsOnlyKeys(Q0, Q1);
        assertThat(stats.offsetTable().keySet()).containsExactly(Q0, Q1);
        assertThat(stats.offsetTable().get(Q0)).isEqualTo(new OffsetWrapper(10, 7, 1_700_000_000_000L));
        assertThat(stats.consumeTps()).isEqualTo(1.5);
        assertThat(stats.totalDiff()).isEqualTo(3);
    }

    @Test
    void topicStatsResetOffsetAndConsumerStatusBodiesParse() {
        TopicStatsTable stats = readsAndRoundTrips("topic_stats_table_body.json", TopicStatsTable.class);
        assertThat(stats.offsetTable()).containsEntry(Q0, new TopicOffset(0, 10, 1_700_000_000_000L));
        assertThat(readsAndRoundTrips("reset_offset_body.json", ResetOffsetBody.class).offsetTable())
                .containsExactly(Map.entry(Q0, 7L));
        GetConsumerStatusBody status = readsAndRoundTrips("get_consumer_status_body.json", GetConsumerStatusBody.class);
        assertThat(status.consumerTable()).containsOnlyKeys("127.0.0.1@12345#1700000000000");
        assertThat(status.consumerTable().get("127.0.0.1@12345#1700000000000")).containsEntry(Q0, 7L);
        assertThat(readsAndRoundTrips("get_consumer_status_from_client_body.json", GetConsumerStatusBody.class)
                .messageQueueTable()).containsEntry(Q0, 7L);
    }

    @Test
    void consumerRunningInfoFromTheOfficialClientParses() {
        ConsumerRunningInfo info = readsAndRoundTrips("capture/consumer_running_info_body.json", ConsumerRunningInfo.class);
        assertThat(info.properties()).containsEntry(ConsumerRunningInfo.PROP_CONSUME_TYPE, "CONSUME_PASSIVELY");
        assertThat(info.mqTable().get(Q0).commitOffset()).isEqualTo(7);
        assertThat(info.statusTable().get("TopicTest").pullTPS()).isEqualTo(1.0);
        assertThat(info.subscriptionSet()).extracting(SubscriptionData::topic).containsExactly("TopicTest");
    }

    @Test
    void petrelWritesKeysAsStringsHoldingTheQueuesJson() {
        TreeMap<MessageQueue, Long> table = new TreeMap<>(Map.of(Q1, 3L, Q0, 7L));
        assertThat(Json.writeString(new ResetOffsetBody(table))).isEqualTo("{\"offsetTable\":{"
                + "\"{\\\"brokerName\\\":\\\"broker-a\\\",\\\"queueId\\\":0,\\\"topic\\\":\\\"TopicTest\\\"}\":7,"
                + "\"{\\\"brokerName\\\":\\\"broker-a\\\",\\\"queueId\\\":1,\\\"topic\\\":\\\"TopicTest\\\"}\":3}}");
    }

    @Test
    void normalizationLeavesOrdinaryJsonAndStringsAlone() {
        String plain = "{\"a\":{\"b\":[{\"c\":\"{x}:{y}\"}]},0:\"q\"}";
        assertThat(new String(FastjsonBodies.normalize(plain.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo(plain);
        String keyed = "{\"t\":{ {\"topic\":\"t\\\"x\",\"brokerName\":\"b\",\"queueId\":2} : 5}}";
        assertThat(new String(FastjsonBodies.normalize(keyed.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("{\"t\":{ \"{\\\"topic\\\":\\\"t\\\\\\\"x\\\",\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":2}\" : 5}}");
    }

    @Test
    void malformedBodiesAreBodyExceptions() {
        assertThatThrownBy(() -> FastjsonBodies.read("{\"offsetTable\":{{\"topic\":".getBytes(StandardCharsets.UTF_8),
                ResetOffsetBody.class)).isInstanceOf(BodyException.class).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> FastjsonBodies.read("{\"offsetTable\":{\"MessageQueue [topic=t]\":1}}"
                .getBytes(StandardCharsets.UTF_8), ResetOffsetBody.class)).isInstanceOf(BodyException.class);
        assertThatThrownBy(() -> FastjsonBodies.read(new byte[0], ConsumeStats.class))
                .isInstanceOf(BodyException.class).hasMessage("missing ConsumeStats body");
    }

    @Test
    void versionOrdinalsNameRocketMqsReleases() {
        assertThat(MqVersion.describe(409)).isEqualTo("V4_9_8");
        assertThat(MqVersion.describe(401)).isEqualTo("V4_9_4");
        assertThat(MqVersion.describe(232)).isEqualTo("V4_1_0_SNAPSHOT");
        assertThat(MqVersion.describe(121)).isEqualTo("V3_4_9");
        assertThat(MqVersion.describe(37)).isEqualTo("V3_0_11");
        assertThat(MqVersion.describe(0)).isEqualTo("V3_0_0_SNAPSHOT");
        assertThat(MqVersion.describe(100_000)).isEqualTo("HIGHER_VERSION");
    }
}
