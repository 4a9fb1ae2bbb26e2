package io.petrel.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

    record Sample(@Required String topic, @Required Integer queueId, Long offset, boolean flagged, Boolean maybe) {
    }

    @Test
    void encodesNonNullFieldsAndPrimitiveBooleansInDeclarationOrder() {
        assertThat(Headers.encode(new Sample("t", 3, null, false, null)))
                .containsExactly(Map.entry("topic", "t"), Map.entry("queueId", "3"), Map.entry("flagged", "false"));
    }

    @Test
    void decodesByTypeWithRocketMqsBooleanRule() {
        Sample s = Headers.decode(Sample.class, Map.of("topic", "t", "queueId", "-1", "offset", "9000000000",
                "flagged", "TRUE", "maybe", "yes", "extra", "ignored"), RequestCode.PULL_MESSAGE);
        assertThat(s).isEqualTo(new Sample("t", -1, 9_000_000_000L, true, false));
    }

    @Test
    void aMissingRequiredFieldNamesTheFieldAndTheRequest() {
        assertThatThrownBy(() -> Headers.decode(Sample.class, Map.of("queueId", "1"), RequestCode.PULL_MESSAGE))
                .isInstanceOf(HeaderException.class)
                .hasMessage("missing required header field 'topic' in PULL_MESSAGE(11)");
        assertThatThrownBy(() -> Headers.decode(Sample.class, null, RequestCode.PULL_MESSAGE))
                .isInstanceOf(HeaderException.class);
    }

    @Test
    void aMalformedNumberNamesTheFieldAndTheText() {
        assertThatThrownBy(() -> Headers.decode(Sample.class, Map.of("topic", "t", "queueId", "3x"), RequestCode.PULL_MESSAGE))
                .isInstanceOf(HeaderException.class)
                .hasMessage("header field 'queueId' of PULL_MESSAGE(11) is not a number: '3x'");
        assertThatThrownBy(() -> Headers.decode(Sample.class, Map.of("topic", "t", "queueId", "99999999999"), RequestCode.PULL_MESSAGE))
                .isInstanceOf(HeaderException.class).hasMessageContaining("queueId");
    }
}
