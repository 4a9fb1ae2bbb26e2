package io.petrel.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame vector captured from or built by the official 4.9.8 jars: Petrel decodes it to the
 * same fields the official decoder sees, and Petrel's re-encoding is accepted by the official
 * decoder with the same fields. For JSON vectors Petrel's header is byte-identical to the official
 * one.
 */
class GoldenFrameTest {

    static Stream<String> frames() {
        return Stream.of(
                "send_message_v2_request_json.hex", "send_message_v2_request_rocketmq.hex",
                "send_message_v1_request_json.hex", "send_message_response_json.hex",
                "send_message_response_rocketmq.hex", "send_batch_message_request_json.hex",
                "pull_message_request_json.hex", "pull_message_request_rocketmq.hex",
                "pull_message_response_found_json.hex", "pull_message_response_found_rocketmq.hex",
                "pull_message_response_not_found_json.hex", "get_routeinfo_request_json.hex",
                "get_routeinfo_request_rocketmq.hex", "get_routeinfo_response_json.hex",
                "get_routeinfo_response_topic_not_exist_json.hex", "get_routeinfo_response_topic_not_exist_rocketmq.hex",
                "heartbeat_request_json.hex", "heartbeat_request_rocketmq.hex",
                "query_consumer_offset_request_json.hex", "query_consumer_offset_response_json.hex",
                "update_consumer_offset_oneway_request_json.hex", "consumer_send_msg_back_request_json.hex",
                "notify_consumer_ids_changed_json.hex", "end_transaction_oneway_request_json.hex",
                "check_transaction_state_request_json.hex", "register_broker_request_json.hex",
                "register_broker_response_slave_json.hex",
                "capture/real_send_message_v2_request.hex", "capture/real_pull_message_request.hex",
                "capture/real_heartbeat_consumer_request.hex", "capture/real_heartbeat_producer_request.hex",
                "capture/real_query_consumer_offset_request.hex", "capture/real_get_max_offset_request.hex",
                "capture/real_unregister_client_request.hex",
                "capture/mqadmin_105_GET_ROUTEINFO_BY_TOPIC_request.hex",
                "capture/mqadmin_200_UPDATE_AND_CREATE_SUBSCRIPTIONGROUP_request.hex",
                "capture/mqadmin_025_UPDATE_BROKER_CONFIG_request.hex");
    }

    @ParameterizedTest
    @MethodSource("frames")
    void decodesLikeTheOfficialDecoderAndReencodesToBytesItAccepts(String vector) throws Exception {
        ByteBuffer payload = Vectors.framePayload(vector);
        org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(payload.duplicate());
        RemotingCommand ours = RemotingCodec.decode(payload.duplicate());

        assertSameFields(ours, official);

        ByteBuffer reencoded = RemotingCodec.encode(ours);
        org.apache.rocketmq.remoting.protocol.RemotingCommand again =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(reencoded.duplicate());
        assertSameFields(ours, again);
        if (ours.serializeType() == SerializeType.JSON) {
            assertThat(reencoded.array()).as("re-encoded JSON frame").isEqualTo(bytes(payload));
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static void assertSameFields(RemotingCommand ours, org.apache.rocketmq.remoting.protocol.RemotingCommand official) {
        assertThat(ours.code()).isEqualTo(official.getCode());
        assertThat(ours.opaque()).isEqualTo(official.getOpaque());
        assertThat(ours.flag()).isEqualTo(official.getFlag());
        assertThat(ours.version()).isEqualTo(official.getVersion());
        assertThat(ours.language().name()).isEqualTo(official.getLanguage().name());
        assertThat(ours.remark()).isEqualTo(official.getRemark());
        assertThat(ours.serializeType().name()).isEqualTo(official.getSerializeTypeCurrentRPC().name());
        assertThat(nonNull(ours.extFields())).isEqualTo(nonNull(official.getExtFields()));
        byte[] officialBody = official.getBody();
        assertThat(ours.bodyBytes()).isEqualTo(officialBody == null || officialBody.length == 0 ? null : officialBody);
    }

    private static Map<String, String> nonNull(Map<String, String> m) {
        Map<String, String> copy = new HashMap<>();
        if (m != null) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        return copy;
    }

    @org.junit.jupiter.api.Test
    void rocketmqHeaderOfACommandWithoutFieldsIsTwentyOneBytes() {
        ByteBuffer payload = Vectors.framePayload("heartbeat_request_rocketmq.hex");
        assertThat(payload.getInt(0) & 0xFFFFFF).isEqualTo(21);
        assertThat(payload.get(0)).isEqualTo((byte) 1);
        RemotingCommand c = RemotingCodec.decode(payload);
        assertThat(c.extFields()).isNull();
        assertThat(new String(c.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo(Vectors.text("heartbeat_body.json"));
    }

    @org.junit.jupiter.api.Test
    void sendResponseVectorsCarryTheFieldsTheClientReads() {
        for (String v : List.of("send_message_response_json.hex", "send_message_response_rocketmq.hex")) {
            RemotingCommand c = RemotingCodec.decode(Vectors.framePayload(v));
            assertThat(c.isResponse()).isTrue();
            assertThat(c.extFields()).containsEntry("msgId", "7F00000100002A9F00000000000004D2")
                    .containsEntry("queueId", "2").containsEntry("queueOffset", "7")
                    .containsEntry("MSG_REGION", "DefaultRegion").containsEntry("TRACE_ON", "true");
        }
    }
}
