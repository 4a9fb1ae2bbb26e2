package io.petrel.real.client;

import io.petrel.client.ClientConfig;
import io.petrel.client.ClientException;
import io.petrel.client.ClientNode;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.LitePullConfig;
import io.petrel.client.LitePullConsumer;
import io.petrel.client.Producer;
import io.petrel.client.ProducerConfig;
import io.petrel.client.PushConsumer;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.main.Machine;
import io.petrel.real.net.NettyTransport;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Petrel client process-side: a {@link ClientNode} on its own loop with one Netty IO thread,
 * and the producers and consumers made from it. Blocking calls wait for the loop's answer (never
 * on the loop); listeners and callbacks run on the facade's own threads. {@link #close()} shuts
 * every consumer down (offsets committed, locks released), unregisters from the brokers, and stops
 * every thread the client started.
 */
public final class PetrelClient implements AutoCloseable {

    static final long LOOP_CALL_TIMEOUT_MS = 10_000;
    private static final long SHUTDOWN_TIMEOUT_MS = 30_000;

    private final RealRuntime runtime;
    private final RealNode node;
    private final ClientNode client;
    private final CallbackPool callbacks;
    private final List<ExecutorService> consumePools = new ArrayList<>();
    private boolean closed;

    private PetrelClient(RealRuntime runtime, RealNode node, ClientNode client) {
        this.runtime = runtime;
        this.node = node;
        this.client = client;
        this.callbacks = new CallbackPool(client.instance().clientId());
    }

    /**
     * Starts a client for {@code namesrvAddr} ({@code host:port;host:port}) reporting itself at this
     * machine's address, with a process-unique instance name, keeping broadcasting offsets under
     * {@code ~/.rocketmq_offsets/<clientId>/<group>/offsets.json} as the official client does.
     */
    public static PetrelClient start(String namesrvAddr) {
        return start(ClientConfig.of(namesrvAddr, Machine.hostAddress(),
                ProcessHandle.current().pid() + "#" + System.nanoTime()),
                Path.of(System.getProperty("user.home"), ".rocketmq_offsets"));
    }

    /** Starts a client with explicit settings; {@code offsetRoot} holds broadcasting consumers' offset files. */
    public static PetrelClient start(ClientConfig config, Path offsetRoot) {
        ClientConfig withZone = config.withTimeZone(ZoneId.systemDefault())
                .withOffsetStoreDir(offsetRoot.toAbsolutePath().toString());
        RealRuntime runtime = new RealRuntime(new NettyTransport(1), SHUTDOWN_TIMEOUT_MS);
        AtomicReference<ClientNode> created = new AtomicReference<>();
        try {
            RealNode node = runtime.start(RealNodeSpec.withOsSeed("client-" + config.instanceName(), offsetRoot), env -> {
                ClientNode c = new ClientNode(env, withZone, n -> { });
                created.set(c);
                return c;
            });
            return new PetrelClient(runtime, node, created.get());
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public String clientId() {
        return client.instance().clientId();
    }

    /** Creates and starts a producer. @throws ClientException for a bad or duplicate group */
    public BlockingProducer producer(ProducerConfig config) {
        Producer producer = onLoop(() -> client.startProducer(config));
        return new BlockingProducer(this, producer);
    }

    /**
     * Creates a push consumer; {@code setup} subscribes it (on the loop). Register a listener on
     * the handle, then start it.
     */
    public PushConsumerHandle pushConsumer(ConsumerConfig config, Consumer<PushConsumer> setup) {
        PushConsumer consumer = onLoop(() -> {
            PushConsumer c = client.pushConsumer(config);
            setup.accept(c);
            return c;
        });
        return new PushConsumerHandle(this, consumer);
    }

    /** Creates a lite pull consumer; {@code setup} subscribes or assigns it (on the loop); then start it. */
    public LitePullHandle litePullConsumer(LitePullConfig config, Consumer<LitePullConsumer> setup) {
        LitePullConsumer consumer = onLoop(() -> {
            LitePullConsumer c = client.litePullConsumer(config);
            setup.accept(c);
            return c;
        });
        return new LitePullHandle(this, consumer);
    }

    // ---- for the handles ---------------------------------------------------------------------

    /** Runs {@code action} on the loop and returns its result; a ClientException it throws comes back unchanged. */
    <T> T onLoop(Supplier<T> action) {
        checkOpen();
        return node.onLoop(action, LOOP_CALL_TIMEOUT_MS);
    }

    /** Starts {@code operation} on the loop; it completes the future through the callback it gets. */
    <T> T await(Consumer<CompletableFuture<T>> operation, long waitMs, String what) {
        checkOpen();
        CompletableFuture<T> result = new CompletableFuture<>();
        node.post(() -> {
            try {
                operation.accept(result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ClientException(-1, what + " did not finish within " + waitMs + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientException client) {
                throw client;
            }
            throw new ClientException(-1, what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(-1, "interrupted while waiting for " + what);
        }
    }

    void post(Runnable event) {
        node.post(event);
    }

    CallbackPool callbacks() {
        return callbacks;
    }

    synchronized ExecutorService consumePool(String group, int threads) {
        ExecutorService pool = CallbackPool.named("ConsumeMessageThread_" + group + "_", threads);
        consumePools.add(pool);
        return pool;
    }

    <T> T applyOnLoop(Function<ClientNode, T> action) {
        return onLoop(() -> action.apply(client));
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new ClientException(-1, "the client " + clientId() + " is closed");
        }
    }

    /**
     * Shuts every producer and consumer down (consumers commit their offsets), unregisters from the
     * brokers, and stops the loop, the IO thread and every listener and callback thread. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            node.shutdown(SHUTDOWN_TIMEOUT_MS);
        } finally {
            List<ExecutorService> pools;
            synchronized (this) {
                pools = new ArrayList<>(consumePools);
            }
            pools.forEach(CallbackPool::stop);
            callbacks.close();
            runtime.close();
        }
    }
}
