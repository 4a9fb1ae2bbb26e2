package io.petrel.sim;

import io.petrel.env.RandomSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides where the simulated byte streams cut and join what was sent, from the seed's
 * "network/stream-chunks" stream: a piece taken from a sender's backlog becomes 1 to
 * {@value #MAX_CHUNKS_PER_PIECE} chunks cut at random points, and a reader reads a chunk that has
 * already arrived together with the one before it {@value #MERGE_ONE_IN}-1 times in
 * {@value #MERGE_ONE_IN}. Both make message boundaries meaningless, as on a real socket, so that
 * code parsing a stream is tested against every way it can be cut.
 *
 * <p>Its random stream is its own, so streams never shift the draws of frames.
 */
final class StreamChunker {

    static final int MAX_CHUNKS_PER_PIECE = 4;
    static final int MERGE_ONE_IN = 4;

    private final RandomSource random;

    StreamChunker(RandomSource random) {
        this.random = random;
    }

    /** Cuts {@code piece} into chunks that together hold its bytes in order; slices, no copies. */
    List<ByteBuffer> split(ByteBuffer piece) {
        int length = piece.remaining();
        int chunks = 1 + random.nextInt(Math.min(length, MAX_CHUNKS_PER_PIECE));
        if (chunks == 1) {
            return List.of(piece);
        }
        int[] cuts = new int[chunks - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = 1 + random.nextInt(length - 1);
        }
        Arrays.sort(cuts);
        List<ByteBuffer> out = new ArrayList<>(chunks);
        int from = 0;
        for (int cut : cuts) {
            if (cut > from) {
                out.add(piece.slice(piece.position() + from, cut - from));
                from = cut;
            }
        }
        out.add(piece.slice(piece.position() + from, length - from));
        return out;
    }

    /** Whether a reader takes the next already-arrived chunk in the same read. */
    boolean mergeNext() {
        return random.nextInt(MERGE_ONE_IN) != 0;
    }

    /** The bytes of {@code parts} in one buffer at position 0; the only buffer itself when just one. */
    static ByteBuffer concat(List<ByteBuffer> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int total = 0;
        for (ByteBuffer part : parts) {
            total += part.remaining();
        }
        ByteBuffer joined = ByteBuffer.allocate(total);
        for (ByteBuffer part : parts) {
            joined.put(part.duplicate());
        }
        return joined.flip();
    }
}
