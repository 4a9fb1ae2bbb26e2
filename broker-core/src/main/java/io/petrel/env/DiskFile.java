package io.petrel.env;

import java.nio.ByteBuffer;

/**
 * An open file of fixed size.
 *
 * <p>Contract kept by both implementations:
 * <ul>
 *   <li>The size is fixed at creation. Bytes never written read as zero.</li>
 *   <li>{@link #write} copies all of {@code src}'s remaining bytes to {@code position} at once,
 *       into the page cache: later reads on any handle of this file see them, and a process crash
 *       keeps them. It is durable only after a {@link #force} that started after it completes
 *       successfully. A write that does not fit throws {@link DiskException.Kind#OUT_OF_BOUNDS}
 *       and writes nothing.</li>
 *   <li>{@link #read} fills {@code dst}'s remaining bytes; {@link #slice} returns a read-only
 *       buffer of {@code length} bytes. It may be a live view (production) or a copy (simulation),
 *       so callers must not rely on either; it stays readable after the file is closed or deleted
 *       (production keeps a mapping while a slice of it is reachable), so it may be handed to the
 *       network, whose write may end after retention deleted the file.</li>
 *   <li>{@link #force} returns at once. Its callback runs later on the loop: on success every
 *       byte written to this file before the call is durable, so it survives a power loss; on
 *       failure ({@link DiskException.Kind#IO_ERROR}) nothing about durability is promised, and
 *       the bytes must not be acknowledged to anyone as durable.</li>
 *   <li>{@link #zeroTail} makes every byte from a position to the end zero, as writes of zeros
 *       there would (durable after the next force), for a file nobody reads at the moment: no
 *       slice of the tail may be in use (production cuts the file and extends it again).</li>
 *   <li>Every method on a closed handle throws {@link DiskException.Kind#CLOSED}, except
 *       {@link #close} and {@link #isOpen}. A force whose handle is closed before it completes
 *       still reports its outcome. A crash kills every handle of the crashed process; their
 *       pending force callbacks never run.</li>
 * </ul>
 * Call every method from the owning node's loop.
 */
public interface DiskFile {

    String path();

    long size();

    void write(long position, ByteBuffer src);

    void read(long position, ByteBuffer dst);

    ByteBuffer slice(long position, int length);

    void force(DiskCallback done);

    /**
     * Makes every byte from {@code position} to the end zero (see the class comment) and returns how
     * many 4 KiB pages it zeroed that were not zero. Production does not read the tail, whose holes a
     * read through the mapping fills with read-ahead (6 MB per consume queue, 50,000 queues at a
     * restart): it zeroes the part of the page holding {@code position} with a write and gives the
     * file system back the pages after it, counting only that page.
     */
    int zeroTail(long position);

    /**
     * The portable {@link #zeroTail}: reads the tail page by page and writes zeros over each page
     * that is not zero already; returns how many it wrote.
     */
    static int zeroTailByReading(DiskFile file, long position) {
        int pageBytes = 4096;
        ByteBuffer page = ByteBuffer.allocate(pageBytes);
        ByteBuffer zeros = ByteBuffer.allocate(pageBytes);
        int pagesZeroed = 0;
        for (long at = position; at < file.size(); ) {
            long end = Math.min(file.size(), (at / pageBytes + 1) * pageBytes);
            page.clear().limit((int) (end - at));
            file.read(at, page);
            page.flip();
            boolean zero = true;
            while (zero && page.hasRemaining()) {
                zero = page.get() == 0;
            }
            if (!zero) {
                zeros.clear().limit((int) (end - at));
                file.write(at, zeros);
                pagesZeroed++;
            }
            at = end;
        }
        return pagesZeroed;
    }

    boolean isOpen();

    /** Releases the handle; idempotent. Does not force. */
    void close();
}
