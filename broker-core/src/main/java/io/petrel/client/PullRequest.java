package io.petrel.client;

import io.petrel.common.MessageQueue;

/** One owned queue's pull cursor: where the next pull starts, and the process queue it fills. */
final class PullRequest {

    final MessageQueue mq;
    final ProcessQueue pq;
    long nextOffset;

    PullRequest(MessageQueue mq, ProcessQueue pq, long nextOffset) {
        this.mq = mq;
        this.pq = pq;
        this.nextOffset = nextOffset;
    }

    @Override
    public String toString() {
        return "PullRequest [mq=" + mq + ", nextOffset=" + nextOffset + "]";
    }
}
