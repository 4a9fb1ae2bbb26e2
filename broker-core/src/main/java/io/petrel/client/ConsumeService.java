package io.petrel.client;

import io.petrel.common.MessageQueue;
import java.util.Collection;
import java.util.List;

/** How a push consumer hands pulled messages to its listener: concurrently or orderly. */
interface ConsumeService {

    void start();

    /** New messages are in {@code pq}; {@code dispatch} says whether an orderly queue needs kicking. */
    void submit(List<MessageExt> messages, ProcessQueue pq, MessageQueue mq, boolean dispatch);

    /** The queue was handed back: commit its progress (and unlock it), then run {@code finished}. */
    void onQueueRemoved(MessageQueue mq, ProcessQueue pq, Runnable finished);

    /**
     * Shutdown: start no more listener calls, wait (up to {@code awaitTerminationMillisWhenShutdown})
     * for those in flight to answer, then run {@code done}.
     */
    void drain(Runnable done);

    /** After the final commit at shutdown: release what the service holds on brokers (queue locks). */
    void release(Collection<MessageQueue> owned, Runnable done);

    int inFlight();

    boolean orderly();
}
