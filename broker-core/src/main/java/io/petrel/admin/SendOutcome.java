package io.petrel.admin;

import io.petrel.common.MessageQueue;

/**
 * sendMessage's result: the queue it went to, RocketMQ's send status (SEND_OK, FLUSH_DISK_TIMEOUT,
 * FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE), the client id and the broker's offsetMsgId.
 */
public record SendOutcome(MessageQueue queue, String sendStatus, String msgId, String offsetMsgId, long queueOffset) {
}
