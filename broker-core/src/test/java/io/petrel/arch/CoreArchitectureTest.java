package io.petrel.arch;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * broker-core must run deterministically in one thread under the simulator, so it may reach the
 * world only through {@code io.petrel.env}. Each rule below names the door it keeps shut; do not
 * weaken one to make a change pass: route the change through the seams instead.
 * {@link CoreArchitectureRulesBiteTest} proves that every rule fires on a class that breaks it.
 */
class CoreArchitectureTest {

    static final ArchRule THREADS = noClasses()
            .should().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().areAssignableTo(ThreadGroup.class)
            .orShould().dependOnClassesThat().areAssignableTo(Executor.class)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
            .orShould().dependOnClassesThat().areAssignableTo(Future.class)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Timer")
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
            .orShould().callMethod(Object.class, "wait")
            .orShould().callMethod(Object.class, "wait", long.class)
            .orShould().callMethod(Object.class, "notify")
            .orShould().callMethod(Object.class, "notifyAll")
            .because("a node is a single-threaded state machine on its loop");

    static final ArchRule SYNCHRONIZED_METHODS = noMethods()
            .should().haveModifier(JavaModifier.SYNCHRONIZED)
            .because("nothing in broker-core is shared between threads");

    static final ArchRule WALL_CLOCK = noClasses()
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethodWhere(target(name("now")))
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Date")
            .because("time comes from io.petrel.env.Clock, virtual in simulation");

    static final ArchRule RANDOMNESS = noClasses()
            .should().dependOnClassesThat().areAssignableTo(Random.class)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(StrictMath.class, "random")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callMethod(Collections.class, "shuffle", List.class)
            .because("randomness comes from io.petrel.env.RandomSource, seeded in simulation");

    static final ArchRule FILES_AND_SOCKETS = noClasses()
            .should().dependOnClassesThat().haveNameMatching("java\\.io\\.File.*")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
            .orShould().dependOnClassesThat().resideInAPackage("java.nio.file..")
            .orShould().dependOnClassesThat().resideInAPackage("java.nio.channels..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.MappedByteBuffer")
            .orShould().dependOnClassesThat().resideInAPackage("java.net..")
            .orShould().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("the disk and the network are reached only through io.petrel.env");

    static final ArchRule AMBIENT_ENVIRONMENT = noClasses()
            .should().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class, String.class)
            .orShould().callMethod(System.class, "getProperties")
            .orShould().callMethod(Runtime.class, "availableProcessors")
            .orShould().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(System.class, "identityHashCode", Object.class)
            .because("the io-real main reads the environment once and passes it in");

    static final ArchRule SALTED_COLLECTIONS = noClasses()
            .should().callMethodWhere(target(name("of")).and(target(owner(DescribedPredicate.describe(
                    "Set or Map", c -> c.isEquivalentTo(Set.class) || c.isEquivalentTo(Map.class))))))
            .orShould().callMethod(Map.class, "ofEntries", Map.Entry[].class)
            .orShould().callMethod(Collection.class, "parallelStream")
            .orShould().callMethod(BaseStream.class, "parallel")
            .orShould().dependOnClassesThat().areAssignableTo(IdentityHashMap.class)
            .orShould().dependOnClassesThat().areAssignableTo(WeakHashMap.class)
            .because("Set.of and Map.of iterate in an order salted per JVM start, and identity hashes differ per run");

    static final ArchRule LIBRARIES = noClasses()
            .should().dependOnClassesThat().resideOutsideOfPackages(
                    "java..", "javax.annotation..", "javax.crypto..", "io.petrel..", "com.fasterxml.jackson..", "org.slf4j..")
            .because("broker-core's only libraries are Jackson and slf4j-api (and the JDK's javax.crypto, for ACL signatures)");

    static final ArchRule STATIC_STATE = fields().that().areStatic().should().beFinal()
            .because("no state may survive from one simulated run to the next in the same JVM");

    /** Every rule, so {@link CoreArchitectureRulesBiteTest} can prove each one fires. */
    static List<ArchRule> allRules() {
        return List.of(THREADS, SYNCHRONIZED_METHODS, WALL_CLOCK, RANDOMNESS, FILES_AND_SOCKETS,
                AMBIENT_ENVIRONMENT, SALTED_COLLECTIONS, LIBRARIES, STATIC_STATE);
    }

    // ---- layering inside broker-core ----------------------------------------------------------

    static final ArchRule STORE_BELOW_BROKER = noClasses().that().resideInAPackage("io.petrel.store..")
            .should().dependOnClassesThat().resideInAnyPackage("io.petrel.broker..", "io.petrel.remoting..",
                    "io.petrel.client..", "io.petrel.namesrv..", "io.petrel.admin..", "io.petrel.ha..")
            .because("the message store is a library the broker uses; it knows no requests, clients or roles");

    static final ArchRule CLIENT_BESIDE_BROKER = noClasses().that().resideInAPackage("io.petrel.client..")
            .should().dependOnClassesThat().resideInAnyPackage("io.petrel.broker..", "io.petrel.namesrv..",
                    "io.petrel.store..")
            .because("the client talks to brokers and NameServers over the wire only; the message layout it shares "
                    + "with the store is in io.petrel.common.message");

    static final ArchRule REMOTING_BELOW_STORE = noClasses().that().resideInAPackage("io.petrel.remoting..")
            .should().dependOnClassesThat().resideInAnyPackage("io.petrel.store..", "io.petrel.broker..",
                    "io.petrel.client..", "io.petrel.namesrv..")
            .because("the wire codec serves every node kind and knows none of them");

    static final ArchRule NAMESRV_ALONE = noClasses().that().resideInAPackage("io.petrel.namesrv..")
            .should().dependOnClassesThat().resideInAnyPackage("io.petrel.store..", "io.petrel.broker..",
                    "io.petrel.client..", "io.petrel.ha..")
            .because("a NameServer holds routes only: no store, broker or client code runs in it");

    static final ArchRule COMMON_AT_THE_BOTTOM = noClasses().that().resideInAPackage("io.petrel.common..")
            .should().dependOnClassesThat().resideInAnyPackage("io.petrel.store..", "io.petrel.broker..",
                    "io.petrel.client..", "io.petrel.namesrv..", "io.petrel.remoting..", "io.petrel.ha..")
            .because("value types are shared by every part and depend on none");

    /** The layering rules, each with a fixture in the package it guards that breaks it. */
    static List<ArchRule> layeringRules() {
        return List.of(STORE_BELOW_BROKER, CLIENT_BESIDE_BROKER, REMOTING_BELOW_STORE, NAMESRV_ALONE, COMMON_AT_THE_BOTTOM);
    }

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.petrel");
    }

    @Test
    void noThreadsExecutorsOrLocks() {
        THREADS.check(core);
        SYNCHRONIZED_METHODS.check(core);
    }

    @Test
    void noWallClockOrSleeping() {
        WALL_CLOCK.check(core);
    }

    @Test
    void noUnseededRandomness() {
        RANDOMNESS.check(core);
    }

    @Test
    void noDirectFileOrSocketAccess() {
        FILES_AND_SOCKETS.check(core);
    }

    @Test
    void noAmbientEnvironment() {
        AMBIENT_ENVIRONMENT.check(core);
    }

    @Test
    void noCollectionsWithSaltedOrParallelIteration() {
        SALTED_COLLECTIONS.check(core);
    }

    @Test
    void noStaticFieldThatCanBeReassigned() {
        STATIC_STATE.check(core);
    }

    @Test
    void coreDependsOnlyOnTheJdkJacksonAndSlf4j() {
        LIBRARIES.check(core);
    }

    @Test
    void partsDependOnlyDownwards() {
        layeringRules().forEach(rule -> rule.check(core));
    }
}
