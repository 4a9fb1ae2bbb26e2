package io.petrel.env;

import java.util.Objects;

/**
 * Everything one node may use to act on the world: its name, clock, loop, network, disk,
 * randomness, log, the way to end its own process, and what to do with a bug it caught
 * ({@link BugHandler}: fail the run in simulation, log once and carry on in production). A node
 * gets a fresh {@code Env} each time it starts; after a crash the old one is dead (nothing
 * scheduled through it runs) and the new one shares only the disk.
 */
public record Env(
        String nodeName,
        Clock clock,
        Scheduler scheduler,
        Network network,
        Disk disk,
        RandomSource random,
        NodeLog log,
        ProcessExit exit,
        BugHandler bugs) {

    public Env {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(exit, "exit");
        Objects.requireNonNull(bugs, "bugs");
    }
}
