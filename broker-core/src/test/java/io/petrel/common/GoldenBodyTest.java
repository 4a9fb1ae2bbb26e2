package io.petrel.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.remoting.Vectors;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies written by the official 4.9.8 classes parse into Petrel's records, and where the
 * official form is standard JSON (quoted keys), Petrel writes it back byte for byte.
 */
class GoldenBodyTest {

    private static <T> T roundTripsExactly(String vector, Class<T> type) {
        byte[] official = Vectors.bytes(vector);
        T parsed = Json.read(official, type);
        assertThat(new String(Json.write(parsed), StandardCharsets.UTF_8)).as(vector)
                .isEqualTo(new String(official, StandardCharsets.UTF_8));
        return parsed;
    }

    /** For bodies fastjson writes in hash order: parse, write, parse again gives the same value. */
    private static <T> T roundTripsSemantically(String vector, Class<T> type) {
        T parsed = Json.read(Vectors.bytes(vector), type);
        assertThat(Json.read(Json.write(parsed), type)).as(vector).isEqualTo(parsed);
        return parsed;
    }

    @Test
    void setsKeepTheOrderTheBodyListedThem() {
        HeartbeatData heartbeat = Json.read(Vectors.bytes("heartbeat_body.json"), HeartbeatData.class);
        assertThat(heartbeat.producerDataSet()).extracting(ProducerData::groupName)
                .containsExactly("CLIENT_INNER_PRODUCER", "PG_TEST");
        assertThat(heartbeat.consumerDataSet().iterator().next().subscriptionDataSet())
                .extracting(SubscriptionData::topic).containsExactly("%RETRY%CG_TEST", "TopicTest");
    }

    @Test
    void standardRouteBodyIsByteIdentical() {
        TopicRouteData route = roundTripsExactly("topic_route_data_standard_body.json", TopicRouteData.class);
        assertThat(route.brokerDatas().get(0).masterAddress()).isEqualTo("127.0.0.1:10911");
        assertThat(route.filterServerTable()).isEmpty();
    }

    @Test
    void legacyRouteBodyWithUnquotedKeysParsesToTheSameRoute() {
        assertThat(Json.read(Vectors.bytes("topic_route_data_legacy_body.json"), TopicRouteData.class))
                .isEqualTo(Json.read(Vectors.bytes("topic_route_data_standard_body.json"), TopicRouteData.class));
    }

    @Test
    void heartbeatBodyIsByteIdentical() {
        HeartbeatData heartbeat = roundTripsExactly("heartbeat_body.json", HeartbeatData.class);
        assertThat(heartbeat.clientID()).isEqualTo("127.0.0.1@12345#1700000000000");
        ConsumerData consumer = heartbeat.consumerDataSet().iterator().next();
        assertThat(consumer.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(consumer.subscriptionDataSet()).anySatisfy(s -> assertThat(s.codeSet()).containsExactly(2598919, 2598920));
    }

    @Test
    void subscriptionGroupBodiesAreByteIdentical() {
        assertThat(roundTripsExactly("subscription_group_config_defaults.json", SubscriptionGroupConfig.class))
                .isEqualTo(SubscriptionGroupConfig.defaults("CG_TEST"));
        SubscriptionGroupConfig fromMqadmin = roundTripsExactly("subscription_group_config_mqadmin.json",
                SubscriptionGroupConfig.class);
        assertThat(fromMqadmin.consumeFromMinEnable()).isFalse();
        roundTripsExactly("subscription_group_wrapper_body.json", SubscriptionGroupWrapper.class);
    }

    @Test
    void aSubscriptionGroupBodyMissingFieldsTakesRocketMqsDefaults() {
        SubscriptionGroupConfig config = Json.read("{\"groupName\":\"G\",\"retryMaxTimes\":3}".getBytes(StandardCharsets.UTF_8),
                SubscriptionGroupConfig.class);
        assertThat(config).isEqualTo(new SubscriptionGroupConfig("G", true, true, true, 1, 3, 0, 1, true));
    }

    @Test
    void connectionAndListBodiesAreByteIdentical() {
        roundTripsExactly("consumer_connection_body.json", ConsumerConnection.class);
        roundTripsExactly("producer_connection_body.json", ProducerConnection.class);
        roundTripsExactly("consumer_list_by_group_body.json", ConsumerIdList.class);
        roundTripsExactly("topic_list_body.json", TopicList.class);
        roundTripsSemantically("topic_config_wrapper_body.json", TopicConfigSerializeWrapper.class);
    }

    @Test
    void bodiesWithUnquotedNumericKeysParse() {
        ConsumerOffsetSerializeWrapper offsets = Json.read(Vectors.bytes("consumer_offset_wrapper_body.json"),
                ConsumerOffsetSerializeWrapper.class);
        assertThat(offsets.offsetTable().get("TopicTest@CG_TEST")).containsEntry(0, 7L).containsEntry(1, 3L);
        ClusterInfo cluster = Json.read(Vectors.bytes("cluster_info_body.json"), ClusterInfo.class);
        assertThat(cluster.brokerAddrTable().get("broker-a").brokerAddrs()).containsEntry(1L, "127.0.0.1:10921");
    }

    @Test
    void registerBodiesDecodeInBothForms() {
        RegisterBrokerBody plain = roundTripsSemantically("register_broker_body_plain.json", RegisterBrokerBody.class);
        RegisterBrokerBody compressed = RegisterBrokerBodyCodec.decode(Vectors.bytes("register_broker_body_compressed.hex"), true);
        assertThat(compressed.topicConfigSerializeWrapper().dataVersion())
                .isEqualTo(plain.topicConfigSerializeWrapper().dataVersion());
        assertThat(compressed.topicConfigSerializeWrapper().topicConfigTable())
                .isEqualTo(plain.topicConfigSerializeWrapper().topicConfigTable());
        RegisterBrokerBody again = RegisterBrokerBodyCodec.decode(RegisterBrokerBodyCodec.encode(plain, true), true);
        assertThat(again.topicConfigSerializeWrapper()).isEqualTo(plain.topicConfigSerializeWrapper());
    }

    @Test
    void tagExpressionsBuildRocketMqsSubscription() {
        SubscriptionData sub = FilterApi.build("T", "TagA || TagB", 5);
        assertThat(sub.tagsSet()).containsExactly("TagA", "TagB");
        assertThat(sub.codeSet()).containsExactly(2598919, 2598920);
        assertThat(FilterApi.build("T", "*", 5).subscribesAll()).isTrue();
        assertThat(FilterApi.build("T", null, 5).subscribesAll()).isTrue();
        Assertions.assertThatThrownBy(() -> FilterApi.build("T", " || ", 5))
                .hasMessageContaining("names no tag");
    }
}
