package io.petrel.real;

import io.petrel.env.ProcessExit;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * What the runtime needs to start one node: its name (also its loop thread's and logger's name),
 * the directory holding its files (whose file system answers the disk's space questions), and the
 * seed of its {@link io.petrel.env.SplitMix64} random source, and (optionally) what happens when
 * the node ends its own process.
 */
public record RealNodeSpec(String nodeName, Path storeRoot, long seed, ProcessExit onExit) {

    public RealNodeSpec(String nodeName, Path storeRoot, long seed) {
        this(nodeName, storeRoot, seed, null);
    }

    public RealNodeSpec {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(storeRoot, "storeRoot");
        if (nodeName.isBlank()) {
            throw new IllegalArgumentException("blank node name");
        }
    }

    /**
     * The same spec with what to do when the node ends its process ({@link io.petrel.env.Env#exit()}),
     * after the node has been stopped; mains exit the JVM. Without it the node just stops.
     */
    public RealNodeSpec withExit(ProcessExit handler) {
        return new RealNodeSpec(nodeName, storeRoot, seed, handler);
    }

    /** A spec whose seed comes from the operating system, as production wants. */
    public static RealNodeSpec withOsSeed(String nodeName, Path storeRoot) {
        return new RealNodeSpec(nodeName, storeRoot, new SecureRandom().nextLong());
    }
}
