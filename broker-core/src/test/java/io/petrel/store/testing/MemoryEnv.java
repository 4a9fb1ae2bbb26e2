package io.petrel.store.testing;

import io.petrel.env.AcceptHandler;
import io.petrel.env.Address;
import io.petrel.env.Cancellable;
import io.petrel.env.Clock;
import io.petrel.env.ConnectHandler;
import io.petrel.env.BugHandler;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.env.Network;
import io.petrel.env.Scheduler;
import io.petrel.env.SplitMix64;
import io.petrel.env.StreamAcceptHandler;
import io.petrel.env.StreamConnectHandler;
import java.util.ArrayDeque;

/**
 * An {@link Env} over a {@link MemoryDisk} for unit tests of parts that persist through the disk
 * seam (config tables, DurableFile): a fixed clock, a scheduler whose tasks run when the test calls
 * {@link #settle}, no network, a {@link RecordingLog}, and an exit that fails the test. Restarting
 * a part is constructing it again over {@link #env()}: the disk is what survives.
 */
public final class MemoryEnv {

    private final MemoryDisk disk = new MemoryDisk(Long.MAX_VALUE / 2);
    private final RecordingLog log = new RecordingLog();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Env env;

    public MemoryEnv(long nowMs) {
        Clock clock = new Clock() {
            @Override
            public long nowMs() {
                return nowMs;
            }

            @Override
            public long nanoTime() {
                return 0;
            }
        };
        Scheduler scheduler = new Scheduler() {
            @Override
            public Cancellable execute(Runnable task) {
                tasks.add(task);
                return Cancellable.NONE;
            }

            @Override
            public Cancellable schedule(long delayMs, Runnable task) {
                tasks.add(task);
                return Cancellable.NONE;
            }
        };
        Network network = new Network() {
            @Override
            public Listener listen(Address address, AcceptHandler handler) {
                throw new UnsupportedOperationException("no network in a MemoryEnv");
            }

            @Override
            public void connect(Address remote, long timeoutMs, ConnectHandler handler) {
                throw new UnsupportedOperationException("no network in a MemoryEnv");
            }

            @Override
            public Listener listenStream(Address address, StreamAcceptHandler handler) {
                throw new UnsupportedOperationException("no network in a MemoryEnv");
            }

            @Override
            public void connectStream(Address remote, long timeoutMs, StreamConnectHandler handler) {
                throw new UnsupportedOperationException("no network in a MemoryEnv");
            }
        };
        env = new Env("memory", clock, scheduler, network, disk, new SplitMix64(nowMs), log, (status, reason) -> {
            throw new AssertionError("exit " + status + ": " + reason);
        }, BugHandler.RETHROW);
    }

    public Env env() {
        return env;
    }

    public MemoryDisk disk() {
        return disk;
    }

    public RecordingLog log() {
        return log;
    }

    /** Completes every pending force, directory sync and scheduled task, and what they start in turn. */
    public void settle() {
        for (int round = 0; round < 1_000; round++) {
            int ran = disk.completePending();
            while (!tasks.isEmpty()) {
                tasks.poll().run();
                ran++;
            }
            if (ran == 0) {
                return;
            }
        }
        throw new AssertionError("the disk and scheduler did not settle in 1,000 rounds");
    }
}
