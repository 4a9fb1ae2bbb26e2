package io.petrel.env;

import java.util.Objects;

/**
 * A disk operation failed. The message always names the path and what went wrong, so it can be
 * passed to an operator as is. Nothing is partially applied when this is thrown: a failed write
 * wrote nothing (except an {@link Kind#IO_ERROR} from a device fault, after which the written
 * range's content is unspecified), a failed create created nothing.
 */
public final class DiskException extends RuntimeException {

    /** What failed, so callers can react without parsing messages. */
    public enum Kind {
        NOT_FOUND,
        ALREADY_EXISTS,
        /** Not enough free space to create the file. */
        NO_SPACE,
        /** A read or write beyond the file's fixed size. */
        OUT_OF_BOUNDS,
        /** The file handle was closed (or belonged to a crashed process). */
        CLOSED,
        /** The device reported an error, or a {@code force} failed. */
        IO_ERROR
    }

    private final Kind kind;
    private final String path;

    public DiskException(Kind kind, String path, String message) {
        super(kind + " " + path + ": " + message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.path = Objects.requireNonNull(path, "path");
    }

    public DiskException(Kind kind, String path, String message, Throwable cause) {
        super(kind + " " + path + ": " + message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.path = Objects.requireNonNull(path, "path");
    }

    public Kind kind() {
        return kind;
    }

    public String path() {
        return path;
    }
}
