package io.petrel.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.petrel.arch.fixture.LeakyNode;
import io.petrel.client.archfixture.ClientReachesIntoBroker;
import io.petrel.common.archfixture.CommonReachesUp;
import io.petrel.namesrv.archfixture.NamesrvReachesIntoStore;
import io.petrel.remoting.archfixture.RemotingReachesUp;
import io.petrel.store.archfixture.StoreReachesUp;
import org.junit.jupiter.api.Test;

/** Each architecture rule must report the fixture that breaks it; a rule that cannot fail guards nothing. */
class CoreArchitectureRulesBiteTest {

    @Test
    void everyRuleFiresOnALeakyClass() {
        JavaClasses leaky = new ClassFileImporter().importClasses(LeakyNode.class);
        for (ArchRule rule : CoreArchitectureTest.allRules()) {
            assertThat(rule.evaluate(leaky).hasViolation())
                    .as("rule did not fire on the leaky fixture: %s", rule.getDescription())
                    .isTrue();
        }
    }

    @Test
    void everyLayeringRuleFiresOnItsFixture() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(StoreReachesUp.class, ClientReachesIntoBroker.class,
                RemotingReachesUp.class, NamesrvReachesIntoStore.class, CommonReachesUp.class);
        for (ArchRule rule : CoreArchitectureTest.layeringRules()) {
            assertThat(rule.evaluate(fixtures).hasViolation())
                    .as("rule did not fire on its fixture: %s", rule.getDescription())
                    .isTrue();
        }
    }
}
