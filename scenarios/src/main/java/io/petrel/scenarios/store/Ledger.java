package io.petrel.scenarios.store;

import io.petrel.store.PutMessageResult;
import io.petrel.store.PutMessageStatus;
import io.petrel.store.commitlog.DispatchRequest;
import io.petrel.store.commitlog.TopicQueue;
import java.util.ArrayList;
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

    /** A queue slot a pull served: which message, and how many power losses had happened then. */
    public record Served(TopicQueue queue, long queueOffset, long id, int powerLossesAtServe) {
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final TreeMap<TopicQueue, TreeMap<Long, Served>> served = new TreeMap<>();
    private final List<String> servedConflicts = new ArrayList<>();
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

    /**
     * Whether a slot served before must still hold the same message: under SYNC_FLUSH always (a record
     * is visible only once a force covered it); under ASYNC_FLUSH while no power loss happened since
     * the pull, since records are visible before they are durable and a power loss may take them back.
     */
    boolean promised(Served s, boolean syncFlush) {
        return syncFlush || s.powerLossesAtServe() == powerLosses;
    }

    /**
     * A pull served message {@code id} at {@code queueOffset}. The same slot served earlier with other
     * content while that earlier serve was still promised is recorded as a conflict for the checker.
     */
    void onServed(TopicQueue queue, long queueOffset, long id, boolean syncFlush) {
        Served now = new Served(queue, queueOffset, id, powerLosses);
        Served before = served.computeIfAbsent(queue, q -> new TreeMap<>()).put(queueOffset, now);
        if (before != null && before.id() != id && promised(before, syncFlush) && servedConflicts.size() < 20) {
            servedConflicts.add(queue + "@" + queueOffset + " served message " + before.id() + ", later message " + id);
        }
    }

    /** Every slot pulls served, the latest serve of each, in queue and offset order. */
    List<Served> served() {
        List<Served> all = new ArrayList<>();
        served.values().forEach(slots -> all.addAll(slots.values()));
        return all;
    }

    List<String> servedConflicts() {
        return Collections.unmodifiableList(servedConflicts);
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
