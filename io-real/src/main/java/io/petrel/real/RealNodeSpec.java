package io.petrel.real;

import io.petrel.env.Address;
import io.petrel.env.ProcessExit;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What the runtime needs to start one node: its name (also its loop thread's and logger's name),
 * the directory holding its files (whose file system answers the disk's space questions), the
 * seed of its {@link io.petrel.env.SplitMix64} random source, (optionally) what happens when
 * the node ends its own process, and (tests only, null otherwise) where its outbound connections
 * are really dialled.
 */
public record RealNodeSpec(String nodeName, Path storeRoot, long seed, ProcessExit onExit, UnaryOperator<Address> dialVia) {

    public RealNodeSpec(String nodeName, Path storeRoot, long seed) {
        this(nodeName, storeRoot, seed, null, null);
    }

    public RealNodeSpec(String nodeName, Path storeRoot, long seed, ProcessExit onExit) {
        this(nodeName, storeRoot, seed, onExit, null);
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
        return new RealNodeSpec(nodeName, storeRoot, seed, handler, dialVia);
    }

    /**
     * Tests only: the same spec whose outbound connections are dialled at {@code via.apply(remote)}
     * (see {@link io.petrel.real.net.NettyNetwork}); production nodes dial what they are asked.
     */
    public RealNodeSpec withDialVia(UnaryOperator<Address> via) {
        return new RealNodeSpec(nodeName, storeRoot, seed, onExit, via);
    }

    /** A spec whose seed comes from the operating system, as production wants. */
    public static RealNodeSpec withOsSeed(String nodeName, Path storeRoot) {
        return new RealNodeSpec(nodeName, storeRoot, new SecureRandom().nextLong());
    }
}
