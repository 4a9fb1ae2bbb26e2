package io.petrel.store.commitlog;

import io.petrel.common.message.MessageFormat.RecordCheck;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.StoredMessage;
import io.petrel.store.file.MappedFile;
import io.petrel.store.file.MappedFileQueue;
import java.nio.ByteBuffer;

/**
 * Reads commit-log records one at a time from a physical offset, checking each (size, magic, the
 * physical offset it claims, and the body CRC when asked). Used by recovery to find the valid end and
 * to rebuild consume queues, and by the dispatcher for raw appended bytes. {@link #resync} finds the
 * next valid record after damage, which only makes sense where the bytes are known to have been
 * durable (damage there is decay, not a torn write).
 *
 * <p>Reads a file's written part as one slice, so a scan costs one read per file. A scanner given
 * the bytes just appended ({@link #readAppended}) reads the records that lie whole in them from
 * those bytes instead: a slave dispatches everything it appends, and reading it back through the
 * log's mapping costs page faults that the appended bytes, still in hand, do not.
 */
public final class CommitLogScanner {

    /** What is at an offset. */
    public record Step(RecordCheck.Kind kind, long offset, int size, StoredMessage message, String problem) {

        /** The offset of whatever follows this step. */
        public long next() {
            return offset + size;
        }

        /** Whether the record is framed correctly and only its body does not match its CRC. */
        public boolean isCrcMismatchOnly() {
            return kind == RecordCheck.Kind.INVALID && RecordCheck.isCrcMismatch(problem);
        }
    }

    private final MappedFileQueue files;
    private final boolean checkCrc;
    private MappedFile current;
    private ByteBuffer currentBytes;
    private ByteBuffer appended;
    private long appendedStart;

    public CommitLogScanner(MappedFileQueue files, boolean checkCrc) {
        this.files = files;
        this.checkCrc = checkCrc;
    }

    /**
     * The record at {@code offset}: a message (decoded), a blank end-of-file record, or INVALID (with
     * the problem); an offset at a file end or in no file is INVALID with size 0.
     */
    public Step read(long offset) {
        return read(offset, true);
    }

    /** As {@link #read(long)}; the message is decoded only when {@code decode} (else null). */
    public Step read(long offset, boolean decode) {
        return read(offset, decode, checkCrc);
    }

    /**
     * Until {@link #forgetAppended}, reads records at offsets in {@code [start, start +
     * bytes.remaining())} from {@code bytes}, which must be exactly what the log holds there (what
     * was just appended at {@code start}); the buffer is not moved and must stay unchanged meanwhile.
     */
    public void readAppended(long start, ByteBuffer bytes) {
        appended = bytes.slice();
        appendedStart = start;
    }

    public void forgetAppended() {
        appended = null;
    }

    /** As {@link #read(long, boolean)}, checking the body CRC only when {@code crc}. */
    public Step read(long offset, boolean decode, boolean crc) {
        MappedFile f = files.findMappedFileByOffset(offset);
        if (f == null) {
            return new Step(RecordCheck.Kind.INVALID, offset, 0, null, "no commit-log file holds offset " + offset);
        }
        ByteBuffer b;
        int position;
        int available;
        if (isAppended(offset)) {
            b = appended;
            position = (int) (offset - appendedStart);
            long end = Math.min(appendedStart + appended.limit(), f.fileFromOffset() + f.wrotePosition());
            available = (int) (end - offset);
        } else {
            b = bytesOf(f);
            position = (int) (offset - f.fileFromOffset());
            available = f.wrotePosition() - position;
        }
        RecordCheck check = MessageFormat.check(b, position, available, crc, offset);
        return switch (check.kind()) {
            case MESSAGE -> new Step(check.kind(), offset, check.size(), decode ? StoredMessage.decode(b, position, false) : null, "");
            case BLANK -> new Step(check.kind(), offset, check.size(), null, "");
            case INVALID -> new Step(check.kind(), offset, 0, null, check.problem());
        };
    }

    private boolean isAppended(long offset) {
        return appended != null && offset >= appendedStart && offset < appendedStart + appended.limit();
    }

    /**
     * What dispatch needs of the message {@code step} (read by this scanner) found, without copying
     * its body (see {@link DispatchRequest#decode}).
     */
    public DispatchRequest dispatchRequest(Step step, DelayLevelTable delays) {
        if (step.kind() != RecordCheck.Kind.MESSAGE) {
            throw new IllegalArgumentException("no message at " + step.offset() + ": " + step.kind());
        }
        if (isAppended(step.offset()) && step.next() <= appendedStart + appended.limit()) {
            return DispatchRequest.decode(appended, (int) (step.offset() - appendedStart), delays);
        }
        MappedFile f = files.findMappedFileByOffset(step.offset());
        return DispatchRequest.decode(bytesOf(f), (int) (step.offset() - f.fileFromOffset()), delays);
    }

    /**
     * The offset of the next valid record (message or blank) after damage at {@code offset}, searching
     * byte by byte to the end of its file; -1 when there is none in this file.
     */
    public long resync(long offset) {
        MappedFile f = files.findMappedFileByOffset(offset);
        if (f == null) {
            return -1;
        }
        ByteBuffer b = bytesOf(f);
        for (int p = (int) (offset - f.fileFromOffset()) + 1; p + MessageFormat.END_FILE_MIN_BLANK_LENGTH <= f.wrotePosition(); p++) {
            int magic = b.getInt(p + MessageFormat.MAGIC_POSITION);
            if (magic != MessageFormat.MESSAGE_MAGIC_CODE && magic != MessageFormat.BLANK_MAGIC_CODE) {
                continue;
            }
            long claimed = f.fileFromOffset() + p;
            if (MessageFormat.check(b, p, f.wrotePosition() - p, checkCrc, claimed).isValid()) {
                return claimed;
            }
        }
        return -1;
    }

    private ByteBuffer bytesOf(MappedFile f) {
        if (f != current || currentBytes.limit() < f.wrotePosition()) {
            current = f;
            currentBytes = f.slice(0, f.wrotePosition());
        }
        return currentBytes;
    }

    /** Forgets the cached slice (the file grew or is about to be truncated). */
    public void reset() {
        current = null;
        currentBytes = null;
    }
}
