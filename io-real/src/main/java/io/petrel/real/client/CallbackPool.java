package io.petrel.real.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads user callbacks run on (async send results), so a slow callback never stalls the
 * client's loop; and the factory for named, daemon-free fixed pools the consumers use.
 */
final class CallbackPool implements AutoCloseable {

    private static final long STOP_WAIT_MS = 5_000;

    private final ExecutorService pool;

    CallbackPool(String clientId) {
        this.pool = named("PetrelCallback_" + clientId.replace('@', '_') + "_", 4);
    }

    void run(Runnable callback) {
        pool.execute(callback);
    }

    static ExecutorService named(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(false);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Lets queued work finish for a bounded time, then interrupts what is left. */
    static void stop(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(pool);
    }
}
