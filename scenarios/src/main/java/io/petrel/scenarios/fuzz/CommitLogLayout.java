package io.petrel.scenarios.fuzz;

import io.petrel.common.message.MessageFormat;
import io.petrel.store.MessageStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The final scan's audit of a store's commit-log layout: every file the log has moved past must hold
 * whole records from its first byte and end with the end-of-file blank record (magic
 * {@code BLANK_MAGIC_CODE}, total size the bytes left in the file, at least
 * {@code END_FILE_MIN_BLANK_LENGTH}); no record may cross the file's end or leave it fewer bytes
 * than a blank takes.
 *
 * <pre>
 *   file at F, fileSize bytes
 *   +----------+----------+-- ... --+----------+---------------------------+
 *   | record 1 | record 2 |         | record n | TOTALSIZE | BLANK_MAGIC   |  TOTALSIZE = bytes left (>= 8)
 *   +----------+----------+-- ... --+----------+---------------------------+
 * </pre>
 *
 * <p>Why: Petrel's own readers go on to the next file at a file's end whatever is there, so a file
 * without its blank costs them nothing, but Apache RocketMQ's readers of the same bytes take the
 * blank as the only sign that a file is done: 4.9's {@code checkMessageAndReturnSize} answers a
 * read past a file's last record, or of zeros, as a failure, so its recovery ends the log there and
 * truncates every later file, and an Apache slave's dispatch following a Petrel master stops there.
 * Petrel's recovery cuts only the log's tail (the file the valid log ends in), so full files keep
 * this layout through crashes and power loss. The file the log ends in is left out: a slave's may
 * end in a record still arriving. Files retention deleted or released are not read. The caller
 * leaves out brokers whose bytes a bit-flip fault may have changed.
 *
 * <p>Reads through {@code replication().readTail}, a copy of one file at a time, after the run: on
 * the simulator's thread, or on the loop of a real node that opened the store (bin/chaos).
 */
public final class CommitLogLayout {

    private CommitLogLayout() {
    }

    /** What is wrong with the layout of {@code store}'s full files, one line each (empty: nothing). */
    public static List<String> problems(MessageStore store) {
        List<String> problems = new ArrayList<>();
        int fileSize = store.config().mappedFileSizeCommitLog();
        long end = store.getMaxPhyOffset();
        long min = store.getMinPhyOffset();
        for (long file = min - min % fileSize; file + fileSize <= end; file += fileSize) {
            ByteBuffer bytes = store.replication().readTail(file, fileSize);
            if (bytes == null) {
                // Released by retention and waiting for its readers: reads of it fail, as they should.
                continue;
            }
            String problem = bytes.remaining() < fileSize
                    ? String.format(Locale.ROOT, "holds %d of its %d bytes although the log ends at %d", bytes.remaining(),
                            fileSize, end)
                    : problem(bytes, file);
            if (problem != null) {
                problems.add("commit-log file " + file + " " + problem);
            }
        }
        return problems;
    }

    /** Walks one full file's bytes record by record by TOTALSIZE; null when it ends in its blank. */
    static String problem(ByteBuffer file, long fileOffset) {
        int fileSize = file.remaining();
        int position = 0;
        // Each step passes at least MIN_MESSAGE_LENGTH bytes or returns, so the bound is never reached.
        for (int records = 0; records <= fileSize / MessageFormat.MIN_MESSAGE_LENGTH; records++) {
            int left = fileSize - position;
            long at = fileOffset + position;
            if (left == 0) {
                return "ends with a record at its last byte: no end-of-file blank";
            }
            if (left < MessageFormat.END_FILE_MIN_BLANK_LENGTH) {
                return "ends with " + left + " bytes after its last record, too few for the end-of-file blank";
            }
            int total = file.getInt(position + MessageFormat.TOTAL_SIZE_POSITION);
            int magic = file.getInt(position + MessageFormat.MAGIC_POSITION);
            if (magic == MessageFormat.BLANK_MAGIC_CODE) {
                return total == left ? null : "has a blank at " + at + " of total size " + total + " where " + left
                        + " bytes are left";
            }
            if (magic != MessageFormat.MESSAGE_MAGIC_CODE) {
                return String.format(Locale.ROOT, "holds neither a record nor the end-of-file blank at %d (%d bytes before"
                        + " its end; total size %d, magic 0x%08x)", at, left, total, magic);
            }
            if (total < MessageFormat.MIN_MESSAGE_LENGTH || total > left) {
                return "has a record at " + at + " of total size " + total + " with " + left + " bytes left in the file";
            }
            position += total;
        }
        return "has more records than fit";
    }
}
