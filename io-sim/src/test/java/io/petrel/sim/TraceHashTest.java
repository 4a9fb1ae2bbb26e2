package io.petrel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checkpoints narrow a divergence between two runs to a window of {@value TraceHash#CHECKPOINT_EVERY} events. */
class TraceHashTest {

    private static TraceHash trace(long seed, int events, int divergeAt) {
        TraceHash t = new TraceHash(seed);
        for (int i = 0; i < events; i++) {
            t.fold(i * 1_000L, i % 3, 1, i == divergeAt ? -1 : i);
        }
        return t;
    }

    @Test
    void oneCheckpointPerThousandEvents() {
        assertThat(trace(1, 4_999, -1).checkpoints()).hasSize(4);
        assertThat(trace(1, 5_000, -1).checkpoints()).hasSize(5);
        assertThat(trace(1, 999, -1).checkpoints()).isEmpty();
    }

    @Test
    void theFirstDifferingCheckpointCoversTheFirstDifferingEvent() {
        long[] good = trace(7, 10_000, -1).checkpoints();
        long[] bad = trace(7, 10_000, 3_456).checkpoints();
        int window = TraceHash.firstDivergence(good, bad);
        assertThat(window).isEqualTo(3);
        assertThat(3_456).isBetween(window * TraceHash.CHECKPOINT_EVERY, (window + 1) * TraceHash.CHECKPOINT_EVERY - 1);
        assertThat(good[2]).isEqualTo(bad[2]);
    }

    @Test
    void aTraceThatIsAPrefixOfAnotherDoesNotDiverge() {
        assertThat(TraceHash.firstDivergence(trace(7, 3_000, -1).checkpoints(), trace(7, 9_000, -1).checkpoints()))
                .isEqualTo(-1);
        assertThat(trace(7, 3_000, -1).value()).isNotEqualTo(trace(7, 9_000, -1).value());
    }

    @Test
    void theSeedAndEveryFieldOfAnEventChangeTheHash() {
        assertThat(trace(1, 10, -1).value()).isNotEqualTo(trace(2, 10, -1).value());
        TraceHash a = new TraceHash(1);
        TraceHash b = new TraceHash(1);
        TraceHash c = new TraceHash(1);
        TraceHash d = new TraceHash(1);
        a.fold(5, 1, 2, 3);
        b.fold(6, 1, 2, 3);
        c.fold(5, 2, 2, 3);
        d.fold(5, 1, 2, 4);
        assertThat(Set.of(a.value(), b.value(), c.value(), d.value())).hasSize(4);
    }
}
