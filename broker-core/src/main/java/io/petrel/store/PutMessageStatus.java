package io.petrel.store;

/**
 * How a put ended, RocketMQ's {@code PutMessageStatus} plus {@link #FLUSH_DISK_FAILED}. Only
 * {@link #PUT_OK} (and, for a SYNC_MASTER, the replication statuses) means the message is stored as
 * the configuration promises.
 */
public enum PutMessageStatus {
    PUT_OK,
    /** SYNC_FLUSH: no force covered the message within {@code syncFlushTimeout}; it is stored, maybe not durable. */
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE,
    /** The store refuses writes: starting, shutting down, disk full, a failed force, a stalled dispatch. */
    SERVICE_NOT_AVAILABLE,
    CREATE_MAPEDFILE_FAILED,
    MESSAGE_ILLEGAL,
    PROPERTIES_SIZE_EXCEEDED,
    /** Too many SYNC_FLUSH puts are waiting for a force. */
    OS_PAGECACHE_BUSY,
    UNKNOWN_ERROR,
    /**
     * Petrel: the force that covered the message failed (apache/rocketmq#2706 answered SEND_OK here).
     * The message is in the commit log but not known durable; the broker answers FLUSH_DISK_TIMEOUT
     * with the failure in the remark.
     */
    FLUSH_DISK_FAILED
}
