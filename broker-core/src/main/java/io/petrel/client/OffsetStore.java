package io.petrel.client;

import io.petrel.common.MessageQueue;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A consumer group's progress per queue: a memory table the consume services advance, and a
 * durable home it is committed to every 5 s and at shutdown (the broker for clustering, a local
 * file for broadcasting). Offsets are "next to consume", so a crash re-delivers what was not
 * committed and never skips.
 */
interface OffsetStore {

    /** Value for "no offset known" from {@link #readOffset}. */
    long NOT_FOUND = -1;
    /** Value for "the store could not be asked" from {@link #readOffset}. */
    long FAILED = -2;

    /** Reads what is already durable (local file); the remote store has nothing to load. */
    void load();

    /** Advances (or with {@code increaseOnly} false, sets) a queue's offset in memory. */
    void updateOffset(MessageQueue mq, long offset, boolean increaseOnly);

    /** The offset, or {@link #NOT_FOUND} / {@link #FAILED}, delivered on the loop. */
    void readOffset(MessageQueue mq, ReadOffsetType type, Consumer<Long> result);

    /** Commits the offsets of {@code queues}; {@code done} runs once they were handed on. */
    void persistAll(Collection<MessageQueue> queues, Runnable done);

    /** Commits one queue's offset. */
    void persist(MessageQueue mq);

    /** Forgets a queue this member no longer owns. */
    void removeOffset(MessageQueue mq);

    /** The memory table's offsets of one topic. */
    Map<MessageQueue, Long> offsets(String topic);
}
