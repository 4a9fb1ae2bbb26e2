package io.petrel.scenarios.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import io.petrel.scenarios.history.Verdict;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Version 6 fuzz plans with ACL on: the workload signs and runs as without ACL while every intruder
 * request is refused; with the signature check sabotaged, both ACL rules of the checker fire, the
 * one on answers and the one on what the final scan finds in the brokers' state.
 */
class FuzzAclTest {

    /** The first plan from 9000 with ACL on (short, no slaves needed). */
    private static final FuzzSeed SEED = FuzzSeed.parse("fuzz6-9006");

    @Test
    void aboutOnePlanInThreeTurnsAclOnAndOlderVersionsNever() {
        List<FuzzPlan> plans = LongStream.range(0, 3_000).mapToObj(n -> FuzzPlan.of(new FuzzSeed(n))).toList();
        long on = plans.stream().filter(p -> p.acl().enabled()).count();
        assertThat(on).isBetween(850L, 1_150L);
        assertThat(plans.stream().filter(p -> p.acl().enabled())).allMatch(p -> p.acl().intrusionsPerSecond() >= 0.5
                && p.acl().intrusionsPerSecond() <= 5);
        assertThat(LongStream.range(0, 300).mapToObj(n -> FuzzPlan.of(new FuzzSeed(n, 5))))
                .noneMatch(p -> p.acl().enabled());
        assertThat(FuzzPlan.of(SEED).acl().enabled()).isTrue();
    }

    @Test
    void theWorkloadRunsSignedAndEveryIntrusionIsRefused() {
        FuzzResult r = new FuzzScenario(SEED).run();
        assertThat(r.ok()).as(r.verdict().summary()).isTrue();
        assertThat(r.verdict().counters().get("intrusions-refused-by-acl")).isGreaterThan(20);
        assertThat(r.verdict().counters().get("sends-ok")).isPositive();
        assertThat(r.verdict().counters().get("deliveries")).isPositive();
    }

    @Test
    void withoutTheSignatureCheckBothRulesFire() {
        FuzzResult r = new FuzzScenario(SEED).withSabotage(Set.of(Sabotage.ACL_SIGNATURE_NOT_CHECKED)).run();
        assertThat(r.verdict().violations()).extracting(Verdict.Violation::check)
                .contains("acl-accepted", "acl-state-changed");
    }
}
