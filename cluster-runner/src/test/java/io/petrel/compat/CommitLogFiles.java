package io.petrel.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reads a broker's commit log straight from its directory, as RocketMQ and Petrel lay it out: files
 * of {@code fileSize} bytes named by their first physical offset in 20 digits. Both write through
 * shared memory maps, so another process's reads see what they wrote without a flush.
 */
public final class CommitLogFiles {

    private CommitLogFiles() {
    }

    /** The bytes at physical offsets [from, to) of the commit log in {@code dir}. */
    public static byte[] read(Path dir, long fileSize, long from, long to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long pos = from;
        while (pos < to) {
            long base = pos - pos % fileSize;
            int length = Math.toIntExact(Math.min(to, base + fileSize) - pos);
            Path file = dir.resolve(String.format(Locale.ROOT, "%020d", base));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(length);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, pos - base + buffer.position()) < 0) {
                        throw new IOException(file + " ends before offset " + (pos + buffer.position()));
                    }
                }
                out.write(buffer.array());
            }
            pos += length;
        }
        return out.toByteArray();
    }
}
