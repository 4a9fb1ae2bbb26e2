package io.petrel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LongKeyedCellsTest {

    @Test
    void makesEachCellOnceAndFindsItAgainAfterGrowing() {
        LongKeyedCells<long[]> cells = new LongKeyedCells<>();
        AtomicInteger made = new AtomicInteger();
        for (int round = 0; round < 3; round++) {
            for (long key = -50; key < 150; key++) {
                cells.get(key << 34, k -> {
                    made.incrementAndGet();
                    return new long[1];
                })[0]++;
            }
        }
        assertThat(made).hasValue(200);
        assertThat(cells.size()).isEqualTo(200);
        assertThat(cells.find(7L << 34)[0]).isEqualTo(3);
        assertThat(cells.find(1)).isNull();
        long[] keys = cells.keysInOrder();
        assertThat(keys).hasSize(200).isSorted();
        assertThat(keys[0]).isEqualTo(-50L << 34);
    }
}
