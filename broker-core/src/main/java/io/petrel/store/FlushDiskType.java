package io.petrel.store;

/**
 * When a put is acknowledged (RocketMQ's {@code FlushDiskType}): ASYNC_FLUSH answers as soon as the
 * bytes are in the page cache and forces them on a timer; SYNC_FLUSH answers only after a force that
 * covers the message completed (group commit).
 */
public enum FlushDiskType {
    ASYNC_FLUSH,
    SYNC_FLUSH
}
