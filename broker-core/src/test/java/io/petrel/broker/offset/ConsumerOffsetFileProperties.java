package io.petrel.broker.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.DurableFile;
import io.petrel.common.TextArbitraries;
import io.petrel.store.testing.MemoryEnv;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple4;

/**
 * consumerOffset.json: every offset the request paths can commit is read back by the next start.
 * RocketMQ's UPDATE_CONSUMER_OFFSET checks neither group nor topic, so the names are any text
 * (past Jackson's default name limit once joined as "topic@group"), queue ids any int, offsets any long.
 */
class ConsumerOffsetFileProperties {

    private static final String PATH = "/store/config/consumerOffset.json";

    @Provide
    Arbitrary<List<Tuple4<String, String, Integer, Long>>> commits() {
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("CG", "Orders", "%RETRY%CG")),
                Tuple.of(2, TextArbitraries.anyText(40_000)));
        Arbitrary<Integer> queueId = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 15)),
                Tuple.of(1, Arbitraries.integers()));
        return Combinators.combine(name, name, queueId, Arbitraries.longs()).as(Tuple::of).list().ofMaxSize(60);
    }

    @Property(tries = 60)
    void everyCommittedOffsetIsReadBackAfterARestart(@ForAll("commits") List<Tuple4<String, String, Integer, Long>> commits,
            @ForAll("commits") List<Tuple4<String, String, Integer, Long>> removals) {
        MemoryEnv memory = new MemoryEnv(1_000);
        ConsumerOffsetManager offsets = new ConsumerOffsetManager(new DurableFile(memory.env(), PATH));
        offsets.load();
        commits.forEach(c -> offsets.commit(c.get1(), c.get2(), c.get3(), c.get4()));
        removals.forEach(r -> {
            offsets.removeGroup(r.get1());
            offsets.removeTopic(r.get2());
        });
        offsets.persist(null);
        memory.settle();

        ConsumerOffsetManager restarted = new ConsumerOffsetManager(new DurableFile(memory.env(), PATH));
        restarted.load();
        assertThat(restarted.wrapper()).isEqualTo(offsets.wrapper());
    }
}
