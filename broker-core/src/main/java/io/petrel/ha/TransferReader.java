package io.petrel.ha;

import java.nio.ByteBuffer;

/**
 * The slave's side of the stream: reassembles the master's transfers (12-byte header, then the
 * announced bytes) from chunks of any size and hands each whole transfer on, in order. The chunks
 * belong to the reader (as {@code StreamHandler.onBytes} hands them over): a body that lies whole in
 * one chunk is handed on as a slice of it, and only a body cut across chunks is copied together. A header that
 * announces a negative size or more than {@link HaFormat#MAX_TRANSFER_BYTES} means the stream is
 * not what it should be; the reader then throws and the connection must be closed.
 */
final class TransferReader {

    /** Receives whole transfers; {@code data} is empty for a heartbeat and belongs to the sink. */
    interface Sink {
        /** Returns false to stop reading: the connection is being closed. */
        boolean onTransfer(long offset, ByteBuffer data);
    }

    /** The stream broke the format. */
    static final class BrokenStream extends Exception {
        BrokenStream(String message) {
            super(message);
        }
    }

    private final ByteBuffer header = ByteBuffer.allocate(HaFormat.HEADER_BYTES);
    private ByteBuffer body;
    private long bodyOffset;

    void feed(ByteBuffer bytes, Sink sink) throws BrokenStream {
        while (bytes.hasRemaining()) {
            if (body == null) {
                copy(bytes, header);
                if (header.hasRemaining()) {
                    return;
                }
                int size = checkHeader();
                if (bytes.remaining() >= size) {
                    // The whole body is in this chunk, which the reader owns: handed on as a slice, not copied.
                    ByteBuffer data = bytes.slice(bytes.position(), size);
                    bytes.position(bytes.position() + size);
                    header.clear();
                    if (!sink.onTransfer(bodyOffset, data)) {
                        return;
                    }
                    continue;
                }
                body = ByteBuffer.allocate(size);
            }
            copy(bytes, body);
            if (!body.hasRemaining()) {
                ByteBuffer data = body.flip();
                body = null;
                header.clear();
                if (!sink.onTransfer(bodyOffset, data)) {
                    return;
                }
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
        body = null;
    }

    private static void copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(from.slice(from.position(), n));
        from.position(from.position() + n);
    }
}
