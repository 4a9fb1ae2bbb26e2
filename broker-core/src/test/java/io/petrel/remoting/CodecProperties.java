package io.petrel.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CodecProperties {

    @Provide
    Arbitrary<RemotingCommand> commands() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars('世', '界', '€')
                .ofMaxLength(40);
        Arbitrary<Map<String, String>> ext = Arbitraries.maps(text.filter(s -> !s.isEmpty()), text).ofMaxSize(6)
                .map(LinkedHashMap::new);
        return Combinators.combine(
                Arbitraries.integers().between(-32768, 32767),
                Arbitraries.of(LanguageCode.class),
                Arbitraries.integers().between(0, 32767),
                Arbitraries.integers(),
                Arbitraries.of(0, 1, 2, 3),
                text.injectNull(0.3),
                ext.injectNull(0.3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.3))
                .as((code, lang, version, opaque, flag, remark, fields, body) -> new RemotingCommand().code(code)
                        .language(lang).version(version).opaque(opaque).flag(flag).remark(remark)
                        .extFields(fields).body(body));
    }

    @Property(tries = 500)
    void jsonRoundTripKeepsEveryField(@ForAll("commands") RemotingCommand command) {
        RemotingCommand back = RemotingCodec.decode(RemotingCodec.encode(command.serializeType(SerializeType.JSON)));
        assertSame(back, command, false);
    }

    @Property(tries = 500)
    void rocketmqRoundTripKeepsEveryFieldUpToEmptyStrings(@ForAll("commands") RemotingCommand command) {
        RemotingCommand back = RemotingCodec.decode(RemotingCodec.encode(command.serializeType(SerializeType.ROCKETMQ)));
        assertSame(back, command, true);
    }

    private static void assertSame(RemotingCommand back, RemotingCommand sent, boolean emptyIsNull) {
        assertThat(back.code()).isEqualTo(sent.code());
        assertThat(back.language()).isEqualTo(sent.language());
        assertThat(back.version()).isEqualTo(sent.version());
        assertThat(back.opaque()).isEqualTo(sent.opaque());
        assertThat(back.flag()).isEqualTo(sent.flag());
        assertThat(back.remark()).isEqualTo(emptyIsNull && "".equals(sent.remark()) ? null : sent.remark());
        assertThat(back.serializeType()).isEqualTo(sent.serializeType());
        Map<String, String> expected = sent.extFields();
        if (emptyIsNull && expected != null) {
            Map<String, String> normalized = new LinkedHashMap<>();
            expected.forEach((k, v) -> normalized.put(k, v.isEmpty() ? null : v));
            expected = normalized.isEmpty() ? null : normalized;
        }
        assertThat(back.extFields()).isEqualTo(expected);
        byte[] body = sent.bodyBytes();
        assertThat(back.bodyBytes()).isEqualTo(body == null || body.length == 0 ? null : body);
    }

    /** Random bytes never hang and never throw anything but a RemotingCodecException. */
    @Property(tries = 2000)
    void randomBytesGiveAClearErrorOrACommand(@ForAll @Size(max = 200) byte[] bytes) {
        decodeOrCodecError(ByteBuffer.wrap(bytes));
    }

    /** Valid frames cut short or with one byte changed: a clear error or a command, nothing else. */
    @Property(tries = 1000)
    void damagedFramesGiveAClearErrorOrACommand(@ForAll("commands") RemotingCommand command,
            @ForAll boolean rocketmq, @ForAll @IntRange(min = 0, max = 500) int cut, @ForAll byte flip,
            @ForAll @IntRange(min = 0, max = 500) int flipAt) {
        ByteBuffer frame = RemotingCodec.encode(command.serializeType(rocketmq ? SerializeType.ROCKETMQ : SerializeType.JSON));
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        if (flipAt < bytes.length) {
            bytes[flipAt] ^= flip;
        }
        decodeOrCodecError(ByteBuffer.wrap(bytes, 0, Math.min(cut, bytes.length)));
        decodeOrCodecError(ByteBuffer.wrap(bytes));
    }

    private static void decodeOrCodecError(ByteBuffer frame) {
        try {
            RemotingCodec.decode(frame);
        } catch (RemotingCodecException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @org.junit.jupiter.api.Test
    void absurdLengthsNameTheProblem() {
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.wrap(new byte[] {0, 0x7f, 0, 0, '{', '}'})))
                .isInstanceOf(RemotingCodecException.class).hasMessageContaining("header length 8323072 exceeds the 2 bytes");
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.wrap(new byte[] {5, 0, 0, 0})))
                .isInstanceOf(RemotingCodecException.class).hasMessage("unknown serialize type 5");
        ByteBuffer rocketmq = ByteBuffer.allocate(4 + 21).putInt(1 << 24 | 21).putShort((short) 105).put((byte) 0)
                .putShort((short) 409).putInt(1).putInt(0).putInt(Integer.MAX_VALUE).putInt(0).flip();
        assertThatThrownBy(() -> RemotingCodec.decode(rocketmq))
                .isInstanceOf(RemotingCodecException.class).hasMessageContaining("remark length 2147483647 exceeds");
    }

    @org.junit.jupiter.api.Test
    void badJsonAndBadUtf8AreClearErrors() {
        for (String bad : List.of("{\"code\":", "[1,2]", "{\"code\":\"x\"}", "{\"code\":99999999999}",
                "{\"extFields\":{\"a\":[1]}}", "{} trailing")) {
            byte[] header = bad.getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(4 + header.length).putInt(header.length).put(header).flip();
            assertThatThrownBy(() -> RemotingCodec.decode(frame)).as(bad).isInstanceOf(RemotingCodecException.class);
        }
        ByteBuffer rocketmq = ByteBuffer.allocate(4 + 23).putInt(1 << 24 | 23).putShort((short) 105).put((byte) 0)
                .putShort((short) 409).putInt(1).putInt(0).putInt(2).put((byte) 0xC3).put((byte) 0x28).putInt(0).flip();
        assertThatThrownBy(() -> RemotingCodec.decode(rocketmq)).hasMessage("remark is not valid UTF-8");
    }

    @org.junit.jupiter.api.Test
    void toleratesWhatTheOfficialJsonDecoderTolerates() {
        String json = "{\"code\":105,\"language\":9,\"unknown\":{\"x\":[1]},\"extFields\":{\"queueId\":3,\"on\":true}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        RemotingCommand c = RemotingCodec.decode(ByteBuffer.allocate(4 + header.length).putInt(header.length).put(header).flip());
        assertThat(c.language()).isEqualTo(LanguageCode.GO);
        assertThat(c.version()).isZero();
        assertThat(c.isResponse()).as("a missing flag means request").isFalse();
        assertThat(c.extFields()).containsEntry("queueId", "3").containsEntry("on", "true");
    }
}
