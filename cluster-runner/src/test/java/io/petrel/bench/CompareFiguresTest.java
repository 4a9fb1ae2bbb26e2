package io.petrel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompareFiguresTest {

    @Test
    void printsEachSidesMeanOverTheRoundsAndTheRatioPetrelOverApache() {
        CompareFigures figures = new CompareFigures();
        figures.add("compare.async.1k.64.tps", "apache", 9_000);
        figures.add("compare.async.1k.64.tps", "petrel", 12_000);
        figures.add("compare.async.1k.64.tps", "apache", 11_000);
        figures.add("compare.async.1k.64.tps", "petrel", 13_000);
        figures.add("compare.async.1k.64.p99_ms", "apache", 4);
        figures.add("compare.async.1k.64.p99_ms", "petrel", 3);

        assertThat(figures.lines()).containsExactly(
                "compare.async.1k.64.tps.apache: 10000",
                "compare.async.1k.64.tps.petrel: 12500",
                "compare.async.1k.64.tps_ratio: 1.25",
                "compare.async.1k.64.p99_ms.apache: 4.00",
                "compare.async.1k.64.p99_ms.petrel: 3.00",
                "compare.async.1k.64.p99_ms_ratio: 0.75");
    }

    @Test
    void givesCountsAndOneSidedFiguresNoRatio() {
        CompareFigures figures = new CompareFigures();
        figures.addCount("compare.sync.1k.16.send_failures", "apache", 0);
        figures.addCount("compare.sync.1k.16.send_failures", "petrel", 2);
        figures.add("compare.async.1k.drain.tps", "apache", 50_000);

        assertThat(figures.lines()).containsExactly(
                "compare.sync.1k.16.send_failures.apache: 0.00",
                "compare.sync.1k.16.send_failures.petrel: 2.00",
                "compare.async.1k.drain.tps.apache: 50000");
    }

    @Test
    void anotherPairOfSidesPrintsTheRatioMeasuredOverBaseline() {
        CompareFigures figures = new CompareFigures("petrel", "petrel-metrics");
        figures.add("compare.async.1k.64.broker_cpu_us_per_msg", "petrel", 40);
        figures.add("compare.async.1k.64.broker_cpu_us_per_msg", "petrel-metrics", 42);

        assertThat(figures.lines()).containsExactly(
                "compare.async.1k.64.broker_cpu_us_per_msg.petrel: 40.00",
                "compare.async.1k.64.broker_cpu_us_per_msg.petrel-metrics: 42.00",
                "compare.async.1k.64.broker_cpu_us_per_msg_ratio: 1.05");
        assertThatThrownBy(() -> figures.add("x", "apache", 1)).hasMessageContaining("apache");
        assertThatThrownBy(() -> new CompareFigures("petrel", "petrel")).hasMessageContaining("differ");
    }

    @Test
    void refusesAnUnknownSideAndAFigureAddedAsBothKinds() {
        CompareFigures figures = new CompareFigures();
        assertThatThrownBy(() -> figures.add("x", "kafka", 1)).hasMessageContaining("kafka");
        figures.add("y", "apache", 1);
        assertThatThrownBy(() -> figures.addCount("y", "petrel", 1)).hasMessageContaining("both");
    }
}
