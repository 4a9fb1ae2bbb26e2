package io.petrel.broker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.DurableFile;
import io.petrel.store.testing.MemoryEnv;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * delayOffset.json: the progress of every delay level (any level messageDelayLevel can configure,
 * any queue offset) is read back by the next start once the commit log has made it durable.
 */
class DelayOffsetFileProperties {

    private static final String PATH = "/store/config/delayOffset.json";

    @Provide
    Arbitrary<List<Tuple2<Integer, Long>>> deliveries() {
        Arbitrary<Integer> level = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(1, 18)),
                Tuple.of(1, Arbitraries.integers().greaterOrEqual(1)));
        return Combinators.combine(level, Arbitraries.longs().greaterOrEqual(0)).as(Tuple::of).list().ofMaxSize(200);
    }

    @Property(tries = 100)
    void everyLevelsSavedProgressIsReadBackAfterARestart(@ForAll("deliveries") List<Tuple2<Integer, Long>> deliveries) {
        MemoryEnv memory = new MemoryEnv(1_000);
        DelayOffsetTable table = new DelayOffsetTable(new DurableFile(memory.env(), PATH));
        table.load();
        long commitLogEnd = 0;
        for (Tuple2<Integer, Long> d : deliveries) {
            commitLogEnd += 100;
            table.record(d.get1(), d.get2(), commitLogEnd);
        }
        boolean[] durable = new boolean[1];
        table.persist(commitLogEnd, () -> durable[0] = true);
        memory.settle();
        assertThat(durable[0]).isTrue();

        DelayOffsetTable restarted = new DelayOffsetTable(new DurableFile(memory.env(), PATH));
        restarted.load();
        assertThat(restarted.saved()).isEqualTo(table.saved());
        table.saved().forEach((level, offset) -> assertThat(restarted.delivered(level)).isEqualTo(offset));
    }
}
