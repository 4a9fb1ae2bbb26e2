package io.petrel.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs of the launcher from tests: this working tree's {@code bin/} and {@code conf/}, its scripts
 * on the test classpath (the build's {@code target/lib} does not exist yet when tests run) and
 * Petrel's nodes capped at a 256 MiB heap.
 */
public final class TestRuns {

    private TestRuns() {
    }

    /** The working tree holding bin/ and conf/: the parent of the module directory tests run in. */
    public static Path home() {
        Path home = Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(home.resolve("bin/mqnamesrv"))) {
            throw new IllegalStateException(home + " has no bin/mqnamesrv; run the tests from the module directory");
        }
        return home;
    }

    /** The test classpath, which the bin/ scripts of tests run on (PETREL_CLASSPATH). */
    public static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    public static RunSettings settings(Path dir) {
        return RunSettings.of(home(), dir).withClasspath(classpath()).withMaxHeapMb(256);
    }
}
