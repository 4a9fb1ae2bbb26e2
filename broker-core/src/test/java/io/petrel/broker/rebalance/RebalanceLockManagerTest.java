package io.petrel.broker.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.MessageQueue;
import io.petrel.env.Clock;
import io.petrel.store.testing.RecordingLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lock ownership, renewal, expiry and the pause after a restart, on a hand-moved clock. */
class RebalanceLockManagerTest {

    private static final MessageQueue Q = new MessageQueue("T", "b", 0);

    private long nanos = 1_000_000_000L;
    private final Clock clock = new Clock() {
        @Override
        public long nowMs() {
            return nanos / 1_000_000;
        }

        @Override
        public long nanoTime() {
            return nanos;
        }
    };

    private void advanceMs(long ms) {
        nanos += ms * 1_000_000L;
    }

    @Test
    void aRenewedLockIsKeptAndAnUnrenewedOneMovesAfterItsLifetime() {
        RebalanceLockManager locks = new RebalanceLockManager(clock, new RecordingLog(), 60_000);
        locks.onStart(false);
        assertThat(locks.tryLockBatch("G", List.of(Q), "a")).containsExactly(Q);
        advanceMs(50_000);
        assertThat(locks.tryLockBatch("G", List.of(Q), "a")).containsExactly(Q);
        advanceMs(59_000);
        assertThat(locks.tryLockBatch("G", List.of(Q), "b")).isEmpty();
        advanceMs(2_000);
        assertThat(locks.tryLockBatch("G", List.of(Q), "b")).containsExactly(Q);
        assertThat(locks.holder("G", Q)).isEqualTo("b");
        locks.unlockBatch("G", List.of(Q), "a");
        assertThat(locks.holder("G", Q)).as("only the holder unlocks").isEqualTo("b");
        locks.unlockBatch("G", List.of(Q), "b");
        assertThat(locks.holder("G", Q)).isNull();
    }

    @Test
    void aBrokerThatRanBeforeGrantsNothingForOneLifetime() {
        RebalanceLockManager locks = new RebalanceLockManager(clock, new RecordingLog(), 60_000);
        locks.onStart(true);
        assertThat(locks.tryLockBatch("G", List.of(Q), "a")).isEmpty();
        advanceMs(60_001);
        assertThat(locks.tryLockBatch("G", List.of(Q), "a")).containsExactly(Q);
    }
}
