package io.petrel.store.commitlog;

import io.petrel.common.Check;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.env.DiskException;
import io.petrel.store.file.MappedFile;
import io.petrel.store.file.MappedFileQueue;
import io.petrel.store.file.SelectMappedBufferResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * The commit log: every message of every topic, back to back in fixed-size files named by their
 * start offset. An append assigns the physical offset (where the record starts) and the queue offset
 * (the next index of its topic queue), stamps the store time and writes the record in one write; a
 * record that does not fit the current file ({@code size + 8 > space left}) is preceded by a blank
 * end-of-file record and goes to the next file. A batch goes to one file with consecutive queue
 * offsets. Raw appends copy another store's bytes at the same offsets (a slave mirroring a master).
 *
 * <p>Nothing here forces: durability is the flush services' job, recovery decides the valid end.
 * Appends are all-or-nothing: every check and the file roll happen before the single write, and a
 * failed write writes nothing.
 *
 * <p>Driven by its node's loop only. A crash loses the queue offset table (recovery rebuilds it) and
 * leaves on disk whatever the disk kept of the files.
 */
public final class CommitLog {

    private final MappedFileQueue files;
    private final MessageEncoder encoder;
    private final QueueOffsetTable queueOffsets = new QueueOffsetTable();
    private final LongPredicate mayAllocate;
    private long lastStoreTimestamp;
    private boolean sabotageNoEndOfFileBlank;

    /** {@code mayAllocate} is asked before each new file is created (the disk's hard limit). */
    public CommitLog(MappedFileQueue files, MessageEncoder encoder, LongPredicate mayAllocate) {
        this.files = files;
        this.encoder = encoder;
        this.mayAllocate = mayAllocate;
    }

    /** Tests only: {@code Sabotage.NO_END_OF_FILE_BLANK}, a full file gets no end-of-file blank record. */
    public void sabotageNoEndOfFileBlank() {
        sabotageNoEndOfFileBlank = true;
    }

    public MappedFileQueue files() {
        return files;
    }

    public MessageEncoder encoder() {
        return encoder;
    }

    public QueueOffsetTable queueOffsets() {
        return queueOffsets;
    }

    public int fileSize() {
        return files.fileSize();
    }

    /** The first readable offset (0 for an empty log). */
    public long minOffset() {
        long min = files.minOffset();
        return min < 0 ? 0 : min;
    }

    /** The end of the log: the next record starts here. */
    public long maxOffset() {
        return files.maxOffset();
    }

    /** Store time of the last record appended in this process (0 before the first). */
    public long lastStoreTimestamp() {
        return lastStoreTimestamp;
    }

    /** The queue offset the next message of {@code q} will get. */
    public long nextQueueOffset(TopicQueue q) {
        return queueOffsets.next(q);
    }

    /** Appends one prepared message. @throws AppendRejectedException when nothing was written */
    public AppendMessageResult append(PreparedMessage p, long storeTimestamp) {
        return appendAll(List.of(p), storeTimestamp);
    }

    /**
     * Appends messages of one topic queue as consecutive records in one file, in one write.
     *
     * @throws AppendRejectedException when nothing was written
     */
    public AppendMessageResult appendAll(List<PreparedMessage> batch, long storeTimestamp) {
        Check.argument(!batch.isEmpty(), "empty batch");
        int total = 0;
        for (PreparedMessage p : batch) {
            Check.argument(p.topicQueue().equals(batch.get(0).topicQueue()), "batch spans queues");
            total += p.size();
        }
        if (total + MessageFormat.END_FILE_MIN_BLANK_LENGTH > files.fileSize()) {
            throw new AppendRejectedException(AppendMessageStatus.MESSAGE_SIZE_EXCEEDED,
                    "batch of " + total + " bytes does not fit in a commit-log file of " + files.fileSize());
        }
        MappedFile file = fileWithRoomFor(total);
        long physicalOffset = file.fileFromOffset() + file.wrotePosition();
        TopicQueue q = batch.get(0).topicQueue();
        boolean counted = MessageSysFlag.hasConsumeQueueEntry(batch.get(0).sysFlag());
        long firstQueueOffset = counted ? queueOffsets.next(q) : 0;
        ByteBuffer buffer = encoder.buffer(total);
        List<DispatchRequest> requests = new ArrayList<>(batch.size());
        long at = physicalOffset;
        for (int i = 0; i < batch.size(); i++) {
            PreparedMessage p = batch.get(i);
            long queueOffset = counted ? firstQueueOffset + i : 0;
            encoder.encode(p, queueOffset, at, storeTimestamp, buffer);
            requests.add(dispatchRequest(p, at, queueOffset, storeTimestamp));
            at += p.size();
        }
        write(file, buffer.flip());
        if (counted) {
            queueOffsets.set(q, firstQueueOffset + batch.size());
        }
        lastStoreTimestamp = storeTimestamp;
        return new AppendMessageResult(physicalOffset, total, encoder.storeHost(), storeTimestamp, firstQueueOffset, requests);
    }

    private DispatchRequest dispatchRequest(PreparedMessage p, long physicalOffset, long queueOffset, long storeTimestamp) {
        long tagsCode = p.delayLevel() > 0 && TopicValidator.RMQ_SYS_SCHEDULE_TOPIC.equals(p.topic())
                ? encoder.delayLevels().deliverTimestamp(p.delayLevel(), storeTimestamp)
                : MessageProperties.tagsCode(p.tags());
        return new DispatchRequest(p.topic(), p.queueId(), physicalOffset, p.size(), tagsCode, storeTimestamp, queueOffset,
                p.keys(), p.uniqKey(), p.sysFlag());
    }

    private void write(MappedFile file, ByteBuffer bytes) {
        try {
            file.write(file.wrotePosition(), bytes);
        } catch (DiskException e) {
            throw new AppendRejectedException(AppendMessageStatus.UNKNOWN_ERROR, "commit-log write failed: " + e.getMessage());
        }
    }

    /**
     * The file the next {@code size} bytes go to, rolling when they do not fit with room for a blank
     * record. The blank record is written before the next file is created, so a failed creation
     * leaves a full file and no new one: a later append simply tries again.
     */
    private MappedFile fileWithRoomFor(int size) {
        MappedFile last = files.lastFile();
        if (last != null && size + MessageFormat.END_FILE_MIN_BLANK_LENGTH <= last.fileSize() - last.wrotePosition()) {
            return last;
        }
        if (last != null && !last.isFull()) {
            int spaceLeft = last.fileSize() - last.wrotePosition();
            // SABOTAGE (tests only): NO_END_OF_FILE_BLANK leaves the space left unwritten, with no blank record.
            if (!sabotageNoEndOfFileBlank) {
                write(last, MessageFormat.blankRecord(spaceLeft));
            }
            last.setWrotePosition(last.fileSize());
        }
        return createFile(last == null ? 0 : last.fileFromOffset() + last.fileSize());
    }

    private MappedFile createFile(long fromOffset) {
        return createFile(fromOffset, () -> files.createFile(fromOffset), !files.isEmpty());
    }

    private MappedFile createFile(long fromOffset, Supplier<MappedFile> create, boolean rolling) {
        if (!mayAllocate.test(files.fileSize())) {
            throw new AppendRejectedException(AppendMessageStatus.CREATE_MAPEDFILE_FAILED,
                    "disk full: a new commit-log file of " + files.fileSize() + " bytes would pass the hard limit", true);
        }
        MappedFile created;
        try {
            created = create.get();
        } catch (DiskException e) {
            boolean noSpace = e.kind() == DiskException.Kind.NO_SPACE;
            throw new AppendRejectedException(AppendMessageStatus.CREATE_MAPEDFILE_FAILED,
                    (noSpace ? "disk full: " : "") + "cannot create commit-log file at " + fromOffset + ": " + e.getMessage(),
                    noSpace);
        }
        if (rolling) {
            files.log().probe("store-file-rolled");
        }
        return created;
    }

    /**
     * Appends another store's commit-log bytes at {@code physicalOffset}, which must be this log's end
     * (a slave mirroring its master byte for byte, blank records and file boundaries included), or,
     * when this log holds no bytes, any file boundary: its empty files go and the log starts there.
     *
     * @throws AppendRejectedException when the offset is not the end or a file cannot be created
     */
    public void appendRaw(long physicalOffset, ByteBuffer data) {
        if (physicalOffset != maxOffset()) {
            if (!holdsNothing() || physicalOffset % files.fileSize() != 0) {
                throw new AppendRejectedException(AppendMessageStatus.MESSAGE_ILLEGAL,
                        "raw data at " + physicalOffset + " does not continue the commit log ending at " + maxOffset());
            }
            if (!files.isEmpty()) {
                int emptied = files.files().size();
                createFile(physicalOffset, () -> files.restartAt(physicalOffset), false);
                files.log().info("the commit log held no bytes: {} empty file(s) replaced, it starts again at {}", emptied,
                        physicalOffset);
            }
        }
        ByteBuffer src = data.duplicate();
        while (src.hasRemaining()) {
            MappedFile last = files.lastFile();
            if (last == null || last.isFull()) {
                last = createFile(last == null ? physicalOffset : last.fileFromOffset() + last.fileSize());
            }
            int n = Math.min(src.remaining(), last.fileSize() - last.wrotePosition());
            ByteBuffer chunk = src.slice(src.position(), n);
            write(last, chunk);
            src.position(src.position() + n);
        }
    }

    /** Whether no file holds a byte (a new log, or one cut back to its start). */
    public boolean holdsNothing() {
        return files.files().stream().allMatch(f -> f.wrotePosition() == 0);
    }

    /** The record bytes at {@code offset}, held against deletion; null when gone or not written. */
    public SelectMappedBufferResult getMessage(long offset, int size) {
        MappedFile f = files.findMappedFileByOffset(offset);
        if (f == null || !f.hold()) {
            return null;
        }
        int position = (int) (offset - f.fileFromOffset());
        // In long arithmetic: a size read from a peer's offset inside a record may be near
        // Integer.MAX_VALUE, and position + size would wrap and pass the check (issue 23).
        if (size <= 0 || (long) position + size > f.wrotePosition()) {
            f.release();
            return null;
        }
        return new SelectMappedBufferResult(offset, f.slice(position, size), f);
    }

    /** Everything written from {@code offset} to the end of its file (for scanning and replication). */
    public SelectMappedBufferResult getData(long offset) {
        MappedFile f = files.findMappedFileByOffset(offset);
        if (f == null || !f.hold()) {
            return null;
        }
        int position = (int) (offset - f.fileFromOffset());
        if (position >= f.wrotePosition()) {
            f.release();
            return null;
        }
        return new SelectMappedBufferResult(offset, f.slice(position, f.wrotePosition() - position), f);
    }

    /** The start of the file after the one holding {@code offset}. */
    public long rollNextFile(long offset) {
        return offset + files.fileSize() - offset % files.fileSize();
    }

    /** The store time of the record at {@code offset}, or -1 when it cannot be read. */
    public long pickupStoreTimestamp(long offset, int size) {
        SelectMappedBufferResult r = getMessage(offset, size);
        if (r == null) {
            return -1;
        }
        try {
            ByteBuffer b = r.byteBuffer();
            int sysFlag = b.getInt(b.position() + MessageFormat.SYS_FLAG_POSITION);
            return b.getLong(b.position() + MessageFormat.storeTimestampPosition(sysFlag));
        } finally {
            r.release();
        }
    }
}
