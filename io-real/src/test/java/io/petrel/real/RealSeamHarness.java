package io.petrel.real;

import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.env.contract.SeamHarness;
import io.petrel.real.net.NettyTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The contract suites' view of the real runtime: nodes on their own loops in one
 * {@link RealRuntime}, bound to 127.0.0.1, with a fresh temporary directory per harness.
 *
 * <p>{@link #close()} shuts every node and the transport down, deletes the directory, and checks
 * (within a bound) that no {@code petrel-} thread survives, so every test that uses a harness also
 * proves it leaks no threads.
 */
public final class RealSeamHarness implements SeamHarness {

    private static final String LOOPBACK = "127.0.0.1";
    private static final long CALL_TIMEOUT_MS = 30_000;
    private static final long SHUTDOWN_TIMEOUT_MS = 10_000;
    private static final long THREADS_GONE_TIMEOUT_MS = 10_000;

    private final RealRuntime runtime = new RealRuntime(new NettyTransport(2), SHUTDOWN_TIMEOUT_MS);
    private final Path tempDir;
    private final Map<String, RealNode> nodes = new ConcurrentHashMap<>();

    public RealSeamHarness() {
        try {
            tempDir = Files.createTempDirectory("petrel-io-real-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Env startNode(String name) {
        RealNodeSpec spec = new RealNodeSpec(name, tempDir.resolve(name), name.hashCode());
        RealNode node = runtime.start(spec, env -> new IdleNode());
        nodes.put(name, node);
        return node.env();
    }

    /** The running node behind an env this harness started. */
    public RealNode node(Env env) {
        RealNode node = nodes.get(env.nodeName());
        if (node == null) {
            throw new IllegalArgumentException("not a node of this harness: " + env.nodeName());
        }
        return node;
    }

    @Override
    public Address anyPort(Env node) {
        return new Address(LOOPBACK, 0);
    }

    @Override
    public Address deadAddress(Env node) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return new Address(LOOPBACK, probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String diskRoot(Env node) {
        return tempDir.resolve(node.nodeName()).toString();
    }

    @Override
    public void crash(Env node) {
        node(node).crash();
    }

    @Override
    public <T> T onLoop(Env node, Supplier<T> action) {
        return node(node).onLoop(action, CALL_TIMEOUT_MS);
    }

    @Override
    public boolean isLoopThread(Env node) {
        return node(node).isLoopThread();
    }

    @Override
    public void await(String what, BooleanSupplier condition, long timeoutMs) {
        Awaitility.await(what)
                .atMost(Duration.ofMillis(timeoutMs))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    @Override
    public void close() {
        try {
            runtime.close();
            await("no petrel- thread left", () -> PetrelThreads.alive().isEmpty(), THREADS_GONE_TIMEOUT_MS);
        } finally {
            deleteRecursively(tempDir);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node that does nothing by itself; the contract suites drive its Env directly. */
    private static final class IdleNode implements Node {
        @Override
        public void start() {
        }

        @Override
        public void shutdown(Runnable done) {
            done.run();
        }
    }
}
