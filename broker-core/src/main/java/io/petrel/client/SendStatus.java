package io.petrel.client;

/** How a send ended (RocketMQ's SendStatus): stored, or stored without the promised flush or replica. */
public enum SendStatus {
    SEND_OK,
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE
}
