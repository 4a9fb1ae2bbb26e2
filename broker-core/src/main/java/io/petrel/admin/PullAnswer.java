package io.petrel.admin;

import java.util.List;

/**
 * A broker's answer to one admin pull: its status (FOUND, NO_NEW_MSG, NO_MATCHED_MSG,
 * OFFSET_ILLEGAL, as RocketMQ's PullStatus), where to pull next, the queue's bounds, and the
 * messages found (already filtered by tag, as the client does).
 */
public record PullAnswer(Status status, long nextBeginOffset, long minOffset, long maxOffset, List<AdminMessage> messages) {

    /** RocketMQ's pull statuses, printed by name. */
    public enum Status { FOUND, NO_NEW_MSG, NO_MATCHED_MSG, OFFSET_ILLEGAL }
}
