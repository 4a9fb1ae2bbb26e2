package io.petrel.store;

import io.petrel.store.file.SelectMappedBufferResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a query by key (RocketMQ's {@code QueryMessageResult}): matching stored records,
 * newest first, and how far the index reached. Call {@link #release} when done.
 */
public final class QueryMessageResult {

    private final List<SelectMappedBufferResult> buffers = new ArrayList<>();
    private final long indexLastUpdateTimestamp;
    private final long indexLastUpdatePhyoffset;

    QueryMessageResult(long indexLastUpdateTimestamp, long indexLastUpdatePhyoffset) {
        this.indexLastUpdateTimestamp = indexLastUpdateTimestamp;
        this.indexLastUpdatePhyoffset = indexLastUpdatePhyoffset;
    }

    void add(SelectMappedBufferResult buffer) {
        buffers.add(buffer);
    }

    public List<ByteBuffer> messageBuffers() {
        List<ByteBuffer> list = new ArrayList<>(buffers.size());
        for (SelectMappedBufferResult b : buffers) {
            list.add(b.byteBuffer().duplicate());
        }
        return list;
    }

    public int messageCount() {
        return buffers.size();
    }

    public long indexLastUpdateTimestamp() {
        return indexLastUpdateTimestamp;
    }

    public long indexLastUpdatePhyoffset() {
        return indexLastUpdatePhyoffset;
    }

    public void release() {
        buffers.forEach(SelectMappedBufferResult::release);
    }
}
