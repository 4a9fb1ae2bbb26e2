package io.petrel.common;

/** How a consumer group shares messages; declared in RocketMQ's order (ordinals are accepted on read). */
public enum MessageModel {
    BROADCASTING,
    CLUSTERING
}
