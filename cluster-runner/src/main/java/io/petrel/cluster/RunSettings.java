package io.petrel.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a run's nodes start.
 *
 * @param home the Petrel installation or working tree whose {@code bin/} and {@code conf/} run
 * @param dir the run directory: every node's file, store, log, console and pid file lives under it
 * @param classpath the classpath Petrel's scripts run on (their {@code PETREL_CLASSPATH}); empty:
 *     the build's, which the scripts build first when it is missing or stale
 * @param maxHeapMb the heap cap of Petrel's nodes ({@code PETREL_MAX_HEAP_MB}); 0: the scripts'
 *     own sizing (a quarter of the machine's memory, at most 1 GiB for a NameServer, 2 GiB for a broker)
 * @param bootTimeout how long a node may take to start serving before it is killed and its start fails
 * @param stopTimeout how long a node may take to stop after SIGTERM before it is killed
 */
public record RunSettings(Path home, Path dir, String classpath, int maxHeapMb, Duration bootTimeout, Duration stopTimeout) {

    public RunSettings {
        home = home.toAbsolutePath().normalize();
        dir = dir.toAbsolutePath().normalize();
        Objects.requireNonNull(classpath, "classpath: empty for the build's, not null");
        if (!Files.isRegularFile(home.resolve("bin/mqnamesrv"))) {
            throw new IllegalArgumentException("home " + home + " is not a Petrel installation: it has no bin/mqnamesrv");
        }
        if (maxHeapMb < 0) {
            throw new IllegalArgumentException("maxHeapMb must be 0 (the scripts' sizing) or more, not " + maxHeapMb);
        }
        if (bootTimeout.isNegative() || bootTimeout.isZero() || stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: boot " + bootTimeout + ", stop " + stopTimeout);
        }
    }

    /**
     * The scripts' own classpath and heap sizing, two minutes to boot (a broker recovering a large
     * store on a busy machine), a minute to stop (as {@code bin/mqshutdown} waits).
     */
    public static RunSettings of(Path home, Path dir) {
        return new RunSettings(home, dir, "", 0, Duration.ofMinutes(2), Duration.ofMinutes(1));
    }

    public RunSettings withClasspath(String newClasspath) {
        return new RunSettings(home, dir, newClasspath, maxHeapMb, bootTimeout, stopTimeout);
    }

    public RunSettings withMaxHeapMb(int newMaxHeapMb) {
        return new RunSettings(home, dir, classpath, newMaxHeapMb, bootTimeout, stopTimeout);
    }

    public RunSettings withStopTimeout(Duration newStopTimeout) {
        return new RunSettings(home, dir, classpath, maxHeapMb, bootTimeout, newStopTimeout);
    }

    /** Where the node called {@code name} keeps its store (its {@code storePathRootDir}). */
    public Path storeDir(String name) {
        return dir.resolve("store").resolve(name);
    }

    /** The file in which the {@code apache-rocketmq} module wrote Apache RocketMQ 4.9.7's classpath. */
    Path apacheClasspathFile() {
        return home.resolve("apache-rocketmq/target/apache-classpath.txt");
    }
}
