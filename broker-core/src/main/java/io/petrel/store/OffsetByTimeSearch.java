package io.petrel.store;

import io.petrel.store.commitlog.CommitLog;
import io.petrel.store.format.ConsumeQueueFormat.Entry;
import io.petrel.store.queue.ConsumeQueue;

/**
 * RocketMQ's {@code getOffsetInQueueByTime}: a binary search of one queue by the store time of its
 * messages. An exact match wins; otherwise the closer of the two neighbours (the earlier one on a
 * tie); past the last message, the last one. Entries whose record is gone or unreadable count as
 * older than anything. Store times are not monotonic when a clock stepped back; the search then
 * still ends, at one of the candidates.
 */
final class OffsetByTimeSearch {

    private final ConsumeQueue queue;
    private final CommitLog commitLog;

    OffsetByTimeSearch(ConsumeQueue queue, CommitLog commitLog) {
        this.queue = queue;
        this.commitLog = commitLog;
    }

    long search(long timestamp) {
        long low = queue.minOffsetInQueue();
        long high = queue.maxOffsetInQueue() - 1;
        long left = -1;
        long right = -1;
        long leftTime = -1;
        long rightTime = -1;
        while (high >= low) {
            long mid = (low + high) >>> 1;
            long time = storeTime(mid);
            if (time == timestamp) {
                return mid;
            }
            if (time > timestamp) {
                high = mid - 1;
                right = mid;
                rightTime = time;
            } else {
                low = mid + 1;
                left = mid;
                leftTime = time;
            }
        }
        if (right < 0) {
            return Math.max(left, 0);
        }
        if (left < 0 || leftTime < 0) {
            return right;
        }
        return Math.abs(timestamp - leftTime) > Math.abs(timestamp - rightTime) ? right : left;
    }

    private long storeTime(long queueOffset) {
        Entry e = queue.entry(queueOffset);
        if (e == null || e.isFiller() || !e.isWritten() || e.commitLogOffset() < commitLog.minOffset()) {
            return -1;
        }
        return commitLog.pickupStoreTimestamp(e.commitLogOffset(), e.size());
    }
}
