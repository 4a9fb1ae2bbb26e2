package io.petrel.real.loop;

import io.petrel.env.Cancellable;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The event loop of one node: a single thread named {@code petrel-<node>} that runs every event
 * of that node, one at a time.
 *
 * <p>It is a single-thread {@link ScheduledThreadPoolExecutor}, which orders tasks by (due time on
 * {@link System#nanoTime()}, submission sequence). That gives the {@link Scheduler} contract
 * directly: {@code execute} runs after the current task in FIFO order, {@code schedule} never runs
 * early, and tasks due at the same instant run in submission order.
 *
 * <p>Threads: {@link #execute} and {@link #schedule} are for the loop itself and refuse other
 * threads, so a stray call from a Netty thread fails loudly instead of racing. {@link #post} is
 * the thread-safe door for IO and flush threads. {@link #call} is the only blocking method; it is
 * for runtimes and tests outside the loop.
 *
 * <p>A task that throws is a bug: it goes to the node's {@link BugLog} (stack logged once per
 * site, later ones counted) and the loop carries on. After {@link #stop()} nothing of this
 * node runs again: queued and delayed tasks are discarded, later submissions are dropped silently,
 * and waiters in {@link #call} get an {@link IllegalStateException}. The thread is not a daemon: a
 * process lives as long as its nodes do.
 */
public final class NodeLoop implements Scheduler {

    private final String nodeName;
    private final BugLog bugs;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;
    private volatile boolean stopped;

    /** Starts the loop thread at once; a failing task is reported to a {@link BugLog} on {@code log}. */
    public NodeLoop(String nodeName, NodeLog log) {
        this(nodeName, new BugLog(Objects.requireNonNull(log, "log")));
    }

    /** Starts the loop thread at once; a failing task is reported to {@code bugs}. */
    public NodeLoop(String nodeName, BugLog bugs) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.bugs = Objects.requireNonNull(bugs, "bugs");
        this.executor = new ScheduledThreadPoolExecutor(1, this::newThread);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.prestartCoreThread();
    }

    private Thread newThread(Runnable worker) {
        Thread t = new Thread(worker, threadName(nodeName));
        t.setDaemon(false);
        thread = t;
        return t;
    }

    /** The loop thread's name for a node, {@code petrel-<node>}. */
    public static String threadName(String nodeName) {
        return "petrel-" + nodeName;
    }

    public String nodeName() {
        return nodeName;
    }

    @Override
    public Cancellable execute(Runnable task) {
        requireLoopThread("execute");
        return submit(0, task);
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        requireLoopThread("schedule");
        if (delayMs < 0) {
            throw new IllegalArgumentException("negative delayMs: " + delayMs);
        }
        return submit(delayMs, task);
    }

    /**
     * Hands an event to the loop from any thread; it runs after everything already queued. Dropped
     * silently once the loop has stopped, as a crashed node would never see it.
     */
    public void post(Runnable event) {
        submit(0, event);
    }

    private Cancellable submit(long delayMs, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (stopped) {
            return Cancellable.NONE;
        }
        try {
            ScheduledFuture<?> future = executor.schedule(guarded(task), delayMs, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException stoppedMeanwhile) {
            return Cancellable.NONE;
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            if (stopped) {
                return;
            }
            try {
                task.run();
            } catch (Throwable t) {
                bugs.report("running a task on the loop of node " + nodeName + " (the loop carries on)", t);
            }
        };
    }

    /**
     * Runs {@code action} on the loop after everything queued, waits for it and returns its
     * result; an exception it throws is rethrown here unchanged. Only for threads outside the loop:
     * the loop waiting for itself would never wake.
     *
     * @throws IllegalStateException when called on the loop, when the loop is or gets stopped
     *     before the action runs, or when the action has not finished within {@code timeoutMs}
     */
    public <T> T call(Supplier<T> action, long timeoutMs) {
        Objects.requireNonNull(action, "action");
        if (isLoopThread()) {
            throw new IllegalStateException("node " + nodeName + "'s loop cannot wait for itself");
        }
        Future<T> future;
        try {
            future = executor.submit(() -> {
                if (stopped) {
                    throw new IllegalStateException("the loop of node " + nodeName + " is stopped");
                }
                return action.get();
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the loop of node " + nodeName + " is stopped", e);
        }
        return await(future, timeoutMs);
    }

    private <T> T await(Future<T> future, long timeoutMs) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("the loop of node " + nodeName + " stopped before the action ran", e);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IllegalStateException("node " + nodeName + " did not run the action within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node " + nodeName, e);
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /** True when the calling thread is this node's loop thread. */
    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Fails unless called on the loop; used by every seam method whose contract says "call from
     * the owning node's loop".
     */
    public void requireLoopThread(String operation) {
        if (!isLoopThread()) {
            throw new IllegalStateException(operation + " must be called on the loop of node " + nodeName
                    + ", not on thread " + Thread.currentThread().getName());
        }
    }

    /**
     * Stops the loop from any thread, idempotently. The task running now (possibly the caller)
     * finishes; nothing else of this node runs again. Does not wait for the thread to end and does
     * not interrupt it, so a task that stops its own loop can still finish its IO.
     */
    public void stop() {
        stopped = true;
        executor.shutdown();
    }

    public boolean isStopped() {
        return stopped;
    }

    /** True once stopped and the loop thread has ended. */
    public boolean isTerminated() {
        return executor.isTerminated();
    }
}
