package io.petrel.store;

import io.petrel.store.file.SelectMappedBufferResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to a pull (RocketMQ's {@code GetMessageResult}): the status, the stored records as read
 * (ready to go into a pull body unchanged), their queue offsets, and next/min/max queue offsets.
 * The buffers hold their files against deletion: call {@link #release} once they are sent.
 */
public final class GetMessageResult {

    private final List<SelectMappedBufferResult> buffers = new ArrayList<>();
    private final List<Long> queueOffsets = new ArrayList<>();
    private GetMessageStatus status;
    private long nextBeginOffset;
    private long minOffset;
    private long maxOffset;
    private int bufferTotalSize;
    private boolean suggestPullingFromSlave;
    private long missingQueueOffset = -1;

    void add(SelectMappedBufferResult buffer, long queueOffset) {
        buffers.add(buffer);
        queueOffsets.add(queueOffset);
        bufferTotalSize += buffer.size();
    }

    void finish(GetMessageStatus status, long nextBeginOffset, long minOffset, long maxOffset) {
        this.status = status;
        this.nextBeginOffset = nextBeginOffset;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
    }

    void setMissingQueueOffset(long queueOffset) {
        this.missingQueueOffset = queueOffset;
    }

    void setSuggestPullingFromSlave(boolean suggest) {
        this.suggestPullingFromSlave = suggest;
    }

    public GetMessageStatus status() {
        return status;
    }

    public long nextBeginOffset() {
        return nextBeginOffset;
    }

    public long minOffset() {
        return minOffset;
    }

    public long maxOffset() {
        return maxOffset;
    }

    public int messageCount() {
        return buffers.size();
    }

    public int bufferTotalSize() {
        return bufferTotalSize;
    }

    public boolean suggestPullingFromSlave() {
        return suggestPullingFromSlave;
    }

    /**
     * The queue offset of the first entry at the start of the batch whose record this store cannot
     * serve: damaged, a filler (a record this log lost), or removed by this store's own retention
     * while its consume queue still names it; -1 if none (a batch ends before such an entry that
     * follows served ones). A master skips it (its copy is the only one); a slave sends the consumer
     * to its master, whose copy and retention are independent.
     */
    public long missingQueueOffset() {
        return missingQueueOffset;
    }

    /** Each record's bytes, read-only, positioned at its first byte. */
    public List<ByteBuffer> messageBuffers() {
        List<ByteBuffer> list = new ArrayList<>(buffers.size());
        for (SelectMappedBufferResult b : buffers) {
            list.add(b.byteBuffer().duplicate());
        }
        return list;
    }

    public List<Long> queueOffsets() {
        return Collections.unmodifiableList(queueOffsets);
    }

    /** Lets the files go; the buffers must not be used afterwards. */
    public void release() {
        buffers.forEach(SelectMappedBufferResult::release);
    }

    @Override
    public String toString() {
        return "GetMessageResult[" + status + ", count=" + buffers.size() + ", next=" + nextBeginOffset
                + ", min=" + minOffset + ", max=" + maxOffset + "]";
    }
}
