package io.petrel.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The raw disk figure every store and replication rate is compared with: the device's sequential
 * write bandwidth as {@code dd if=... of=FILE bs=1M count=N conv=fdatasync} measures it. N MiB of
 * random bytes are written in 1 MiB {@code write} calls into a new file (in the page cache), then
 * {@link FileChannel#force force(false)} (fdatasync) makes them durable; the time runs from the
 * file's creation to the end of the force, so the figure is what the device took, not what the page
 * cache absorbed. The file is deleted afterwards.
 *
 * <p>No Petrel code is on this path (no mapping, no node loop): the figure is the disk's, and the
 * figures compared with it say how much of it Petrel gets. Random bytes, so a device or host that
 * compresses or skips zeros gets no advantage.
 */
final class SequentialWriteBench {

    static final int CHUNK_BYTES = 1 << 20;

    private final Path dir;

    /** Measures in {@code dir}, which must exist (the disk under test). */
    SequentialWriteBench(Path dir) {
        this.dir = dir;
    }

    /** One run: {@code bytes} written and forced; MB/s (10^6 bytes) including the force. */
    double mbPerSecond(long bytes) throws IOException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the raw write must cover at least one byte, not " + bytes);
        }
        Path file = Files.createTempFile(dir, "petrel-raw-write", ".bin");
        try {
            return bytes / 1e6 / (writeAndForce(file, bytes) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes {@code bytes} random bytes into the empty {@code file} and forces them; returns the nanoseconds taken. */
    static long writeAndForce(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
        byte[] random = new byte[CHUNK_BYTES];
        new SplittableRandom(bytes).nextBytes(random);
        chunk.put(random).flip();
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long at = 0; at < bytes; ) {
                chunk.clear().limit((int) Math.min(CHUNK_BYTES, bytes - at));
                while (chunk.hasRemaining()) {
                    at += channel.write(chunk);
                }
            }
            channel.force(false);
        }
        return System.nanoTime() - start;
    }

    /** {@code runs} runs of {@link #mbPerSecond}, each noted; returns the median (runs must be odd). */
    double median(long bytes, int runs, BenchOutput out) throws IOException {
        if (runs < 1 || runs % 2 == 0) {
            throw new IllegalArgumentException("the median needs an odd number of runs, not " + runs);
        }
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = mbPerSecond(bytes);
        }
        out.note(describe(bytes, rates));
        Arrays.sort(rates);
        return rates[runs / 2];
    }

    /** The note for a set of runs, in the order they ran. */
    static String describe(long bytes, double[] rates) {
        StringBuilder runs = new StringBuilder();
        for (double r : rates) {
            runs.append(runs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", r));
        }
        return String.format(Locale.ROOT, "raw sequential write (%d MB in 1 MiB writes, then fdatasync; as dd "
                + "conv=fdatasync): runs %s MB/s; the median counts", bytes / 1_000_000, runs);
    }
}
