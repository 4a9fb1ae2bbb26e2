package io.petrel.real.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Check;
import io.petrel.real.RecordingLog;
import org.junit.jupiter.api.Test;

/** Production's BugHandler: the stack once per site, then counted reminders at powers of two. */
class BugLogTest {

    private final RecordingLog log = new RecordingLog();
    private final BugLog bugs = new BugLog(log);

    private static RuntimeException fromSiteA() {
        try {
            Check.state(false, "site A broke");
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("unreachable");
    }

    private static RuntimeException fromSiteB() {
        return new IllegalStateException("site B broke");
    }

    private static RuntimeException fromSiteC() {
        try {
            Check.state(false, "site C broke");
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("unreachable");
    }

    @Test
    void logsTheStackOncePerSiteAndCountsTheRest() {
        for (int i = 0; i < 5; i++) {
            bugs.onBug("processing SEND_MESSAGE_V2 from 10.0.0.7:1", fromSiteA());
        }
        bugs.onBug("running a task", fromSiteB());
        bugs.onBug("running a task", fromSiteC());
        assertThat(log.lines).filteredOn(l -> l.thrown() != null).extracting(l -> l.thrown().getMessage())
                .as("two failed checks are two sites: the frame that called Check decides")
                .containsExactly("site A broke", "site B broke", "site C broke");
        assertThat(log.lines).filteredOn(l -> l.thrown() == null).extracting(RecordingLog.Line::text)
                .as("reminders at the 2nd and 4th occurrence").hasSize(2)
                .allSatisfy(text -> assertThat(text).contains("site A broke again"));
        assertThat(log.lines).allSatisfy(l -> assertThat(l.level()).isEqualTo("ERROR"));
        assertThat(bugs.count(fromSiteA())).isEqualTo(5);
    }
}
