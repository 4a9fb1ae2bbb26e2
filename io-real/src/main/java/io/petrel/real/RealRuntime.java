package io.petrel.real;

import io.petrel.env.NodeFactory;
import io.petrel.real.net.NettyTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The production runtime of one process: the shared {@link NettyTransport} and the nodes started
 * on it. Mains create one, start their node(s), and close it from a shutdown hook; tests do the
 * same around each case.
 *
 * <p>{@link #start} and {@link #close()} block the calling thread and must be called from outside
 * every node loop. {@link #close()} shuts every node down gracefully (each bounded by
 * {@code shutdownTimeoutMs}), then closes the transport, ending the IO threads; after it no
 * {@code petrel-} thread of this runtime remains. Thread-safe.
 */
public final class RealRuntime implements AutoCloseable {

    private static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

    private final NettyTransport transport;
    private final long shutdownTimeoutMs;
    private final List<RealNode> nodes = new ArrayList<>();
    private boolean closed;

    /** A runtime that owns {@code transport} and closes it last. */
    public RealRuntime(NettyTransport transport, long shutdownTimeoutMs) {
        this.transport = Objects.requireNonNull(transport, "transport");
        if (shutdownTimeoutMs <= 0) {
            throw new IllegalArgumentException("shutdownTimeoutMs must be positive: " + shutdownTimeoutMs);
        }
        this.shutdownTimeoutMs = shutdownTimeoutMs;
    }

    /** A runtime with IO threads sized for this machine and a 30 s shutdown bound per node. */
    public static RealRuntime create() {
        return new RealRuntime(NettyTransport.sizedForThisMachine(), DEFAULT_SHUTDOWN_TIMEOUT_MS);
    }

    /** Starts a node; returns once its {@code start()} has run on its loop. */
    public synchronized RealNode start(RealNodeSpec spec, NodeFactory factory) {
        if (closed) {
            throw new IllegalStateException("runtime is closed; cannot start " + spec.nodeName());
        }
        for (RealNode running : nodes) {
            if (running.nodeName().equals(spec.nodeName()) && running.isRunning()) {
                throw new IllegalStateException("a node named " + spec.nodeName() + " is already running");
            }
        }
        RealNode node = RealNode.start(spec, factory, transport);
        nodes.add(node);
        return node;
    }

    /** Starts a node whose random seed comes from the operating system. */
    public RealNode start(String nodeName, Path storeRoot, NodeFactory factory) {
        return start(RealNodeSpec.withOsSeed(nodeName, storeRoot), factory);
    }

    /** Shuts every node down gracefully, in reverse start order, then ends the IO threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).shutdown(shutdownTimeoutMs);
        }
        transport.close();
    }
}
