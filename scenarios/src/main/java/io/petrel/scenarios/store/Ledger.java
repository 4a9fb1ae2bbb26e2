package io.petrel.scenarios.store;

import io.petrel.store.PutMessageResult;
import io.petrel.store.PutMessageStatus;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.commitlog.TopicQueue;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * What the workload sent and what the store answered, kept outside the store node so it survives
 * crashes. Each message has a unique id (its {@code ID} property) and a body derived from the id, so
 * a checker can tell any stored record's origin and whether its content is intact.
 */
public final class Ledger {

    /** One message as sent, and its fate. */
    public static final class Entry {
        final long id;
        final String topic;
        final int queueId;
        final int bodyLength;
        final boolean expectRefusal;
        boolean noWait;
        PutMessageStatus status;
        boolean appended;
        TopicQueue storedIn;
        long queueOffset = -1;
        long physicalOffset = -1;
        int size;
        int powerLossesAtAnswer;

        Entry(long id, String topic, int queueId, int bodyLength, boolean expectRefusal) {
            this.id = id;
            this.topic = topic;
            this.queueId = queueId;
            this.bodyLength = bodyLength;
            this.expectRefusal = expectRefusal;
        }

        boolean acked() {
            return status == PutMessageStatus.PUT_OK;
        }

        @Override
        public String toString() {
            return "message " + id + " (" + topic + "/" + queueId + ", " + status + (storedIn == null ? "" : ", stored in "
                    + storedIn + "@" + queueOffset + ", physical offset " + physicalOffset) + ")";
        }
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long nextId = 1;
    private int powerLosses;

    /** A power loss happened: ASYNC_FLUSH acknowledgements before it promise nothing any more. */
    void onPowerLoss() {
        powerLosses++;
    }

    /**
     * Whether the store must still hold this acknowledged put: a SYNC_FLUSH put that waited for the
     * force always; any other acknowledged put while no power loss happened since its answer.
     */
    boolean promised(Entry e, boolean syncFlush) {
        return e.acked() && ((syncFlush && !e.noWait) || e.powerLossesAtAnswer == powerLosses);
    }

    Entry send(String topic, int queueId, int bodyLength, boolean expectRefusal) {
        Entry e = new Entry(nextId++, topic, queueId, bodyLength, expectRefusal);
        entries.put(e.id, e);
        return e;
    }

    /** Records the answer for the messages of one put, in put order. */
    void answer(List<Entry> sent, PutMessageResult result) {
        List<DispatchRequest> stored = result.isAppended() ? result.appendMessageResult().dispatchRequests() : List.of();
        for (int i = 0; i < sent.size(); i++) {
            Entry e = sent.get(i);
            e.status = result.status();
            e.appended = result.isAppended();
            e.powerLossesAtAnswer = powerLosses;
            if (i < stored.size()) {
                DispatchRequest r = stored.get(i);
                e.storedIn = r.topicQueue();
                e.queueOffset = r.consumeQueueOffset();
                e.physicalOffset = r.commitLogOffset();
                e.size = r.msgSize();
            }
        }
    }

    public Entry get(long id) {
        return entries.get(id);
    }

    public Collection<Entry> all() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public long acked() {
        return entries.values().stream().filter(Entry::acked).count();
    }

    public long sent() {
        return entries.size();
    }
}
