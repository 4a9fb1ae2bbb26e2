package io.petrel.broker.offset;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.Check;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsumerOffsetManager#invariants}: the request paths refuse negative offsets and queue ids
 * and blank names, so a table holding one means a path let it through.
 */
class ConsumerOffsetManagerInvariantsTest {

    @Test
    void wellFormedOffsetsPass() {
        ConsumerOffsetManager offsets = new ConsumerOffsetManager(null);
        offsets.commit("g", "Orders", 0, 0);
        offsets.commit("g", "Orders", 3, 1_000_000);
        assertThatCode(offsets::invariants).doesNotThrowAnyException();
    }

    @Test
    void aNegativeOffsetOrQueueOrABlankNameIsCaught() {
        ConsumerOffsetManager negativeOffset = new ConsumerOffsetManager(null);
        negativeOffset.commit("g", "Orders", 0, -1);
        assertThatThrownBy(negativeOffset::invariants).isInstanceOf(Check.InvariantViolation.class)
                .hasMessageContaining("Orders@g has offset -1 for queue 0");
        ConsumerOffsetManager negativeQueue = new ConsumerOffsetManager(null);
        negativeQueue.commit("g", "Orders", -2, 5);
        assertThatThrownBy(negativeQueue::invariants).isInstanceOf(Check.InvariantViolation.class);
        ConsumerOffsetManager blankGroup = new ConsumerOffsetManager(null);
        blankGroup.commit("", "Orders", 0, 5);
        assertThatThrownBy(blankGroup::invariants).isInstanceOf(Check.InvariantViolation.class)
                .hasMessageContaining("is not topic@group");
    }
}
