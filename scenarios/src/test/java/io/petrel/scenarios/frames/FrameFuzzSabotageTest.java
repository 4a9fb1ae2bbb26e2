package io.petrel.scenarios.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The frame fuzzer catches a broker that treats a peer's bad header as its own bug (logs at ERROR,
 * answers SYSTEM_ERROR with the exception's text), and a run without sabotage of the same seed is
 * clean, so it is the sabotage that is caught.
 */
class FrameFuzzSabotageTest {

    private static final long SEED = 2323;
    private static final long FRAMES = 600;

    @Test
    void aBadHeaderAnsweredAsABugIsCaughtByTheRemarkAndErrorLineChecks() {
        FrameFuzzResult sabotaged = new FrameFuzzRun(FrameTarget.BROKER, SEED, FRAMES,
                Set.of(Sabotage.BAD_HEADER_ANSWERED_AS_BUG)).run();
        assertThat(sabotaged.violations()).as(sabotaged.summary())
                .anySatisfy(v -> assertThat(v).contains("refused with an exception's text: io.petrel.remoting.HeaderException"))
                .anySatisfy(v -> assertThat(v).contains("the node logged at ERROR: bug while processing"));

        FrameFuzzResult clean = new FrameFuzzRun(FrameTarget.BROKER, SEED, FRAMES, Sabotage.none()).run();
        assertThat(clean.violations()).as(clean.summary()).isEmpty();
    }
}
