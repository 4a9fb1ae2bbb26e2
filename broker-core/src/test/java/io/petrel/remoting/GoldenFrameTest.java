package io.petrel.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame vector captured from or built by the official 4.9.8 jars: Petrel decodes it to the
 * same fields the official decoder sees, and Petrel's re-encoding is accepted by the official
 * decoder with the same fields. For JSON vectors Petrel's header is byte-identical to the official
 * one.
 */
class GoldenFrameTest {

    /**
     * Every frame vector: the request and response frames INDEX.tsv lists (named
     * {@code *_json.hex} or {@code *_rocketmq.hex}) and every frame captured from the official
     * client and mqadmin in {@code capture/}. Listing them rather than naming them means a vector
     * added later is checked without anyone remembering to add it here.
     */
    static Stream<String> frames() throws Exception {
        List<String> names = new ArrayList<>();
        Vectors.text("INDEX.tsv").lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t", 2)[0])
                .filter(name -> name.endsWith("_json.hex") || name.endsWith("_rocketmq.hex"))
                .forEach(names::add);
        try (Stream<Path> captured = Files.list(Path.of(Vectors.class.getResource("/vectors/capture").toURI()))) {
            captured.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hex")).sorted()
                    .forEach(n -> names.add("capture/" + n));
        }
        return names.stream();
    }

    @Test
    void everyFrameVectorIsChecked() throws Exception {
        List<String> names = frames().toList();
        assertThat(names).as("frame vectors in INDEX.tsv").filteredOn(n -> !n.startsWith("capture/")).hasSize(27);
        assertThat(names).as("captured frames").filteredOn(n -> n.startsWith("capture/")).hasSize(29)
                .contains("capture/mqadmin_216_DELETE_TOPIC_IN_NAMESRV_request.hex",
                        "capture/real_update_consumer_offset_request.hex");
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

    @Test
    void rocketmqHeaderOfACommandWithoutFieldsIsTwentyOneBytes() {
        ByteBuffer payload = Vectors.framePayload("heartbeat_request_rocketmq.hex");
        assertThat(payload.getInt(0) & 0xFFFFFF).isEqualTo(21);
        assertThat(payload.get(0)).isEqualTo((byte) 1);
        RemotingCommand c = RemotingCodec.decode(payload);
        assertThat(c.extFields()).isNull();
        assertThat(new String(c.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo(Vectors.text("heartbeat_body.json"));
    }

    @Test
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
