package io.petrel.ha;

import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * The master's side of the stream: reassembles the slave's 8-byte reports from chunks of any size
 * (a byte stream keeps no boundaries) and hands each complete one on, in order. Holds at most one
 * partial report between chunks.
 */
final class ReportReader {

    private final ByteBuffer partial = ByteBuffer.allocate(HaFormat.REPORT_BYTES);

    void feed(ByteBuffer bytes, LongConsumer onReport) {
        while (bytes.hasRemaining()) {
            int n = Math.min(partial.remaining(), bytes.remaining());
            partial.put(bytes.slice(bytes.position(), n));
            bytes.position(bytes.position() + n);
            if (!partial.hasRemaining()) {
                onReport.accept(partial.getLong(0));
                partial.clear();
            }
        }
    }
}
