package io.petrel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.Check;
import io.petrel.client.ConsumerState.Value;
import org.junit.jupiter.api.Test;

/** The consumer lifecycle's allowed moves, and that every other move is refused as a bug. */
class ConsumerStateTest {

    @Test
    void startThenShutdown() {
        ConsumerState s = new ConsumerState();
        assertThat(s.value()).isEqualTo(Value.CREATE_JUST);
        s.moveTo(Value.RUNNING);
        assertThat(s.isRunning()).isTrue();
        s.moveTo(Value.SHUTDOWN_ALREADY);
        assertThat(s.isShutDown()).isTrue();
        assertThat(s.isRunning()).isFalse();
    }

    @Test
    void aConsumerNeverStartedMayBeShutDown() {
        ConsumerState s = new ConsumerState();
        s.moveTo(Value.SHUTDOWN_ALREADY);
        assertThat(s.isShutDown()).isTrue();
    }

    @Test
    void noWayBack() {
        ConsumerState s = new ConsumerState();
        assertThatThrownBy(() -> s.moveTo(Value.CREATE_JUST)).isInstanceOf(Check.InvariantViolation.class);
        s.moveTo(Value.RUNNING);
        assertThatThrownBy(() -> s.moveTo(Value.RUNNING)).isInstanceOf(Check.InvariantViolation.class);
        s.moveTo(Value.SHUTDOWN_ALREADY);
        for (Value v : Value.values()) {
            assertThatThrownBy(() -> s.moveTo(v)).hasMessageContaining("SHUTDOWN_ALREADY");
        }
    }
}
