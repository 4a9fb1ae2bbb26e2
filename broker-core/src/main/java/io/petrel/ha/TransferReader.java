package io.petrel.ha;

import java.nio.ByteBuffer;

/**
 * The slave's side of the stream: splits the master's transfers (12-byte header, then the announced
 * bytes) out of chunks of any size and hands their bodies on in order, as slices of the chunks
 * (valid, as the chunk is, only while the {@code StreamHandler.onBytes} that brought it runs): a
 * body that lies whole in one chunk arrives as one piece, a body cut across chunks as one piece per
 * chunk, each with the offset it starts at. Nothing is copied and nothing allocated per transfer: a
 * slave catching up receives hundreds of megabytes, and copying every cut body together cost it
 * more than its disk did. A header that announces a negative size or more than
 * {@link HaFormat#MAX_TRANSFER_BYTES} means the stream is not what it should be; the reader then
 * throws and the connection must be closed.
 */
final class TransferReader {

    /** Receives the transfers' bytes in order; {@code data} is empty for a heartbeat, and valid only during the call. */
    interface Sink {
        /**
         * {@code data} is a transfer's body, or the next piece of it, starting at {@code offset}.
         * Returns false to stop reading: the connection is being closed.
         */
        boolean onTransfer(long offset, ByteBuffer data);
    }

    /** The stream broke the format. */
    static final class BrokenStream extends Exception {
        BrokenStream(String message) {
            super(message);
        }
    }

    private final ByteBuffer header = ByteBuffer.allocate(HaFormat.HEADER_BYTES);
    /** Bytes of the current transfer's body still to come; -1 while a header is being read. */
    private int bodyLeft = -1;
    private long bodyOffset;

    void feed(ByteBuffer bytes, Sink sink) throws BrokenStream {
        while (bytes.hasRemaining()) {
            if (bodyLeft < 0) {
                copy(bytes, header);
                if (header.hasRemaining()) {
                    return;
                }
                bodyLeft = checkHeader();
                header.clear();
                if (bodyLeft == 0) {
                    bodyLeft = -1;
                    if (!sink.onTransfer(bodyOffset, bytes.slice(bytes.position(), 0))) {
                        return;
                    }
                    continue;
                }
            }
            int n = Math.min(bodyLeft, bytes.remaining());
            ByteBuffer piece = bytes.slice(bytes.position(), n);
            bytes.position(bytes.position() + n);
            long at = bodyOffset;
            bodyOffset += n;
            bodyLeft -= n;
            if (bodyLeft == 0) {
                bodyLeft = -1;
            }
            if (!sink.onTransfer(at, piece)) {
                return;
            }
        }
    }

    /** Reads the complete header; returns the size of the body it announces. */
    private int checkHeader() throws BrokenStream {
        bodyOffset = header.getLong(0);
        int size = header.getInt(8);
        if (size < 0 || size > HaFormat.MAX_TRANSFER_BYTES) {
            throw new BrokenStream("a transfer header announces " + size + " bytes at offset " + bodyOffset);
        }
        if (bodyOffset < 0) {
            throw new BrokenStream("a transfer header names the negative offset " + bodyOffset);
        }
        return size;
    }

    /** Forgets a partial transfer (the connection it came on is gone). */
    void reset() {
        header.clear();
        bodyLeft = -1;
    }

    private static void copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(from.slice(from.position(), n));
        from.position(from.position() + n);
    }
}
