package io.petrel.scenarios.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;

/**
 * The frame fuzzer's properties in {@code mvn verify} (issue 23): a few seeds of a few thousand
 * fuzzed frames against a broker, a NameServer and a client, each ending with a clean restart and a crash.
 * Campaigns of millions run with {@code bin/fuzz --frames N}.
 */
class FrameFuzzProperties {

    static final long FRAMES = 3_000;

    @Property(tries = 2, seed = "23", shrinking = ShrinkingMode.OFF)
    void aBrokerSurvivesHostileFramesAndKeepsWhatItAcknowledged(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        FrameFuzzResult r = new FrameFuzzRun(FrameTarget.BROKER, seed, FRAMES, Sabotage.none()).run();
        assertThat(r.violations()).as(r.summary()).isEmpty();
        assertThat(r.restarts()).isEqualTo(2);
    }

    @Property(tries = 2, seed = "23", shrinking = ShrinkingMode.OFF)
    void aBrokerWithAclSurvivesHostileFramesAndRefusesAlteredOnes(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        FrameFuzzResult r = new FrameFuzzRun(FrameTarget.BROKER_ACL, seed, FRAMES, Sabotage.none()).run();
        assertThat(r.violations()).as(r.summary()).isEmpty();
        assertThat(r.restarts()).isEqualTo(2);
    }

    @Property(tries = 2, seed = "23", shrinking = ShrinkingMode.OFF)
    void aNameServerSurvivesHostileFrames(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        FrameFuzzResult r = new FrameFuzzRun(FrameTarget.NAMESRV, seed, FRAMES, Sabotage.none()).run();
        assertThat(r.violations()).as(r.summary()).isEmpty();
    }

    @Property(tries = 2, seed = "23", shrinking = ShrinkingMode.OFF)
    void aClientSurvivesHostileFramesAndKeepsConsuming(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        FrameFuzzResult r = new ClientFrameFuzzRun(seed, FRAMES, Sabotage.none()).run();
        assertThat(r.violations()).as(r.summary()).isEmpty();
        assertThat(r.restarts()).isEqualTo(2);
    }
}
