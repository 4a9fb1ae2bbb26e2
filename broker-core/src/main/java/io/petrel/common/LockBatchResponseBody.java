package io.petrel.common;

import java.util.Set;
import java.util.TreeSet;

/** LOCK_BATCH_MQ's answer: the requested queues the client now owns, sorted. */
public record LockBatchResponseBody(Set<MessageQueue> lockOKMQSet) {

    public LockBatchResponseBody {
        lockOKMQSet = lockOKMQSet == null ? new TreeSet<>() : new TreeSet<>(lockOKMQSet);
    }
}
