package io.petrel.real.disk;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The thread, {@code petrel-<node>-flush}, on which one node's forces and directory syncs wait for
 * the device.
 *
 * <p>One per node rather than per process: a slow or stuck device under one node (or a big
 * msync of a 1 GiB CommitLog file) must not delay another node's acknowledgements, and a single
 * thread per node keeps its flushes completing in the order they were asked for, which is what a
 * flush policy reasons about. Node counts per process are small, so the thread count is too.
 *
 * <p>{@link #shutdown()} lets queued work finish (durability work already asked for is not
 * thrown away) and then the thread ends. Not a daemon, for the same reason.
 */
final class FlushThread {

    private final ThreadPoolExecutor executor;

    FlushThread(String nodeName) {
        String name = "petrel-" + nodeName + "-flush";
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), work -> {
            Thread t = new Thread(work, name);
            t.setDaemon(false);
            return t;
        });
    }

    /** Queues {@code work}; returns false (running nothing) once shut down. */
    boolean submit(Runnable work) {
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException shutDown) {
            return false;
        }
    }

    void shutdown() {
        executor.shutdown();
    }
}
