package io.petrel.ha;

import io.petrel.common.Check;
import java.nio.ByteBuffer;

/**
 * Commit-log bytes a slave received, gathered into one contiguous run so that they reach its log in
 * one append: the bodies of consecutive transfers are contiguous in the log (each transfer starts
 * where the last one ended) but not in what a socket read returns, where 12-byte headers sit between
 * them and a read may cut a body anywhere. Appended piece by piece, a catching-up slave wrote many
 * short runs, and a write shorter than a page goes into the log's mapping, where the first store
 * into a page of a fresh file costs a page fault that zero-fills it and reads ahead; one append per
 * read also means one dispatch scan and one flush request per read instead of one per piece.
 *
 * <p>The buffer is direct, allocated once, so a file-channel write takes it without another copy.
 * Driven by the slave's loop; what it holds is lost with a crash like anything not yet appended,
 * and the slave's next report names what its log holds.
 */
final class AppendBatch {

    private final ByteBuffer buffer;
    private long start;

    AppendBatch(int capacityBytes) {
        buffer = ByteBuffer.allocateDirect(capacityBytes);
    }

    boolean isEmpty() {
        return buffer.position() == 0;
    }

    /** Where the gathered bytes start in the log; only when not empty. */
    long start() {
        Check.state(!isEmpty(), "an empty batch has no start");
        return start;
    }

    /** The log offset just past the gathered bytes; only when not empty. */
    long end() {
        return start() + buffer.position();
    }

    /** How many more bytes fit. */
    int room() {
        return buffer.remaining();
    }

    /**
     * Gathers all of {@code data}'s remaining bytes (consumed), which must continue the batch at
     * {@code offset} (any offset starts an empty one) and fit in {@link #room}.
     */
    void add(long offset, ByteBuffer data) {
        Check.argument(data.remaining() <= buffer.remaining(), "{} bytes do not fit in the {} left", data.remaining(),
                buffer.remaining());
        if (isEmpty()) {
            start = offset;
        } else {
            Check.argument(offset == end(), "bytes at {} do not continue the batch ending at {}", offset, end());
        }
        buffer.put(data);
    }

    /** The gathered bytes, as a buffer the caller reads once; call {@link #clear} after. */
    ByteBuffer bytes() {
        return buffer.duplicate().flip();
    }

    void clear() {
        buffer.clear();
    }
}
