package io.petrel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void aValueOnABoundGoesToThatBucket() {
        Histogram h = new Histogram(Histogram.RPC_LATENCY_MS);
        h.record(1);
        h.record(3);
        h.record(4);
        h.record(3_001);
        assertThat(h.cumulativeCount(0)).isEqualTo(1);
        assertThat(h.cumulativeCount(1)).isEqualTo(2);
        assertThat(h.cumulativeCount(2)).isEqualTo(3);
        assertThat(h.cumulativeCount(h.buckets() - 1)).isEqualTo(3);
        assertThat(h.count()).isEqualTo(4);
        assertThat(h.sum()).isEqualTo(3_009);
    }

    @Test
    void cumulativeCountsNeverDecrease() {
        Histogram h = new Histogram(new long[] {2, 4, 8, 16});
        for (long v = 0; v < 40; v += 3) {
            h.record(v);
        }
        for (int i = 1; i < h.buckets(); i++) {
            assertThat(h.cumulativeCount(i)).isGreaterThanOrEqualTo(h.cumulativeCount(i - 1));
        }
        assertThat(h.cumulativeCount(h.buckets() - 1)).isLessThanOrEqualTo(h.count());
    }

    @Test
    void refusesBoundsThatDoNotIncrease() {
        assertThatThrownBy(() -> new Histogram(new long[] {5, 5})).hasMessageContaining("bounds must increase");
    }
}
