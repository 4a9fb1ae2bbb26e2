package io.petrel.scenarios.frames;

import java.nio.ByteBuffer;

/**
 * One fuzzed frame: its payload (a RocketMQ frame without the 4-byte length, as the seams carry it),
 * what was done to it, and what its answer must show. {@code fieldToName} is the header field whose
 * value is missing or does not parse as its type: a refusal must name it. {@code aclMustRefuse}: the
 * frame was signed before a mutation changed what the signature covers (or its text was made non-UTF-8
 * after encoding), so a broker with ACL on must refuse it, whatever the field.
 */
public record FuzzFrame(int code, int opaque, Mutation mutation, String field, String fieldToName, boolean oneway,
        ByteBuffer payload, boolean aclMustRefuse) {

    public String describe() {
        return "code " + code + " " + mutation + (field == null ? "" : " of '" + field + "'")
                + (oneway ? " (oneway)" : "") + (aclMustRefuse ? " (signature no longer matches)" : "");
    }
}
