package io.petrel.client;

import io.petrel.common.MessageQueue;

/**
 * One queue a lite pull consumer reads: its cache, where the next pull starts, what {@code poll}
 * has handed out (the offset a commit stores), and a generation that a seek bumps so results of
 * pulls from before the seek are thrown away.
 */
final class LiteQueue {

    final MessageQueue mq;
    final ProcessQueue pq;
    long pullOffset;
    long consumedOffset = -1;
    int generation;
    boolean pulling;
    boolean paused;

    LiteQueue(MessageQueue mq, ProcessQueue pq, long pullOffset) {
        this.mq = mq;
        this.pq = pq;
        this.pullOffset = pullOffset;
    }

    boolean isRemoved() {
        return pq.isDropped();
    }
}
