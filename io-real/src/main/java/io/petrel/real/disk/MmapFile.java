package io.petrel.real.disk;

import io.petrel.env.DiskCallback;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.real.loop.NodeLoop;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Objects;

/**
 * One open handle on a fixed-size file, backed by a single read-write mapping of the whole file
 * (so a file is at most {@link Integer#MAX_VALUE} bytes; {@link MmapDisk} refuses larger ones).
 *
 * <p>Reads, writes and slices are absolute-position copies on the mapping, done on the node's loop
 * (other threads are refused; {@link #path}, {@link #size} and {@link #isOpen} may be read anywhere);
 * the mapping's position and limit are never moved, so the flush thread can force it concurrently.
 * A write of {@link #CHANNEL_WRITE_MIN_BYTES} or more, and every write after one, goes through a
 * {@link FileChannel} instead ({@code pwrite}, opened by the first such write and closed with the
 * handle): the kernel then copies into the page cache directly, where a store into a mapped page
 * of a fresh (sparse) file first takes a page fault that reads the hole: it zero-fills that page
 * and reads ahead ({@code read_ahead_kb}, 8 MiB on the virtual disk of issue 16), zero-filling
 * pages that are then written over, and it marks a page of that window, so the next fault there
 * (a read of what was written, too) reads ahead again; the writeback of a page written through the
 * mapping must also write-protect it again and flush the TLB of every CPU. A slave appending what
 * its master streams spent more than half of its loop on that. Once a file took a long write it is
 * being written in bulk (a slave's commit log, a config file), so its short writes (the tail of a
 * read) follow through the channel rather than start that again; files written only in short
 * pieces (consume queues, index files, a master's commit log of small messages) keep the mapping,
 * where a store costs no system call, except for a write that reaches a page no earlier write of
 * this handle succeeded in (random-access files such as the index's hash slots included): that one
 * goes through a channel opened for it alone ({@code
 * pwrite}, as RocketMQ's {@code MappedFile.appendMessage(byte[])} writes consume queues), which puts
 * the page in the page cache without the fault's read-ahead, so later stores into it take only a
 * minor fault. Without it, the first entry of each of 10,000 fresh consume queues (6 MB each, so
 * the read-ahead zero-filled all of it) cost the loop 1.5 to 16 ms and 6 MB of page cache
 * ({@code bin/bench queues}). It also keeps a full file system from becoming a SIGBUS: a store
 * into a page the file system cannot give (a full tmpfs) kills the access with a fault that the
 * JVM may raise later, outside the write, whereas the channel write fails at once with "no space"
 * and the page is not counted as written, so a retry fails the same way. The channel is closed at once: a broker of 50,000 queues must not
 * hold a descriptor per file. Both paths land in the same page cache, so reads through the
 * mapping see channel writes at once, and {@link #force} (msync, which syncs the file's dirty pages
 * in its range however they were dirtied) makes them durable.
 * {@link #force} runs {@link MappedByteBuffer#force()} (an msync of the whole mapping) on the
 * node's {@link FlushThread} and posts the outcome to the loop.
 *
 * <p>{@link #close()} closes the channel, if a long write opened one, and drops this handle's
 * reference to the mapping; the JDK unmaps it when
 * the garbage collector finds it unreachable. Unmapping by hand (Unsafe.invokeCleaner) would free
 * the address range while a slice handed to the network, or a force in flight, may still touch it,
 * and that crashes the JVM; the price of the safe way is that a deleted file's space returns to
 * the file system only after a GC. A force in flight when the handle closes still runs and
 * reports. A process crash loses nothing written (it is in the page cache); a power loss keeps
 * what completed forces made durable.
 */
final class MmapFile implements DiskFile {

    /** Writes at least this long go through the file channel; shorter ones are stores into the mapping. */
    static final int CHANNEL_WRITE_MIN_BYTES = 4096;
    /** The page size the new-page rule counts in (the kernel's on x86-64 and most arm64 hosts). */
    private static final int PAGE_BYTES = 4096;

    private final String path;
    private final long sizeBytes;
    private final NodeLoop loop;
    private final FlushThread flushThread;
    private MappedByteBuffer mapping;
    /** Loop: opened by the first long write. */
    private FileChannel channel;
    /** Loop: the pages a write of this handle succeeded in (the file is at most 2 GiB: int page indexes). */
    private final BitSet pagesWritten = new BitSet();
    /** Set by {@link #zeroTail}: the next force also syncs the file's metadata (the pages it gave back). */
    private volatile boolean metadataToSync;
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
        int firstPage = (int) (position / PAGE_BYTES);
        int lastPage = (int) ((position + Math.max(1, length) - 1) / PAGE_BYTES);
        boolean newPage = length > 0 && pagesWritten.nextClearBit(firstPage) <= lastPage;
        // A page counts as written only once a write into it succeeded: a channel write that the
        // file system refused (no space for the page) must not send the retry to the mapping, where
        // a page the kernel cannot give is a SIGBUS, whose InternalError the JVM may raise outside
        // this method, after the caller took the write as done (a full tmpfs under bin/chaos).
        if (length >= CHANNEL_WRITE_MIN_BYTES || channel != null) {
            writeThroughChannel(position, src);
            pagesWritten.set(firstPage, lastPage + 1);
            return;
        }
        if (newPage) {
            writeThroughTransientChannel(position, src);
            pagesWritten.set(firstPage, lastPage + 1);
            return;
        }
        try {
            target.put((int) position, src, src.position(), length);
        } catch (InternalError fault) {
            throw DiskErrors.deviceFault(fault, path, "write of " + length + " bytes at " + position);
        }
        src.position(src.limit());
    }

    /** Loop: a positional write of all of {@code src} through the channel (a short write continues). */
    private void writeThroughChannel(long position, ByteBuffer src) {
        int length = src.remaining();
        try {
            if (channel == null) {
                channel = FileChannel.open(Path.of(path), StandardOpenOption.WRITE);
            }
            for (long at = position; src.hasRemaining(); ) {
                at += channel.write(src, at);
            }
        } catch (IOException e) {
            throw DiskErrors.of(e, path, "write of " + length + " bytes at " + position);
        }
    }

    /** Loop: a positional write of all of {@code src} through a channel opened for it and closed after. */
    private void writeThroughTransientChannel(long position, ByteBuffer src) {
        int length = src.remaining();
        try (FileChannel once = FileChannel.open(Path.of(path), StandardOpenOption.WRITE)) {
            for (long at = position; src.hasRemaining(); ) {
                at += once.write(src, at);
            }
        } catch (IOException e) {
            throw DiskErrors.of(e, path, "write of " + length + " bytes at " + position);
        }
    }

    /**
     * Zeroes the rest of the page holding {@code position} with a write and gives every later page
     * back to the file system (ftruncate to the page boundary, then back to the full size), so the
     * tail reads as zeros without being read; the next force also fsyncs, making the cut durable.
     * The mapping stays valid; touching the tail between the two calls would fault, which is why
     * the contract allows this only while nobody reads the file.
     */
    @Override
    public int zeroTail(long position) {
        requireOpen("DiskFile.zeroTail");
        checkRange(position, 0, "zeroTail");
        long boundary = Math.min(sizeBytes, (position + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES);
        int pages = 0;
        if (boundary > position) {
            writeThroughTransientChannel(position, ByteBuffer.allocate((int) (boundary - position)));
            pages = 1;
        }
        if (boundary < sizeBytes) {
            try (RandomAccessFile raf = new RandomAccessFile(path, "rw")) {
                raf.setLength(boundary);
                raf.setLength(sizeBytes);
            } catch (IOException e) {
                throw DiskErrors.of(e, path, "zeroTail from " + position);
            }
        }
        metadataToSync = true;
        return pages;
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
            boolean metadata = metadataToSync;
            target.force();
            if (metadata) {
                try (FileChannel sync = FileChannel.open(Path.of(path), StandardOpenOption.WRITE)) {
                    sync.force(true);
                } catch (IOException e) {
                    return DiskErrors.of(e, path, "force after zeroTail");
                }
                metadataToSync = false;
            }
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
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a channel that only wrote releases a descriptor; the data went to the page
                // cache with each write and the mapping's force covers it, so nothing is lost here.
            }
            channel = null;
        }
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
