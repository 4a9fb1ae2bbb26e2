package io.petrel.scenarios.frames;

/**
 * How a fuzzed frame departs from a well-formed request. Not stored or sent, so no codes. The first
 * group changes one header field or the body of a request that still decodes; the second breaks the
 * frame itself, which RocketMQ answers by closing the connection.
 */
public enum Mutation {
    NONE,
    MISSING_FIELD,
    WRONG_TYPE,
    NEGATIVE_NUMBER,
    HUGE_NUMBER,
    LONG_STRING,
    ILLEGAL_STRING,
    NON_UTF8_STRING,
    EXTRA_FIELDS,
    BODY_GARBAGE,
    DEEP_JSON_BODY,
    ONEWAY,
    UNKNOWN_CODE,
    BAD_META,
    BIT_FLIP,
    BAD_HEADER_LENGTH,
    TRUNCATED,
    UNKNOWN_SERIALIZE_TYPE,
    DEEP_JSON_HEADER;

    /** Whether the frame is broken below the header's fields (it may not decode at all). */
    public boolean breaksFraming() {
        return ordinal() >= BIT_FLIP.ordinal();
    }
}
