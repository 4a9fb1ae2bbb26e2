package io.petrel.real;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * What the runtime needs to start one node: its name (also its loop thread's and logger's name),
 * the directory holding its files (whose file system answers the disk's space questions), and the
 * seed of its {@link io.petrel.env.SplitMix64} random source.
 */
public record RealNodeSpec(String nodeName, Path storeRoot, long seed) {

    public RealNodeSpec {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(storeRoot, "storeRoot");
        if (nodeName.isBlank()) {
            throw new IllegalArgumentException("blank node name");
        }
    }

    /** A spec whose seed comes from the operating system, as production wants. */
    public static RealNodeSpec withOsSeed(String nodeName, Path storeRoot) {
        return new RealNodeSpec(nodeName, storeRoot, new SecureRandom().nextLong());
    }
}
