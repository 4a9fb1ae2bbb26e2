package io.petrel.store;

/**
 * A consume-queue entry that does not lead to the record it stands for, as
 * {@link MessageStore#verifyConsumeQueues} reports it. {@code queueOffset} is the entry's slot,
 * {@code commitLogOffset} what the entry points at.
 */
public record ConsumeQueueProblem(String topic, int queueId, long queueOffset, long commitLogOffset, Kind kind,
        String detail) {

    /** What is wrong with the entry. */
    public enum Kind {
        /** An intact record is there, but its topic, queue id, queue offset or size differ from the entry's. */
        MISMATCH,
        /** The bytes there are not an intact record (a damaged record, or not a record boundary). */
        DAMAGED,
        /** The entry points at or past the end of the commit log. */
        BEYOND_END,
        /** A never-written slot between the queue's first and last entries. */
        HOLE
    }

    @Override
    public String toString() {
        return topic + "/" + queueId + " entry " + queueOffset + " -> commit-log offset " + commitLogOffset + ": " + kind
                + " (" + detail + ")";
    }
}
