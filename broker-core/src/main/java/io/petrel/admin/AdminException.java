package io.petrel.admin;

import io.petrel.common.BodyException;
import io.petrel.remoting.ResponseCode;

/**
 * Why an admin call failed, in words an operator can act on: which NameServer or broker, which
 * request, and what it answered. {@link #kind()} lets callers (mqadmin's exit codes, fallbacks
 * such as resetOffsetByTime's offline path) tell the cases apart without parsing messages.
 */
public final class AdminException extends RuntimeException {

    /** The kinds of failure callers treat differently. */
    public enum Kind {
        /** No NameServer address was given. */
        NO_NAMESRV_ADDRESS,
        /** None of the given NameServers could be reached. */
        NAMESRV_UNREACHABLE,
        /** A broker could not be connected to, or the connection closed before it answered. */
        BROKER_UNREACHABLE,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The NameServer has no route for the topic. */
        TOPIC_NOT_EXIST,
        /** The peer answered with an error code; {@link #code()} and {@link #remark()} say which. */
        REMOTE_ERROR,
        /** The peer answered SUCCESS with a body that does not parse. */
        BAD_RESPONSE,
        /** What was asked for does not exist (a cluster, a broker name, a group that never consumed). */
        NOT_FOUND,
        /** An argument is invalid (an address, a message id, a topic name). */
        INVALID_ARGUMENT,
        /** A bug: an unexpected exception inside the admin client. */
        INTERNAL
    }

    private final Kind kind;
    private final int code;
    private final String remark;

    public AdminException(Kind kind, String message) {
        this(kind, -1, null, message);
    }

    private AdminException(Kind kind, int code, String remark, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.remark = remark;
    }

    /** A peer's error answer: "broker 1.2.3.4:10911 answered UPDATE_AND_CREATE_TOPIC(17) with SYSTEM_ERROR(1): ...". */
    public static AdminException remote(String peer, String request, int code, String remark) {
        String text = peer + " answered " + request + " with " + ResponseCode.describe(code)
                + (remark == null || remark.isBlank() ? "" : ": " + remark.trim());
        return new AdminException(Kind.REMOTE_ERROR, code, remark, text);
    }

    public static AdminException topicNotExist(String topic) {
        return new AdminException(Kind.TOPIC_NOT_EXIST, ResponseCode.TOPIC_NOT_EXIST, null,
                "topic " + topic + " does not exist (the NameServer has no route for it)");
    }

    /** Turns an exception thrown inside a callback into a failure of the promise. */
    static AdminException wrap(RuntimeException e) {
        if (e instanceof AdminException admin) {
            return admin;
        }
        if (e instanceof BodyException body) {
            return new AdminException(Kind.BAD_RESPONSE, body.getMessage());
        }
        AdminException internal = new AdminException(Kind.INTERNAL, "internal error in the admin client: " + e);
        internal.initCause(e);
        return internal;
    }

    public Kind kind() {
        return kind;
    }

    /** The response code of a {@link Kind#REMOTE_ERROR} or TOPIC_NOT_EXIST, else -1. */
    public int code() {
        return code;
    }

    /** The peer's remark of a {@link Kind#REMOTE_ERROR}, or null. */
    public String remark() {
        return remark;
    }

    /** This error with more context in front: "create topic on 1.2.3.4:10911: ...". */
    public AdminException prefixed(String context) {
        AdminException e = new AdminException(kind, code, remark, context + ": " + getMessage());
        e.initCause(getCause());
        return e;
    }
}
