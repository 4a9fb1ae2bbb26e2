package io.petrel.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.petrel.arch.fixture.LeakyNode;
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
}
