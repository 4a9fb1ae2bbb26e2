package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.scenarios.history.Bodies;
import io.petrel.scenarios.history.ConsumerKind;
import io.petrel.scenarios.history.Delivery;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.history.Send;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The lines an official client process prints become the history's records: each send with its
 * outcome under the run's own operation numbers, each delivery with its position and body, the
 * official client's other output skipped, and a line that cannot be recorded refused loudly.
 */
class OfficialClientLinesTest {

    private final History history = new History();
    private final AtomicLong clock = new AtomicLong(100);
    private final OfficialClient.LineRecorder producer =
            new OfficialClient.LineRecorder("official-producer", null, null, history, clock::get);
    private final OfficialClient.LineRecorder consumer =
            new OfficialClient.LineRecorder("chaos-official-ord-1", "chaos-official-ord", ConsumerKind.ORDERLY, history,
                    clock::get);

    private static String line(String... fields) {
        return OfficialClient.PREFIX + String.join("\t", fields);
    }

    @Test
    void sendsAndTheirOutcomesAreRecordedUnderTheRunsOperations() {
        String first = Bodies.make("official-producer.7.0", 20, 1);
        String second = Bodies.make("official-producer.7.1", 20, 2);
        producer.record(line("S"));
        producer.record("INFO some line of the official client's own");
        producer.record(line("I", "0", "FuzzTopic", first, "-", "-1"));
        producer.record(line("I", "1", "FuzzOrder", second, "official-producer.7.k2", "5"));
        clock.set(250);
        producer.record(line("K", "0", "broker-a", "3", "41", "8812"));
        producer.record(line("U", "1", "-", "RemotingTimeoutException: wait response on the channel timeout"));

        assertThat(history.sends()).hasSize(2);
        Send ok = history.sends().get(0);
        assertThat(ok.id()).isEqualTo("official-producer.7.0");
        assertThat(ok.producer()).isEqualTo("official-producer");
        assertThat(ok.outcome()).isEqualTo(Send.Outcome.OK);
        assertThat(ok.brokerName()).isEqualTo("broker-a");
        assertThat(ok.completedAtMs()).isEqualTo(250);
        Send unknown = history.sends().get(1);
        assertThat(unknown.outcome()).isEqualTo(Send.Outcome.UNKNOWN);
        assertThat(unknown.brokerName()).isNull();
        assertThat(unknown.topic()).isEqualTo("FuzzOrder");
        assertThat(unknown.toString()).contains("key official-producer.7.k2:5");
    }

    @Test
    void aDeliveryKeepsItsPositionAndItsBodyAsReceived() {
        String body = Bodies.make("official-producer.7.0", 20, 1);
        byte[] damaged = (body + "\n\tx").getBytes(StandardCharsets.UTF_8);
        consumer.record(line("D", "FuzzOrder", "broker-b", "2", "17", "0", "1700000000000", "4096",
                Base64.getEncoder().encodeToString(damaged)));

        assertThat(history.deliveries()).hasSize(1);
        Delivery d = history.deliveries().get(0);
        assertThat(d.consumer()).isEqualTo("chaos-official-ord-1");
        assertThat(d.group()).isEqualTo("chaos-official-ord");
        assertThat(d.kind()).isEqualTo(ConsumerKind.ORDERLY);
        assertThat(d.position()).isEqualTo("FuzzOrder/broker-b/2@17");
        assertThat(d.commitLogOffset()).isEqualTo(4096);
        assertThat(d.consumed()).isTrue();
        assertThat(d.body()).isEqualTo(body + "\n\tx");
        assertThat(Bodies.intact(d.body())).isFalse();
    }

    @Test
    void aLineThatCannotBeRecordedIsRefusedNamingIt() {
        assertThatThrownBy(() -> producer.record(line("K", "9", "broker-a", "0", "0", "0")))
                .hasMessageContaining("never invoked").hasMessageContaining("K\t9");
        assertThatThrownBy(() -> producer.record(line("I", "0", "FuzzTopic", "a|b|c")))
                .hasMessageContaining("4 fields where 6 belong");
        assertThatThrownBy(() -> producer.record(line("Z", "0")))
                .hasMessageContaining("unknown line");
    }
}
