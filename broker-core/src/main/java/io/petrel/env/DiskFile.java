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

    boolean isOpen();

    /** Releases the handle; idempotent. Does not force. */
    void close();
}
