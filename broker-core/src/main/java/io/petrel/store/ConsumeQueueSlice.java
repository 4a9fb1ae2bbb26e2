package io.petrel.store;

import io.petrel.store.format.ConsumeQueueFormat;
import java.util.List;

/**
 * Raw entries of one consume queue for QUERY_CONSUME_QUEUE: the queue's min and max offsets and the
 * entries read from the asked index to at most the asked count, never past the end of the file that
 * holds the index (as RocketMQ reads one index buffer). {@code entries} is null when the index is
 * below the queue's first file or at or past its last written entry.
 */
public record ConsumeQueueSlice(long minOffset, long maxOffset, List<ConsumeQueueFormat.Entry> entries) {
}
