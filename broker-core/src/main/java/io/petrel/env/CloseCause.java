package io.petrel.env;

import java.util.Objects;

/** Why a connection closed, as reported to {@link ConnectionHandler#onClose}. */
public record CloseCause(Kind kind, String detail) {

    /** The kinds of close both runtimes report. */
    public enum Kind {
        /** This side called {@link Connection#close()}. */
        LOCAL_CLOSE,
        /** The peer closed the connection in an orderly way. */
        PEER_CLOSED,
        /** The connection broke: reset, partition, peer crash, IO error. */
        RESET,
        /** The peer sent bytes that are not a valid frame (bad or absurd length). */
        PROTOCOL_ERROR,
        /** A frame larger than {@link Network#MAX_FRAME_BYTES} was sent or received. */
        FRAME_TOO_LARGE
    }

    public CloseCause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public static CloseCause of(Kind kind, String detail) {
        return new CloseCause(kind, detail);
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? kind.name() : kind + ": " + detail;
    }
}
