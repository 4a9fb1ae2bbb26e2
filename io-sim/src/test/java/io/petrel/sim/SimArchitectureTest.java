package io.petrel.sim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Every run of a seed starts from nothing: the simulator keeps no static state that one run could
 * leave behind for the next in the same JVM (broker-core's architecture test says the same of the core).
 */
class SimArchitectureTest {

    @Test
    void noStaticFieldThatCanBeReassigned() {
        JavaClasses sim = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.petrel.sim");
        fields().that().areStatic().should().beFinal()
                .because("no state may survive from one simulated run to the next in the same JVM")
                .check(sim);
    }
}
