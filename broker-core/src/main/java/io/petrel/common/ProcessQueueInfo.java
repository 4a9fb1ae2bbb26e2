package io.petrel.common;

/**
 * A push consumer's view of one queue it owns, as GET_CONSUMER_RUNNING_INFO reports it: committed
 * offset, cached messages, lock state and the times of its last pull and consumption.
 */
public record ProcessQueueInfo(long commitOffset, long cachedMsgMinOffset, long cachedMsgMaxOffset, int cachedMsgCount,
        int cachedMsgSizeInMiB, long transactionMsgMinOffset, long transactionMsgMaxOffset, int transactionMsgCount,
        boolean locked, long tryUnlockTimes, long lastLockTimestamp, boolean droped, long lastPullTimestamp,
        long lastConsumeTimestamp) {
}
