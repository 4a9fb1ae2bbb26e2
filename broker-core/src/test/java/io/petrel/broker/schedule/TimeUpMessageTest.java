package io.petrel.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.commitlog.BrokerMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a due SCHEDULE_TOPIC_XXXX message is turned back into the message meant for its real queue. */
class TimeUpMessageTest {

    private static StoredMessage parked(Map<String, String> properties) {
        HostAddress host = HostAddress.parse("10.0.0.1:10911");
        return new StoredMessage(0, 0, 2, 7, 0, 100, 0, 1_700_000_000_000L, HostAddress.parse("10.0.0.9:5000"),
                1_700_000_000_005L, host, 3, 0, new byte[] {1, 2}, "SCHEDULE_TOPIC_XXXX",
                MessageProperties.encode(properties));
    }

    @Test
    void theRealTopicAndQueueComeBackWithoutTheDelay() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("DELAY", "3");
        p.put("REAL_TOPIC", "Orders");
        p.put("REAL_QID", "5");
        p.put("UNIQ_KEY", "U1");
        BrokerMessage m = TimeUpMessage.of(parked(p), new StringBuilder());
        assertThat(m.topic()).isEqualTo("Orders");
        assertThat(m.queueId()).isEqualTo(5);
        assertThat(m.flag()).isEqualTo(7);
        assertThat(m.reconsumeTimes()).isEqualTo(3);
        assertThat(m.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(m.properties()).containsEntry("REAL_TOPIC", "Orders").containsEntry("UNIQ_KEY", "U1")
                .containsEntry("WAIT", "false").doesNotContainKey("DELAY");
    }

    @Test
    void aMessageWithoutItsRealQueueIsNotDeliverable() {
        StringBuilder why = new StringBuilder();
        assertThat(TimeUpMessage.of(parked(Map.of("DELAY", "3")), why)).isNull();
        assertThat(why).hasToString("it has no REAL_TOPIC/REAL_QID");
        assertThat(TimeUpMessage.of(parked(Map.of("REAL_TOPIC", "T", "REAL_QID", "x")), new StringBuilder())).isNull();
    }
}
