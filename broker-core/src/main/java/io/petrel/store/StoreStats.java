package io.petrel.store;

import java.util.Map;

/**
 * A snapshot of the store's runtime figures, for the broker's runtime info and for tests: commit-log
 * range and durable point, disk usage, put counts and outcomes, forces, messages per SYNC_FLUSH force,
 * damage found by recovery and by reads, files deleted by retention.
 */
public record StoreStats(
        long commitLogMinOffset,
        long commitLogMaxOffset,
        long commitLogDurableOffset,
        long dispatchedOffset,
        double diskUsedRatio,
        long putMessageTimesTotal,
        long putMessageSizeTotal,
        Map<PutMessageStatus, Long> putOutcomes,
        long commitLogForces,
        long commitLogForceFailures,
        long syncFlushAcknowledged,
        long consumeQueueFlushFailures,
        long damagedRecordsAtRecovery,
        long damagedRecordsOnRead,
        long truncatedBytesAtRecovery,
        long filesDeleted,
        int consumeQueues) {

    /** SYNC_FLUSH puts acknowledged per successful force (0 before the first force). */
    public double messagesPerForce() {
        return commitLogForces == 0 ? 0 : (double) syncFlushAcknowledged / commitLogForces;
    }
}
