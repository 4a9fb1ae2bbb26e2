package io.petrel.scenarios.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each property of the frame fuzzer has a sabotage it catches: a broker that treats a peer's bad
 * header as its own bug (logs at ERROR, answers SYSTEM_ERROR with the exception's text), one whose
 * refused request changes state, one that accepts a path key at runtime, one that reports a read at
 * an outside offset as damage, one whose restarts lose an acknowledged message, and one that a bad
 * header takes down; in a client, one that answers a bad header as its own bug and one whose refused
 * reset has already moved offsets; with ACL on, one that does not check signatures. A run without
 * sabotage of the same seed is clean, so it is the sabotage that is caught.
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

    /**
     * Seed 2333, frame 1080: an UPDATE_BROKER_CONFIG that sets the queue count then a bad
     * shortPollingTimeMills is refused, but the sabotaged broker keeps the queue count, which it hands on
     * to TBW102: the check that a refused request changes no state names the topic. (Seeds and frame
     * numbers here move when the request shapes change: bin/fuzz's frame streams follow the table.)
     */
    @Test
    void aRefusedConfigUpdateThatKeepsItsEarlierKeysIsCaughtByTheStateCheck() {
        long seed = 2333;
        long frames = 1_090;
        FrameFuzzResult sabotaged = new FrameFuzzRun(FrameTarget.BROKER, seed, frames,
                Set.of(Sabotage.REFUSED_CONFIG_UPDATE_KEEPS_EARLIER_KEYS)).run();
        assertThat(sabotaged.violations()).as(sabotaged.summary())
                .anySatisfy(v -> assertThat(v).contains("(code 25 ").contains("but topic TBW102 changed"));

        FrameFuzzResult clean = new FrameFuzzRun(FrameTarget.BROKER, seed, frames, Sabotage.none()).run();
        assertThat(clean.violations()).as(clean.summary()).isEmpty();
    }

    /** Seed 2327, frame 934: an UPDATE_BROKER_CONFIG of abortFile is accepted; the frozen-config check names it. */
    @Test
    void aPathKeyAcceptedAtRuntimeIsCaughtByTheFrozenConfigCheck() {
        assertCaughtAndCleanWithout(Sabotage.PATH_KEYS_UPDATABLE_AT_RUNTIME, 2327, 940,
                "a key that names a path, class or command changed at runtime: abortFile=");
    }

    /**
     * Seed 2325, frame 790: VIEW_MESSAGE_BY_ID at an offset inside a record, reported as damage (issue 23's
     * second finding): the damage count and the ERROR line both name it.
     */
    @Test
    void aReadInsideARecordReportedAsDamageIsCaughtByTheDamageCheck() {
        assertCaughtAndCleanWithout(Sabotage.OUTSIDE_OFFSET_READ_REPORTED_AS_DAMAGE, 2325, 800,
                "a read was reported as damage");
    }

    /** The run's restarts (a clean stop, then kill -9): the newest acknowledged message no longer reads back. */
    @Test
    void aRecoveryThatDropsTheLastRecordIsCaughtByTheAcknowledgedMessagesCheck() {
        assertCaughtAndCleanWithout(Sabotage.RECOVERY_DROPS_LAST_RECORD, SEED, FRAMES, "does not read back intact");
    }

    /** The first bad header takes the node down: the run stops with the node's throw, which it reports. */
    @Test
    void aBadHeaderThatStopsTheNodeIsCaughtByTheKeepsRunningCheck() {
        assertCaughtAndCleanWithout(Sabotage.BAD_HEADER_STOPS_THE_NODE, SEED, FRAMES, "Petrel's own bug (the node threw)");
    }

    /** In a client, seed 2323 frame 66: RESET_CONSUMER_CLIENT_OFFSET without 'group' is answered as a bug. */
    @Test
    void aClientAnsweringABadHeaderAsABugIsCaughtByTheRemarkAndErrorLineChecks() {
        FrameFuzzResult sabotaged = new ClientFrameFuzzRun(SEED, 70, Set.of(Sabotage.BAD_HEADER_ANSWERED_AS_BUG)).run();
        assertThat(sabotaged.violations()).as(sabotaged.summary())
                .anySatisfy(v -> assertThat(v).contains("refused with an exception's text: io.petrel.remoting."))
                .anySatisfy(v -> assertThat(v).contains("the node logged at ERROR: bug while processing"));
        FrameFuzzResult clean = new ClientFrameFuzzRun(SEED, 70, Sabotage.none()).run();
        assertThat(clean.violations()).as(clean.summary()).isEmpty();
    }

    /**
     * In a client, seed 2332 frame 336: a RESET_CONSUMER_CLIENT_OFFSET of FuzzGroup without 'isForce' is
     * refused, but the sabotaged client applied its body first: the state check names the offsets.
     */
    @Test
    void aClientResetAppliedBeforeItsHeaderIsCheckedIsCaughtByTheStateCheck() {
        long seed = 2332;
        long frames = 340;
        FrameFuzzResult sabotaged = new ClientFrameFuzzRun(seed, frames,
                Set.of(Sabotage.CLIENT_RESET_APPLIED_BEFORE_HEADER_CHECK)).run();
        assertThat(sabotaged.violations()).as(sabotaged.summary())
                .anySatisfy(v -> assertThat(v).contains("(code 220 ").contains("refused with 1")
                        .contains("but the offsets of FuzzGroup changed"));
        FrameFuzzResult clean = new ClientFrameFuzzRun(seed, frames, Sabotage.none()).run();
        assertThat(clean.violations()).as(clean.summary()).isEmpty();
    }

    /** With ACL on and the signature check sabotaged, a frame altered after it was signed is served. */
    @Test
    void aSignatureNotCheckedIsCaughtByTheAlteredFrameCheck() {
        FrameFuzzResult sabotaged = new FrameFuzzRun(FrameTarget.BROKER_ACL, SEED, FRAMES,
                Set.of(Sabotage.ACL_SIGNATURE_NOT_CHECKED)).run();
        assertThat(sabotaged.violations()).as(sabotaged.summary())
                .anySatisfy(v -> assertThat(v).contains("(signature no longer matches)")
                        .contains("although it was altered after it was signed"));
        FrameFuzzResult clean = new FrameFuzzRun(FrameTarget.BROKER_ACL, SEED, FRAMES, Sabotage.none()).run();
        assertThat(clean.violations()).as(clean.summary()).isEmpty();
    }

    private static void assertCaughtAndCleanWithout(Sabotage sabotage, long seed, long frames, String expected) {
        FrameFuzzResult sabotaged = new FrameFuzzRun(FrameTarget.BROKER, seed, frames, Set.of(sabotage)).run();
        assertThat(sabotaged.violations()).as(sabotaged.summary()).anySatisfy(v -> assertThat(v).contains(expected));
        FrameFuzzResult clean = new FrameFuzzRun(FrameTarget.BROKER, seed, frames, Sabotage.none()).run();
        assertThat(clean.violations()).as(clean.summary()).isEmpty();
    }
}
