package io.petrel.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.cluster.TestRuns;
import io.petrel.scenarios.fuzz.FaultType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a sabotaged build is caught on real nodes. Every broker of {@code conf/2m-noslave}
 * runs {@link RecoveryDropsLastRecordBroker} (its recovery drops the commit log's last record, so
 * after a kill -9 or a stop the next message takes the dropped one's queue offset, behind where
 * the consumers already are); a short campaign of kills and graceful restarts must end with the
 * checker reporting acknowledged messages lost, and exit as a failed campaign would.
 */
@Tag("process")
class ChaosSabotageProcessTest {

    @TempDir
    Path dir;

    @Test
    void aBrokerWhoseRecoveryDropsTheLastRecordIsCaught() throws Exception {
        ChaosOptions options = new ChaosOptions(1, 18, "2m-noslave", 16_000,
                List.of(FaultType.CRASH, FaultType.GRACEFUL_SHUTDOWN), 30_000, TestRuns.home(), dir,
                TestRuns.classpath(), 256, 5_000).withBrokerMainClass(RecoveryDropsLastRecordBroker.class.getName());
        PrintedCampaign campaign = PrintedCampaign.run(options);
        List<ChaosResult> results = campaign.results();
        String text = campaign.text();
        assertThat(results).as(text).hasSize(1);
        ChaosResult r = results.get(0);
        assertThat(r.faults().values().stream().mapToInt(Integer::intValue).sum()).as(text).isPositive();
        assertThat(r.ok()).as("the sabotage is caught: %s", text).isFalse();
        assertThat(r.verdict()).as(text).isNotNull();
        assertThat(r.lost()).as("acknowledged messages lost: %s", text).isPositive();
        assertThat(text).contains("violations: 1").contains("bin/chaos --runs 1 --seed 18");
    }
}
