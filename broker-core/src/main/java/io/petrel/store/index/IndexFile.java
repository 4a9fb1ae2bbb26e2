package io.petrel.store.index;

import io.petrel.env.Disk;
import io.petrel.store.file.MappedFile;
import io.petrel.store.format.IndexFileFormat;
import io.petrel.store.format.IndexFileFormat.Header;
import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * One index file (RocketMQ's {@code IndexFile}; layout in {@link IndexFileFormat}): a hash table of
 * {@code topic#key} to commit-log offsets, chained per slot from the newest entry back, with a time
 * range in the header. A put writes the entry, then its slot, then the header, each as one write.
 *
 * <p>Driven by its node's loop only. A process crash keeps every write; a power loss may leave the
 * header, slot and entry pages from different moments, which {@link #isConsistent} detects.
 */
final class IndexFile {

    private final MappedFile file;
    private final int hashSlotNum;
    private final int indexNum;
    private Header header;
    private boolean dirty;
    private final ByteBuffer intBuffer = ByteBuffer.allocate(4);
    private final ByteBuffer entryBuffer = ByteBuffer.allocate(IndexFileFormat.INDEX_SIZE);

    private IndexFile(MappedFile file, int hashSlotNum, int indexNum, Header header) {
        this.file = file;
        this.hashSlotNum = hashSlotNum;
        this.indexNum = indexNum;
        this.header = header;
    }

    static IndexFile create(Disk disk, String path, int hashSlotNum, int indexNum) {
        MappedFile f = MappedFile.createNamed(disk, path, 0, (int) IndexFileFormat.fileSize(hashSlotNum, indexNum));
        IndexFile index = new IndexFile(f, hashSlotNum, indexNum, Header.EMPTY);
        index.writeHeader();
        return index;
    }

    static IndexFile open(Disk disk, String path, int hashSlotNum, int indexNum) {
        MappedFile f = MappedFile.open(disk, path, 0);
        ByteBuffer b = ByteBuffer.allocate(IndexFileFormat.INDEX_HEADER_SIZE);
        f.read(0, b);
        Header h = Header.read(b);
        return new IndexFile(f, hashSlotNum, indexNum, h.indexCount() < 1 ? Header.EMPTY : h);
    }

    MappedFile mappedFile() {
        return file;
    }

    Header header() {
        return header;
    }

    boolean hasEntries() {
        return header.indexCount() > 1;
    }

    boolean isWriteFull() {
        return header.indexCount() >= indexNum;
    }

    /** Whether the file matches the configured table sizes. */
    boolean hasSize(long expectedBytes) {
        return file.fileSize() == expectedBytes;
    }

    boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    void markDirty() {
        dirty = true;
    }

    /** Adds one key, given as {@link IndexFileFormat#keyHash}; false when the file is full. */
    boolean putKey(int keyHash, long phyOffset, long storeTimestamp) {
        if (isWriteFull()) {
            return false;
        }
        long slotPos = IndexFileFormat.slotPosition(keyHash, hashSlotNum);
        int slotValue = readInt(slotPos);
        int count = header.indexCount();
        if (slotValue <= IndexFileFormat.INVALID_INDEX || slotValue > count) {
            slotValue = IndexFileFormat.INVALID_INDEX;
        }
        long timeDiff = (storeTimestamp - header.beginTimestamp()) / 1000;
        if (header.beginTimestamp() <= 0) {
            timeDiff = 0;
        }
        timeDiff = Math.max(0, Math.min(Integer.MAX_VALUE, timeDiff));
        entryBuffer.clear();
        entryBuffer.putInt(keyHash).putLong(phyOffset).putInt((int) timeDiff).putInt(slotValue).flip();
        file.write((int) IndexFileFormat.entryPosition(hashSlotNum, count), entryBuffer);
        intBuffer.clear();
        file.write((int) slotPos, intBuffer.putInt(0, count));
        boolean first = count <= 1;
        header = new Header(first ? storeTimestamp : header.beginTimestamp(), storeTimestamp,
                first ? phyOffset : header.beginPhyOffset(), phyOffset,
                header.hashSlotCount() + (slotValue == IndexFileFormat.INVALID_INDEX ? 1 : 0), count + 1);
        writeHeader();
        return true;
    }

    private void writeHeader() {
        file.write(0, header.encode());
        dirty = true;
    }

    private int readInt(long position) {
        intBuffer.clear();
        file.read((int) position, intBuffer);
        return intBuffer.getInt(0);
    }

    /** RocketMQ's {@code selectPhyOffset}: offsets of entries for {@code key} stored within [begin, end]. */
    void selectPhyOffset(Collection<Long> out, int keyHash, int maxNum, long begin, long end) {
        int count = header.indexCount();
        int slotValue = readInt(IndexFileFormat.slotPosition(keyHash, hashSlotNum));
        if (slotValue <= IndexFileFormat.INVALID_INDEX || slotValue >= count || count <= 1) {
            return;
        }
        ByteBuffer entry = ByteBuffer.allocate(IndexFileFormat.INDEX_SIZE);
        int next = slotValue;
        for (int steps = 0; steps < count && out.size() < maxNum; steps++) {
            entry.clear();
            file.read((int) IndexFileFormat.entryPosition(hashSlotNum, next), entry);
            long timeDiff = entry.getInt(12);
            int prev = entry.getInt(16);
            if (timeDiff < 0) {
                break;
            }
            long timeRead = header.beginTimestamp() + timeDiff * 1000L;
            if (entry.getInt(0) == keyHash && timeRead >= begin && timeRead <= end) {
                out.add(entry.getLong(4));
            }
            if (prev <= IndexFileFormat.INVALID_INDEX || prev >= next || timeRead < begin) {
                break;
            }
            next = prev;
        }
    }

    /**
     * Whether header, slots and entries agree: every used entry is written and chains backwards, every
     * slot points at a used entry no older than the entries hashed to it. A power loss that kept
     * pages from different moments breaks one of these.
     */
    boolean isConsistent() {
        int count = header.indexCount();
        if (count < 1 || count > indexNum) {
            return false;
        }
        ByteBuffer all = file.slice(0, file.fileSize());
        for (int s = 0; s < hashSlotNum; s++) {
            if (all.getInt(IndexFileFormat.INDEX_HEADER_SIZE + s * IndexFileFormat.HASH_SLOT_SIZE) >= count) {
                return false;
            }
        }
        for (int i = 1; i < count; i++) {
            int at = (int) IndexFileFormat.entryPosition(hashSlotNum, i);
            int keyHash = all.getInt(at);
            int prev = all.getInt(at + 16);
            int slot = all.getInt((int) IndexFileFormat.slotPosition(keyHash, hashSlotNum));
            if ((keyHash == 0 && all.getLong(at + 4) == 0) || prev < 0 || prev >= i || slot < i) {
                return false;
            }
        }
        return true;
    }

    void destroy(long nowNanos, long forciblyAfterNanos) {
        file.destroy(nowNanos, forciblyAfterNanos);
    }

    void close() {
        file.close();
    }
}
