package io.petrel.sim;

import io.petrel.env.DiskException;
import io.petrel.env.RandomSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated file's bytes and durability state.
 *
 * <p>The bytes every process sees (the page cache) live in a Jimfs file. For each 4 KiB page
 * written since it was last made durable, {@link #dirty} keeps the page's durable content, so a
 * power loss can put back, page by page, either the old or the new bytes. The Jimfs file grows only
 * as far as it was written: bytes beyond it read as zeros, so a 1 GiB commit log file costs only
 * what was written to it.
 */
final class Inode {

    static final int PAGE = 4096;

    /** The durable content of a page written since its last successful force. */
    static final class DirtyPage {
        byte[] durable;
        /** The inode's write generation as of which {@link #durable} is known to be current. */
        long durableAsOf;
        /** The write generation of the page's newest content. */
        long generation;

        DirtyPage(byte[] durable, long durableAsOf) {
            this.durable = durable;
            this.durableAsOf = durableAsOf;
        }
    }

    /** A page's content as a force saw it when it started at write generation {@code asOf}. */
    record PageSnapshot(long page, long asOf, byte[] content) {
    }

    final long id;
    final long size;
    private final Path dataPath;
    private final FileChannel data;
    final TreeMap<Long, DirtyPage> dirty = new TreeMap<>();
    private long writeGeneration;
    int nameRefs;
    int durableRefs;
    int openHandles;
    /** Directory syncs in flight whose snapshot names this inode: it must outlive them. */
    int pendingSyncRefs;

    Inode(long id, long size, Path dataPath) {
        this.id = id;
        this.size = size;
        this.dataPath = dataPath;
        try {
            this.data = FileChannel.open(dataPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("jimfs refused inode file " + dataPath, e);
        }
    }

    boolean referenced() {
        return nameRefs > 0 || durableRefs > 0 || openHandles > 0 || pendingSyncRefs > 0;
    }

    /** Counts against free space while it has a name or an open handle, as a real file system does. */
    boolean occupiesSpace() {
        return nameRefs > 0 || openHandles > 0;
    }

    void write(long position, ByteBuffer src, String path) {
        int length = src.remaining();
        if (length == 0) {
            return;
        }
        long firstPage = position / PAGE;
        long lastPage = (position + length - 1) / PAGE;
        for (long p = firstPage; p <= lastPage; p++) {
            DirtyPage page = dirty.get(p);
            if (page == null) {
                page = new DirtyPage(readPage(p, path), writeGeneration);
                dirty.put(p, page);
            }
            page.generation = ++writeGeneration;
        }
        rawWrite(position, src, path);
    }

    void rawWrite(long position, ByteBuffer src, String path) {
        try {
            long at = position;
            while (src.hasRemaining()) {
                at += data.write(src, at);
            }
        } catch (IOException e) {
            throw new DiskException(DiskException.Kind.IO_ERROR, path, "simulated storage failed: " + e, e);
        }
    }

    void read(long position, ByteBuffer dst, String path) {
        try {
            long at = position;
            while (dst.hasRemaining()) {
                int n = data.read(dst, at);
                if (n < 0) {
                    // Past the last written byte: the rest of the fixed-size file is zeros.
                    while (dst.hasRemaining()) {
                        dst.put((byte) 0);
                    }
                    return;
                }
                at += n;
            }
        } catch (IOException e) {
            throw new DiskException(DiskException.Kind.IO_ERROR, path, "simulated storage failed: " + e, e);
        }
    }

    byte[] readPage(long page, String path) {
        long start = page * PAGE;
        int length = (int) Math.min(PAGE, size - start);
        ByteBuffer buf = ByteBuffer.allocate(length);
        read(start, buf, path);
        return buf.array();
    }

    /** What a force started now will make durable when it completes. */
    List<PageSnapshot> snapshotDirty(String path) {
        List<PageSnapshot> pages = new ArrayList<>(dirty.size());
        for (Map.Entry<Long, DirtyPage> e : dirty.entrySet()) {
            pages.add(new PageSnapshot(e.getKey(), writeGeneration, readPage(e.getKey(), path)));
        }
        return pages;
    }

    /**
     * A force completed: its snapshot is durable, unless a force that started later already made
     * newer content durable (forces can complete out of order). Pages rewritten since the snapshot
     * stay dirty over it.
     */
    void makeDurable(List<PageSnapshot> pages) {
        for (PageSnapshot snap : pages) {
            DirtyPage page = dirty.get(snap.page());
            if (page == null || snap.asOf() < page.durableAsOf) {
                continue;
            }
            if (page.generation <= snap.asOf()) {
                dirty.remove(snap.page());
            } else {
                page.durable = snap.content();
                page.durableAsOf = snap.asOf();
            }
        }
    }

    /** Power loss: each unforced page keeps its new content or reverts to its durable one. */
    int tear(RandomSource random, String path) {
        int reverted = 0;
        for (Map.Entry<Long, DirtyPage> e : dirty.entrySet()) {
            if (random.nextBoolean()) {
                rawWrite(e.getKey() * PAGE, ByteBuffer.wrap(e.getValue().durable), path);
                reverted++;
            }
        }
        dirty.clear();
        return reverted;
    }

    /** Flips one bit in the stored bytes (and in the durable copy if the page is dirty). */
    void flipBit(long position, int bit, String path) {
        ByteBuffer one = ByteBuffer.allocate(1);
        read(position, one, path);
        byte flipped = (byte) (one.get(0) ^ (1 << bit));
        rawWrite(position, ByteBuffer.wrap(new byte[] {flipped}), path);
        DirtyPage page = dirty.get(position / PAGE);
        if (page != null) {
            int offset = (int) (position % PAGE);
            page.durable[offset] = (byte) (page.durable[offset] ^ (1 << bit));
        }
    }

    /** How many bytes were ever written (the Jimfs file's length). */
    long writtenExtent() {
        try {
            return data.size();
        } catch (IOException e) {
            return 0;
        }
    }

    void release() {
        try {
            data.close();
            Files.deleteIfExists(dataPath);
        } catch (IOException e) {
            throw new IllegalStateException("jimfs refused to delete " + dataPath, e);
        }
    }
}
