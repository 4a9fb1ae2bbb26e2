package io.petrel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompareOptionsTest {

    @Test
    void defaultsToTwoRoundsOfTwentySecondsAtSixteenAndSixtyFourThreadsUnderBothFlushTypes() {
        CompareOptions o = CompareOptions.parse(new String[0]);

        assertThat(o).isEqualTo(new CompareOptions(2, 20, 5, List.of(16, 64), List.of("ASYNC_FLUSH", "SYNC_FLUSH"),
                1_000_000, "1g", 8, List.of(ComparedBroker.Side.APACHE, ComparedBroker.Side.PETREL)));
        assertThat(o.brokerJvmOptions()).containsExactly("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
    }

    @Test
    void readsEveryOptionInEitherSpelling() {
        CompareOptions o = CompareOptions.parse(new String[] {"--rounds", "1", "--seconds=5", "--warmup", "0",
            "--threads", "16", "--flush=sync", "--backlog", "0", "--heap", "512m", "--queues", "4",
            "--sides", "petrel,petrel-metrics"});

        assertThat(o).isEqualTo(new CompareOptions(1, 5, 0, List.of(16), List.of("SYNC_FLUSH"), 0, "512m", 4,
                List.of(ComparedBroker.Side.PETREL, ComparedBroker.Side.PETREL_METRICS)));
    }

    @Test
    void refusesWhatItCannotRunNamingTheOption() {
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--flush", "async,never"}))
                .hasMessageContaining("--flush").hasMessageContaining("never");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--threads", "16,x"})).hasMessageContaining("--threads");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--rounds", "0"})).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--heap", "lots"})).hasMessageContaining("--heap");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--seconds", "5", "--seconds", "6"}))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--round", "1"})).hasMessageContaining("usage");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--sides", "petrel,kafka"})).hasMessageContaining("kafka");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--sides", "petrel,petrel"}))
                .hasMessageContaining("two different");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--sides", "apache"})).hasMessageContaining("two different");
    }
}
