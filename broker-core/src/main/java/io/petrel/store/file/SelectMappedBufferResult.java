package io.petrel.store.file;

import java.nio.ByteBuffer;

/**
 * Bytes read from a store file, with a hold on the file so it is not deleted while they are in use
 * (RocketMQ's {@code SelectMappedBufferResult}). Call {@link #release} exactly once when done; a
 * forgotten release only delays deletion until {@code destroyMapedFileIntervalForcibly}.
 */
public final class SelectMappedBufferResult {

    private final long startOffset;
    private final ByteBuffer byteBuffer;
    private final MappedFile mappedFile;
    private boolean released;

    public SelectMappedBufferResult(long startOffset, ByteBuffer byteBuffer, MappedFile mappedFile) {
        this.startOffset = startOffset;
        this.byteBuffer = byteBuffer;
        this.mappedFile = mappedFile;
    }

    /** The log offset of the first byte. */
    public long startOffset() {
        return startOffset;
    }

    /** A read-only view positioned at the first byte. */
    public ByteBuffer byteBuffer() {
        return byteBuffer;
    }

    public int size() {
        return byteBuffer.remaining();
    }

    public void release() {
        if (!released) {
            released = true;
            mappedFile.release();
        }
    }
}
