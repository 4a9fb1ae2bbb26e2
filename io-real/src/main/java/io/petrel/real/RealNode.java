package io.petrel.real;

import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.env.NodeFactory;
import io.petrel.env.NodeLog;
import io.petrel.env.ProcessExit;
import io.petrel.env.SplitMix64;
import io.petrel.real.disk.MmapDisk;
import io.petrel.real.loop.BugLog;
import io.petrel.real.loop.NodeLoop;
import io.petrel.real.net.NettyNetwork;
import io.petrel.real.net.NettyTransport;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One running node: its loop thread, its {@link Env} (system clock, the loop as scheduler, a
 * {@link NettyNetwork} on the shared transport, an {@link MmapDisk}, a seeded
 * {@link SplitMix64}, an slf4j log) and the {@link Node} built from it.
 *
 * <p>Lifecycle: {@link #start} builds the node on its loop and calls {@link Node#start()} there,
 * waiting for both. {@link #shutdown(long)} asks the node to stop gracefully, waits (bounded) for
 * its {@code done}, then stops the loop and releases the network and the flush thread. Both block
 * the calling thread, which must not be the node's loop. If the node fails to finish in time the
 * loop is stopped anyway, which to the node is a crash: nothing more of it runs.
 */
public final class RealNode {

    private static final long START_TIMEOUT_MS = 60_000;
    private static final long NETWORK_CLOSE_TIMEOUT_MS = 5_000;

    private final Env env;
    private final NodeLoop loop;
    private final NettyNetwork network;
    private final MmapDisk disk;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Node node;

    private RealNode(Env env, NodeLoop loop, NettyNetwork network, MmapDisk disk) {
        this.env = env;
        this.loop = loop;
        this.network = network;
        this.disk = disk;
    }

    /**
     * Starts a node and returns once {@link Node#start()} has returned on its loop. If the factory
     * or start throws, everything started is released and the exception is rethrown.
     */
    static RealNode start(RealNodeSpec spec, NodeFactory factory, NettyTransport transport) {
        Objects.requireNonNull(factory, "factory");
        String name = spec.nodeName();
        NodeLog log = new Slf4jNodeLog(name);
        BugLog bugs = new BugLog(log);
        NodeLoop loop = new NodeLoop(name, bugs);
        NettyNetwork network = new NettyNetwork(transport, loop, log, spec.dialVia());
        MmapDisk disk = new MmapDisk(name, spec.storeRoot(), loop);
        AtomicReference<RealNode> self = new AtomicReference<>();
        ProcessExit exit = (status, reason) -> exitFromLoop(self.get(), spec, status, reason);
        Env env = new Env(name, SystemClock.INSTANCE, loop, network, disk, new SplitMix64(spec.seed()), log, exit,
                bugs);
        RealNode running = new RealNode(env, loop, network, disk);
        self.set(running);
        log.info("starting node {} with store root {} and random seed {}", name, spec.storeRoot(), spec.seed());
        try {
            running.node = loop.call(() -> {
                Node created = Objects.requireNonNull(factory.create(env), "the node factory returned null");
                created.start();
                return created;
            }, START_TIMEOUT_MS);
        } catch (RuntimeException | Error e) {
            running.release();
            throw e;
        }
        return running;
    }

    /**
     * The node asked to end its process: its loop stops after the current task (nothing more of it
     * runs, as after a crash), then a separate thread releases its network and disk threads and
     * runs the spec's exit handler (a main exits the JVM there).
     */
    private static void exitFromLoop(RealNode node, RealNodeSpec spec, int status, String reason) {
        node.env.log().error("node {} exits with status {}: {}", node.nodeName(), status, reason);
        node.stopping.set(true);
        node.loop.stop();
        Thread exiting = new Thread(() -> {
            node.release();
            if (spec.onExit() != null) {
                spec.onExit().exit(status, reason);
            }
        }, "petrel-exit-" + node.nodeName());
        exiting.start();
    }

    public Env env() {
        return env;
    }

    public String nodeName() {
        return env.nodeName();
    }

    /** True while the node's loop runs events. */
    public boolean isRunning() {
        return !loop.isStopped();
    }

    /** True when the calling thread is this node's loop. */
    public boolean isLoopThread() {
        return loop.isLoopThread();
    }

    /** Hands {@code event} to the node's loop from any thread without waiting; see {@link NodeLoop#post}. */
    public void post(Runnable event) {
        loop.post(event);
    }

    /** Runs {@code action} on the node's loop and returns its result; see {@link NodeLoop#call}. */
    public <T> T onLoop(Supplier<T> action, long timeoutMs) {
        return loop.call(action, timeoutMs);
    }

    /**
     * Stops the node gracefully: {@link Node#shutdown} on its loop, then (after its {@code done} or
     * {@code timeoutMs}, whichever comes first) the loop stops and the network and flush thread are
     * released. Idempotent; later calls return at once.
     *
     * @return true when the node reported done in time
     */
    public boolean shutdown(long timeoutMs) {
        if (loop.isLoopThread()) {
            throw new IllegalStateException("node " + nodeName() + " cannot wait for its own shutdown on its loop");
        }
        if (!stopping.compareAndSet(false, true)) {
            return true;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> shutdownOnLoop(done));
        boolean inTime = awaitDone(done, timeoutMs);
        release();
        return inTime;
    }

    private void shutdownOnLoop(CompletableFuture<Void> done) {
        Runnable finish = () -> {
            loop.stop();
            done.complete(null);
        };
        try {
            node.shutdown(finish);
        } catch (RuntimeException e) {
            env.log().error("node {} failed while shutting down; stopping its loop", nodeName(), e);
            finish.run();
        }
    }

    /**
     * Kills the node without a goodbye, as the seam contracts describe a crash: its loop stops at
     * once (nothing more of it runs, no callback), its listeners close and its connections are
     * reset, so peers see {@code RESET} rather than an orderly close, and its flush thread ends.
     * (A real kill -9 lets the kernel send FIN when no input was left unread; this is the harsher
     * case, which the contracts promise.) Idempotent, also after {@link #shutdown}. Not on the loop.
     */
    public void crash() {
        if (loop.isLoopThread()) {
            throw new IllegalStateException("node " + nodeName() + " cannot crash itself on its loop; use ProcessExit");
        }
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        loop.stop();
        network.abort();
        disk.close();
        env.log().warn("node {} killed", nodeName());
    }

    private boolean awaitDone(CompletableFuture<Void> done, long timeoutMs) {
        try {
            done.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            env.log().warn("node {} did not finish shutting down within {} ms; stopping it", nodeName(), timeoutMs);
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void release() {
        loop.stop();
        network.close(NETWORK_CLOSE_TIMEOUT_MS);
        disk.close();
        env.log().info("node {} stopped", nodeName());
    }
}
