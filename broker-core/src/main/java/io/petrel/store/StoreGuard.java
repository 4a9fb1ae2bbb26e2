package io.petrel.store;

import io.petrel.common.message.MessageFormatException;
import io.petrel.env.Cancellable;
import io.petrel.env.Disk;
import io.petrel.env.DiskCallback;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.NodeLog;
import io.petrel.env.Scheduler;
import io.petrel.store.commitlog.AppendRejectedException;
import io.petrel.store.file.StoreFileException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Stops the store taking writes once its own code has failed (RocketMQ's {@code RunningFlags}
 * write-refusal, for bugs): every way control enters the store (its public calls, the tasks it
 * schedules, the completions of its forces and directory syncs) runs through here, and an
 * exception that is not an environment fault the store handles (a {@link DiskException}, a
 * {@link StoreFileException}, a {@link MessageFormatException} of bytes read back, an
 * {@link AppendRejectedException}) marks the store broken before it travels on unchanged.
 *
 * <p>Why refuse writes rather than carry on: a broken invariant means the store's positions, queues or
 * files no longer agree, and every later append would be written on top of a state the store knows
 * is wrong. Reads stay served (they re-check every record's CRC); writes get SERVICE_NOT_AVAILABLE
 * naming the broken rule until the broker is restarted and recovery rebuilds the state from the
 * files. In simulation the exception then fails the run (the node's {@code BugHandler} rethrows);
 * in production the broker answers the request in hand with SYSTEM_ERROR.
 */
final class StoreGuard {

    private final RunningFlags flags;
    private final NodeLog log;

    StoreGuard(RunningFlags flags, NodeLog log) {
        this.flags = flags;
        this.log = log;
    }

    void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw onFailure(e);
        }
    }

    <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw onFailure(e);
        }
    }

    private RuntimeException onFailure(RuntimeException e) {
        if (e instanceof OutsideFailure outside) {
            return outside.original;
        }
        boolean environment = e instanceof DiskException || e instanceof StoreFileException
                || e instanceof MessageFormatException || e instanceof AppendRejectedException;
        if (!environment && flags.setBroken(e.toString())) {
            log.probe("store-broken-invariant");
            log.error("the message store refuses writes from now on: its own code failed ({}); restart the broker "
                    + "so recovery rebuilds its state from the files", e.toString());
        }
        return e;
    }

    /**
     * {@code callback} (code outside the store: the broker's answer to a put, a listener) wrapped so
     * that its own failure passes through the store's guards without marking the store broken.
     */
    <T> Consumer<T> outside(Consumer<T> callback) {
        return value -> {
            try {
                callback.accept(value);
            } catch (RuntimeException e) {
                throw fromOutside(e);
            }
        };
    }

    Runnable outside(Runnable callback) {
        return () -> {
            try {
                callback.run();
            } catch (RuntimeException e) {
                throw fromOutside(e);
            }
        };
    }

    /** Wraps a failure of code outside the store so the guards let it through unmarked. */
    RuntimeException fromOutside(RuntimeException e) {
        return e instanceof OutsideFailure ? e : new OutsideFailure(e);
    }

    /** Carries a failure of code outside the store through its guards, which unwrap it. */
    private static final class OutsideFailure extends RuntimeException {
        private final RuntimeException original;

        OutsideFailure(RuntimeException original) {
            super(original.toString(), original, false, false);
            this.original = original;
        }
    }

    Runnable guarded(Runnable task) {
        return () -> run(task);
    }

    DiskCallback guarded(DiskCallback callback) {
        return failure -> run(() -> callback.onComplete(failure));
    }

    /** {@code inner} with every task it runs for the store guarded. */
    Scheduler scheduler(Scheduler inner) {
        return new Scheduler() {
            @Override
            public Cancellable execute(Runnable task) {
                return inner.execute(guarded(task));
            }

            @Override
            public Cancellable schedule(long delayMs, Runnable task) {
                return inner.schedule(delayMs, guarded(task));
            }
        };
    }

    /** {@code inner} with every completion it delivers to the store guarded. */
    Disk disk(Disk inner) {
        return new GuardedDisk(inner);
    }

    private final class GuardedDisk implements Disk {
        private final Disk inner;

        GuardedDisk(Disk inner) {
            this.inner = inner;
        }

        @Override
        public DiskFile create(String path, long sizeBytes) {
            return new GuardedFile(inner.create(path, sizeBytes));
        }

        @Override
        public DiskFile open(String path) {
            return new GuardedFile(inner.open(path));
        }

        @Override
        public boolean exists(String path) {
            return inner.exists(path);
        }

        @Override
        public boolean isDirectory(String path) {
            return inner.isDirectory(path);
        }

        @Override
        public List<String> list(String directory) {
            return inner.list(directory);
        }

        @Override
        public boolean delete(String path) {
            return inner.delete(path);
        }

        @Override
        public void rename(String from, String to) {
            inner.rename(from, to);
        }

        @Override
        public void createDirectories(String directory) {
            inner.createDirectories(directory);
        }

        @Override
        public void createDirectoriesUnsynced(String directory) {
            inner.createDirectoriesUnsynced(directory);
        }

        @Override
        public void syncDirectory(String directory, DiskCallback done) {
            inner.syncDirectory(directory, guarded(done));
        }

        @Override
        public long usableSpaceBytes() {
            return inner.usableSpaceBytes();
        }

        @Override
        public long totalSpaceBytes() {
            return inner.totalSpaceBytes();
        }
    }

    private final class GuardedFile implements DiskFile {
        private final DiskFile inner;

        GuardedFile(DiskFile inner) {
            this.inner = inner;
        }

        @Override
        public String path() {
            return inner.path();
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public void write(long position, ByteBuffer src) {
            inner.write(position, src);
        }

        @Override
        public void read(long position, ByteBuffer dst) {
            inner.read(position, dst);
        }

        @Override
        public ByteBuffer slice(long position, int length) {
            return inner.slice(position, length);
        }

        @Override
        public int zeroTail(long position) {
            return inner.zeroTail(position);
        }

        @Override
        public void force(DiskCallback done) {
            inner.force(guarded(done));
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
