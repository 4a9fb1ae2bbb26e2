package io.petrel.store.commitlog;

import java.util.List;

/**
 * A completed append (RocketMQ's {@code AppendMessageResult}): where the first record starts, how many
 * bytes were written, the offsetMsgId of every record, the store timestamp, the first queue offset,
 * and what the consume queues and the index must be told.
 */
public record AppendMessageResult(
        long wroteOffset,
        int wroteBytes,
        List<String> msgIds,
        long storeTimestamp,
        long logicsOffset,
        List<DispatchRequest> dispatchRequests) {

    public AppendMessageResult {
        msgIds = List.copyOf(msgIds);
        dispatchRequests = List.copyOf(dispatchRequests);
    }

    public int msgNum() {
        return msgIds.size();
    }

    /** Where the bytes end: the commit log is written up to here. */
    public long wroteEnd() {
        return wroteOffset + wroteBytes;
    }

    /** The msgId a send response carries: all offsetMsgIds joined with ',' for a batch. */
    public String msgId() {
        return String.join(",", msgIds);
    }
}
