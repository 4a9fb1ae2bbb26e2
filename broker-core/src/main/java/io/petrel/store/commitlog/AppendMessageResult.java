package io.petrel.store.commitlog;

import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A completed append (RocketMQ's {@code AppendMessageResult}): where the first record starts, how many
 * bytes were written, the store timestamp, the first queue offset, and what the consume queues and
 * the index must be told. The offsetMsgIds are made when first asked for (most callers of a
 * high-rate put path never need them). Immutable.
 */
public final class AppendMessageResult {

    private final long wroteOffset;
    private final int wroteBytes;
    private final HostAddress storeHost;
    private final long storeTimestamp;
    private final long logicsOffset;
    private final List<DispatchRequest> dispatchRequests;

    public AppendMessageResult(long wroteOffset, int wroteBytes, HostAddress storeHost, long storeTimestamp,
            long logicsOffset, List<DispatchRequest> dispatchRequests) {
        this.wroteOffset = wroteOffset;
        this.wroteBytes = wroteBytes;
        this.storeHost = storeHost;
        this.storeTimestamp = storeTimestamp;
        this.logicsOffset = logicsOffset;
        this.dispatchRequests = Collections.unmodifiableList(dispatchRequests);
    }

    public long wroteOffset() {
        return wroteOffset;
    }

    public int wroteBytes() {
        return wroteBytes;
    }

    public long storeTimestamp() {
        return storeTimestamp;
    }

    /** The queue offset of the first message. */
    public long logicsOffset() {
        return logicsOffset;
    }

    public List<DispatchRequest> dispatchRequests() {
        return dispatchRequests;
    }

    public int msgNum() {
        return dispatchRequests.size();
    }

    /** Where the bytes end: the commit log is written up to here. */
    public long wroteEnd() {
        return wroteOffset + wroteBytes;
    }

    /** The offsetMsgId of every record, in order. */
    public List<String> msgIds() {
        List<String> ids = new ArrayList<>(dispatchRequests.size());
        for (DispatchRequest r : dispatchRequests) {
            ids.add(MessageId.createMessageId(storeHost, r.commitLogOffset()));
        }
        return ids;
    }

    /** The msgId a send response carries: all offsetMsgIds joined with ',' for a batch. */
    public String msgId() {
        return String.join(",", msgIds());
    }

    @Override
    public String toString() {
        return "AppendMessageResult[offset=" + wroteOffset + ", bytes=" + wroteBytes + ", messages=" + msgNum()
                + ", queueOffset=" + logicsOffset + "]";
    }
}
