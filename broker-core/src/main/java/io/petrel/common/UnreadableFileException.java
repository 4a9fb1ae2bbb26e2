package io.petrel.common;

/**
 * A file a node persisted that cannot be read back at start: a disk error, content that is not
 * the file's JSON shape, or a value the node never writes (a null where a table entry belongs).
 * It names the file, so whoever decides what to do (start without it, or refuse to start) can say
 * which file and why. The node never writes such a file itself: its writers and readers share one
 * format and one set of limits ({@link Json}).
 */
public final class UnreadableFileException extends RuntimeException {

    private final String path;
    private final String reason;

    public UnreadableFileException(String path, String reason) {
        super(path + " cannot be read: " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The file. */
    public String path() {
        return path;
    }

    /** Why it cannot be read, without the path. */
    public String reason() {
        return reason;
    }
}
