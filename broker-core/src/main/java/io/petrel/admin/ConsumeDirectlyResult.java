package io.petrel.admin;

/**
 * A consumer's answer to CONSUME_MESSAGE_DIRECTLY (RocketMQ's ConsumeMessageDirectlyResult body,
 * field names as on the wire, including its {@code spentTimeMills}): how the client's listener
 * took the message it was handed.
 */
public record ConsumeDirectlyResult(boolean order, boolean autoCommit, String consumeResult, String remark,
        long spentTimeMills) {
}
