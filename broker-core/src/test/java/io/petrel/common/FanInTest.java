package io.petrel.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fan-in runs its continuation once, after the last answer, and refuses answers it did not ask for. */
class FanInTest {

    @Test
    void runsOnceAfterTheLastAnswer() {
        int[] ran = {0};
        FanIn f = new FanIn("three calls", 3, () -> ran[0]++);
        f.arrive();
        f.arrive();
        assertThat(ran[0]).isZero();
        f.arrive();
        assertThat(ran[0]).isOne();
        assertThatThrownBy(f::arrive).isInstanceOf(Check.InvariantViolation.class).hasMessageContaining("three calls");
        assertThatThrownBy(f::expect).isInstanceOf(Check.InvariantViolation.class);
    }

    @Test
    void theSendersPartKeepsAnswersThatComeBackAtOnceFromFinishingEarly() {
        int[] ran = {0};
        FanIn f = new FanIn("flush round", 1, () -> ran[0]++);
        f.expect();
        f.arrive();
        f.expect();
        f.withdraw();
        assertThat(ran[0]).isZero();
        f.arrive();
        assertThat(ran[0]).isOne();
    }

    @Test
    void anEmptyFanOutNeverRunsItsContinuation() {
        FanIn f = new FanIn("nothing", 0, () -> {
            throw new AssertionError("ran");
        });
        assertThat(f.left()).isZero();
        assertThatThrownBy(f::arrive).isInstanceOf(Check.InvariantViolation.class);
    }
}
