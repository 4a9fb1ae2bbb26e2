package io.petrel.sim;

import io.petrel.env.DiskCallback;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import java.nio.ByteBuffer;

/** A handle on a simulated file, owned by one process incarnation; see {@link SimDisk}. */
final class SimDiskFile implements DiskFile {

    private final SimDisk disk;
    private final Inode inode;
    private final String path;
    private final int incarnation;
    private boolean open = true;

    SimDiskFile(SimDisk disk, Inode inode, String path, int incarnation) {
        this.disk = disk;
        this.inode = inode;
        this.path = path;
        this.incarnation = incarnation;
    }

    int incarnation() {
        return incarnation;
    }

    Inode inode() {
        return inode;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long size() {
        return inode.size;
    }

    @Override
    public void write(long position, ByteBuffer src) {
        checkOpen();
        checkRange(position, src.remaining(), "write");
        disk.maybeFailWrite(path);
        inode.write(position, src, path);
    }

    @Override
    public void read(long position, ByteBuffer dst) {
        checkOpen();
        checkRange(position, dst.remaining(), "read");
        disk.maybeFailRead(path);
        inode.read(position, dst, path);
    }

    /** The portable way, reading the tail: the same reads and writes, faults and durability as any. */
    @Override
    public int zeroTail(long position) {
        checkOpen();
        checkRange(position, 0, "zeroTail");
        return DiskFile.zeroTailByReading(this, position);
    }

    @Override
    public ByteBuffer slice(long position, int length) {
        checkOpen();
        checkRange(position, length, "slice");
        disk.maybeFailRead(path);
        ByteBuffer copy = ByteBuffer.allocate(length);
        inode.read(position, copy, path);
        return copy.flip().asReadOnlyBuffer();
    }

    @Override
    public void force(DiskCallback done) {
        checkOpen();
        disk.force(this, done);
    }

    @Override
    public boolean isOpen() {
        return open && disk.isCurrent(incarnation);
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            disk.onHandleClosed(this);
        }
    }

    /** The process died: the handle is dead without any disk activity. */
    void kill() {
        open = false;
    }

    private void checkOpen() {
        if (!isOpen()) {
            throw new DiskException(DiskException.Kind.CLOSED, path, "file handle is closed");
        }
    }

    private void checkRange(long position, int length, String what) {
        if (position < 0 || length < 0 || position + length > inode.size) {
            throw new DiskException(DiskException.Kind.OUT_OF_BOUNDS, path,
                    what + " of " + length + " bytes at " + position + " does not fit in a file of " + inode.size + " bytes");
        }
    }
}
