package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ProcessQueue#invariants}: the cached size and the held offsets agree with what is held. */
class ProcessQueueInvariantsTest {

    private static MessageExt at(long queueOffset, int bodyBytes) {
        return new MessageExt("T", new byte[bodyBytes], "broker-a", 0, queueOffset, queueOffset * 100, "id" + queueOffset,
                0, 0, "10.0.0.1:1", "10.0.0.2:10911", 0, 0, 100 + bodyBytes);
    }

    @Test
    void holdsThroughPullConsumeAndOrderlyBatches() {
        ProcessQueue pq = new ProcessQueue();
        pq.put(List.of(at(0, 10), at(1, 20), at(2, 30)));
        pq.invariants("q");
        pq.remove(List.of(at(1, 20)));
        pq.invariants("q");
        List<MessageExt> batch = pq.takeOrderly(1);
        pq.invariants("q");
        pq.rollbackOrderly();
        pq.invariants("q");
        pq.takeOrderly(2);
        pq.commitOrderly();
        pq.invariants("q");
        assertThat(batch).hasSize(1);
        assertThat(pq.count()).isZero();
        assertThat(pq.sizeBytes()).isZero();
    }

    /**
     * A message pulled again while it is out with the orderly listener (an offset correction moved the
     * pull back) was held twice and counted twice in the cached size, which then stayed wrong for the
     * queue's life and skewed flow control. The invariant found it; the queue now ignores such a copy.
     */
    @Test
    void aMessagePulledAgainWhileItsOrderlyBatchIsOutIsNotHeldTwice() {
        ProcessQueue pq = new ProcessQueue();
        pq.put(List.of(at(5, 40), at(6, 40)));
        pq.takeOrderly(1);
        pq.put(List.of(at(5, 40), at(6, 40), at(7, 40)));
        assertThatCode(() -> pq.invariants("q")).doesNotThrowAnyException();
        assertThat(pq.sizeBytes()).isEqualTo(120);
        assertThat(pq.commitOrderly()).isEqualTo(6);
        assertThat(pq.count()).isEqualTo(2);
        assertThat(pq.sizeBytes()).isEqualTo(80);
        pq.invariants("q");
    }
}
