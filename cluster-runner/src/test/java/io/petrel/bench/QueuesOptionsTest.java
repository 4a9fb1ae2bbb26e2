package io.petrel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueuesOptionsTest {

    @Test
    void defaultsToTheIssuesFourRowsOfTopicsOfEightQueuesOnBothBrokers() {
        QueuesOptions o = QueuesOptions.parse(new String[0]);

        assertThat(o).isEqualTo(new QueuesOptions(List.of(8, 1000, 10000, 50000), 8, 32, 20, 10, "1g",
                List.of(ComparedBroker.Side.APACHE, ComparedBroker.Side.PETREL)));
        assertThat(o.topics(8)).isEqualTo(1);
        assertThat(o.queuesOfEachTopic(8)).isEqualTo(8);
        assertThat(o.topics(50000)).isEqualTo(6250);
        assertThat(o.largest()).isEqualTo(50000);
        assertThat(o.brokerJvmOptions()).containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
    }

    @Test
    void quickIsASmokeRunAndEveryOptionStillCounts() {
        assertThat(QueuesOptions.parse(new String[] {"--quick"})).isEqualTo(new QueuesOptions(List.of(8, 400), 8, 8, 3, 2,
                "512m", List.of(ComparedBroker.Side.APACHE, ComparedBroker.Side.PETREL)));
        QueuesOptions o = QueuesOptions.parse(new String[] {"--quick", "--queues", "4,500", "--per-topic=100",
            "--sides", "petrel"});
        assertThat(o.queueCounts()).containsExactly(4, 500);
        assertThat(o.topics(4)).isEqualTo(1);
        assertThat(o.queuesOfEachTopic(4)).isEqualTo(4);
        assertThat(o.topics(500)).isEqualTo(5);
        assertThat(o.sides()).containsExactly(ComparedBroker.Side.PETREL);
    }

    @Test
    void refusesWhatItCannotRunNamingTheOption() {
        assertThatThrownBy(() -> QueuesOptions.parse(new String[] {"--queues", "8,1001"}))
                .hasMessageContaining("1001").hasMessageContaining("--per-topic");
        assertThatThrownBy(() -> QueuesOptions.parse(new String[] {"--queues", "0"})).hasMessageContaining("--queues");
        assertThatThrownBy(() -> QueuesOptions.parse(new String[] {"--heap", "lots"})).hasMessageContaining("--heap");
        assertThatThrownBy(() -> QueuesOptions.parse(new String[] {"--sides", "kafka"})).hasMessageContaining("kafka");
        assertThatThrownBy(() -> QueuesOptions.parse(new String[] {"--topics", "3"})).hasMessageContaining("usage");
    }
}
