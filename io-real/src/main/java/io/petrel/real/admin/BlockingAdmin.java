package io.petrel.real.admin;

import io.petrel.acl.AclCredentials;
import io.petrel.admin.AdminClient;
import io.petrel.admin.AdminException;
import io.petrel.admin.AdminNode;
import io.petrel.admin.Promise;
import io.petrel.env.Address;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.real.net.NettyTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A plain Java facade over an {@link AdminClient}: it runs an {@link AdminNode} on its own loop in
 * a {@link RealRuntime} and blocks the caller until an operation's {@link Promise} settles, for at
 * most {@code waitMs}. This is the only place admin calls block; the client itself never does.
 * Failures come back as the {@link AdminException} the client produced. Call from any thread but
 * the node's loop; close it to stop the loop and the IO thread.
 */
public final class BlockingAdmin implements AutoCloseable {

    private static final long START_CALL_TIMEOUT_MS = 5_000;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final RealRuntime runtime;
    private final RealNode node;
    private final AtomicReference<AdminNode> admin;
    private final long waitMs;

    private BlockingAdmin(RealRuntime runtime, RealNode node, AtomicReference<AdminNode> admin, long waitMs) {
        this.runtime = runtime;
        this.node = node;
        this.admin = admin;
        this.waitMs = waitMs;
    }

    /**
     * Starts an admin node with one IO thread.
     *
     * @param scratchDir the node's store root; the admin client writes nothing there
     * @param requestTimeoutMs the timeout of each request the client sends
     * @param waitMs how long {@link #call} waits for a whole operation
     */
    public static BlockingAdmin start(List<Address> namesrvs, long requestTimeoutMs, long waitMs, Path scratchDir) {
        return start(namesrvs, requestTimeoutMs, waitMs, scratchDir, null);
    }

    /** As {@link #start(List, long, long, Path)}, signing every request with {@code credentials} (null: none). */
    public static BlockingAdmin start(List<Address> namesrvs, long requestTimeoutMs, long waitMs, Path scratchDir,
            AclCredentials credentials) {
        RealRuntime runtime = new RealRuntime(new NettyTransport(1), SHUTDOWN_TIMEOUT_MS);
        AtomicReference<AdminNode> admin = new AtomicReference<>();
        try {
            RealNode node = runtime.start(RealNodeSpec.withOsSeed("mqadmin", scratchDir), env -> {
                AdminNode created = new AdminNode(env, namesrvs, requestTimeoutMs, credentials);
                admin.set(created);
                return created;
            });
            return new BlockingAdmin(runtime, node, admin, waitMs);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /**
     * Runs {@code operation} on the admin node's loop and waits for its result.
     *
     * @throws AdminException the operation's failure, or TIMEOUT when it did not settle in time
     */
    public <T> T call(Function<AdminClient, Promise<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.onLoop(() -> {
            Promise<T> promise;
            try {
                promise = operation.apply(admin.get().admin());
            } catch (AdminException e) {
                promise = Promise.failed(e);
            }
            promise.onComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
            return null;
        }, START_CALL_TIMEOUT_MS);
        return await(result);
    }

    private <T> T await(CompletableFuture<T> result) {
        try {
            return result.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AdminException(AdminException.Kind.TIMEOUT, "the operation did not finish within " + waitMs + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AdminException admin) {
                throw admin;
            }
            throw new IllegalStateException("admin operation failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(AdminException.Kind.TIMEOUT, "interrupted while waiting for the operation");
        }
    }

    /** Stops the admin node and the IO thread; idempotent. */
    @Override
    public void close() {
        runtime.close();
    }
}
