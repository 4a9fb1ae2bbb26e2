package io.petrel.real.disk;

import io.petrel.env.DiskCallback;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.real.loop.NodeLoop;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.Objects;

/**
 * One open handle on a fixed-size file, backed by a single read-write mapping of the whole file
 * (so a file is at most {@link Integer#MAX_VALUE} bytes; {@link MmapDisk} refuses larger ones).
 *
 * <p>Reads, writes and slices are absolute-position copies on the mapping, done on the node's loop
 * (other threads are refused; {@link #path}, {@link #size} and {@link #isOpen} may be read anywhere);
 * the mapping's position and limit are never moved, so the flush thread can force it concurrently.
 * {@link #force} runs {@link MappedByteBuffer#force()} (an msync of the whole mapping) on the
 * node's {@link FlushThread} and posts the outcome to the loop.
 *
 * <p>{@link #close()} only drops this handle's reference to the mapping; the JDK unmaps it when
 * the garbage collector finds it unreachable. Unmapping by hand (Unsafe.invokeCleaner) would free
 * the address range while a slice handed to the network, or a force in flight, may still touch it,
 * and that crashes the JVM; the price of the safe way is that a deleted file's space returns to
 * the file system only after a GC. A force in flight when the handle closes still runs and
 * reports. A process crash loses nothing written (it is in the page cache); a power loss keeps
 * what completed forces made durable.
 */
final class MmapFile implements DiskFile {

    private final String path;
    private final long sizeBytes;
    private final NodeLoop loop;
    private final FlushThread flushThread;
    private MappedByteBuffer mapping;
    private volatile boolean open = true;

    MmapFile(String path, MappedByteBuffer mapping, NodeLoop loop, FlushThread flushThread) {
        this.path = path;
        this.mapping = mapping;
        this.sizeBytes = mapping.capacity();
        this.loop = loop;
        this.flushThread = flushThread;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return sizeBytes;
    }

    @Override
    public void write(long position, ByteBuffer src) {
        MappedByteBuffer target = requireOpen("DiskFile.write");
        int length = src.remaining();
        checkRange(position, length, "write");
        try {
            target.put((int) position, src, src.position(), length);
        } catch (InternalError fault) {
            throw DiskErrors.deviceFault(fault, path, "write of " + length + " bytes at " + position);
        }
        src.position(src.limit());
    }

    @Override
    public void read(long position, ByteBuffer dst) {
        MappedByteBuffer source = requireOpen("DiskFile.read");
        int length = dst.remaining();
        checkRange(position, length, "read");
        try {
            dst.put(source.slice((int) position, length));
        } catch (InternalError fault) {
            throw DiskErrors.deviceFault(fault, path, "read of " + length + " bytes at " + position);
        }
    }

    @Override
    public ByteBuffer slice(long position, int length) {
        MappedByteBuffer source = requireOpen("DiskFile.slice");
        checkRange(position, length, "slice");
        return source.slice((int) position, length).asReadOnlyBuffer();
    }

    @Override
    public void force(DiskCallback done) {
        Objects.requireNonNull(done, "done");
        MappedByteBuffer target = requireOpen("DiskFile.force");
        boolean queued = flushThread.submit(() -> {
            DiskException failure = forceNow(target);
            loop.post(() -> done.onComplete(failure));
        });
        if (!queued) {
            DiskException failure = new DiskException(DiskException.Kind.IO_ERROR, path, "force refused: the disk is shut down");
            loop.execute(() -> done.onComplete(failure));
        }
    }

    /** Flush thread: forces the mapping; returns the failure, or null. */
    private DiskException forceNow(MappedByteBuffer target) {
        try {
            target.force();
            return null;
        } catch (UncheckedIOException e) {
            return DiskErrors.of(e.getCause(), path, "force");
        } catch (RuntimeException e) {
            return DiskErrors.of(e, path, "force");
        } catch (InternalError fault) {
            return DiskErrors.deviceFault(fault, path, "force");
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        loop.requireLoopThread("DiskFile.close");
        open = false;
        mapping = null;
    }

    /** Loop: the mapping of an open handle, or CLOSED. */
    private MappedByteBuffer requireOpen(String operation) {
        loop.requireLoopThread(operation);
        MappedByteBuffer current = mapping;
        if (!open || current == null) {
            throw new DiskException(DiskException.Kind.CLOSED, path, "the file handle is closed");
        }
        return current;
    }

    private void checkRange(long position, int length, String act) {
        if (position < 0 || length < 0 || position > sizeBytes - length) {
            throw new DiskException(DiskException.Kind.OUT_OF_BOUNDS, path, act + " of " + length
                    + " bytes at position " + position + " does not fit in a file of " + sizeBytes + " bytes");
        }
    }

    @Override
    public String toString() {
        return "mmap file " + path + " (" + sizeBytes + " bytes" + (open ? ")" : ", closed)");
    }
}
