package io.petrel.env.contract;

import io.petrel.env.CloseCause;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records everything one side of a byte stream sees: the bytes (joined), the size of each read,
 * closes, onWritable calls, and whether anything came after the close. Thread-safe, so a test
 * thread may read it while the real runtime's loop writes it. Optionally echoes what it reads.
 */
public class StreamRecorder implements StreamHandler {

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    public final List<Integer> readSizes = new CopyOnWriteArrayList<>();
    public final List<CloseCause> closes = new CopyOnWriteArrayList<>();
    public final AtomicBoolean eventAfterClose = new AtomicBoolean();
    public final AtomicReference<StreamConnection> connection = new AtomicReference<>();
    public final AtomicInteger writables = new AtomicInteger();
    /** pendingBytes() as seen inside the last onWritable. */
    public final AtomicLong pendingAtLastWritable = new AtomicLong(-1);
    private final AtomicLong receivedCount = new AtomicLong();
    public volatile boolean echo;

    @Override
    public void onBytes(StreamConnection c, ByteBuffer bytes) {
        if (!closes.isEmpty()) {
            eventAfterClose.set(true);
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        synchronized (received) {
            received.write(copy, 0, copy.length);
        }
        readSizes.add(copy.length);
        receivedCount.addAndGet(copy.length);
        if (echo) {
            c.send(ByteBuffer.wrap(copy));
        }
    }

    @Override
    public void onWritable(StreamConnection c) {
        if (!closes.isEmpty()) {
            eventAfterClose.set(true);
        }
        pendingAtLastWritable.set(c.pendingBytes());
        writables.incrementAndGet();
    }

    @Override
    public void onClose(StreamConnection c, CloseCause cause) {
        closes.add(cause);
    }

    /** How many bytes arrived so far. */
    public long byteCount() {
        return receivedCount.get();
    }

    /** Every byte received so far, in order. */
    public byte[] bytes() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /**
     * Fails unless {@code actual} is exactly the first {@code length} bytes of the pattern stream,
     * naming the first offset that differs (a whole array in a failure message would be megabytes).
     */
    public static void assertPatternStream(String what, byte[] actual, long length) {
        byte[] expected = pattern(0, (int) length);
        int n = Math.min(actual.length, expected.length);
        for (int i = 0; i < n; i++) {
            if (actual[i] != expected[i]) {
                throw new AssertionError(what + ": byte " + i + " of " + actual.length + " is " + actual[i]
                        + ", expected " + expected[i]);
            }
        }
        if (actual.length != expected.length) {
            throw new AssertionError(what + ": " + actual.length + " bytes, expected " + expected.length);
        }
    }

    /** The bytes a test sends at stream offset {@code offset}: no short period, so a shift or a repeat shows. */
    public static byte[] pattern(long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            long at = offset + i;
            b[i] = (byte) ((at * 0x9E3779B97F4A7C15L) >>> 56);
        }
        return b;
    }
}
