package io.petrel.admin;

/**
 * One queue of an offline offset reset (the group had no consumer online, so the offsets were
 * written on the broker directly): where the queue ends, where the group was, the offset found
 * for the time, and the offset written.
 */
public record RollbackStats(String brokerName, int queueId, long brokerOffset, long consumerOffset,
        long timestampOffset, long rollbackOffset) {
}
