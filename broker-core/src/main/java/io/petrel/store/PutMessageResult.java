package io.petrel.store;

import io.petrel.store.commitlog.AppendMessageResult;

/**
 * The answer to a put: a status, what was appended (null when nothing was) and a remark for the
 * operator (empty on success).
 */
public record PutMessageResult(PutMessageStatus status, AppendMessageResult appendMessageResult, String remark) {

    public static PutMessageResult failed(PutMessageStatus status, String remark) {
        return new PutMessageResult(status, null, remark);
    }

    public boolean isOk() {
        return status == PutMessageStatus.PUT_OK;
    }

    /** Whether the message bytes are in the commit log (even when not known durable). */
    public boolean isAppended() {
        return appendMessageResult != null;
    }
}
