package io.petrel.store.commitlog;

/** How an append ended (RocketMQ's {@code AppendMessageStatus}, without its internal END_OF_FILE). */
public enum AppendMessageStatus {
    PUT_OK,
    /** Topic, queue id, delay or batch shape that cannot be stored. */
    MESSAGE_ILLEGAL,
    MESSAGE_SIZE_EXCEEDED,
    PROPERTIES_SIZE_EXCEEDED,
    /** A new commit-log file could not be created (disk full). */
    CREATE_MAPEDFILE_FAILED,
    /** The write itself failed; nothing was written. */
    UNKNOWN_ERROR
}
