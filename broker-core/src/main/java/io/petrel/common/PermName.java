package io.petrel.common;

import java.util.Locale;

/** RocketMQ's permission bits for topics and brokers, and their printed form ("RW-"). */
public final class PermName {

    public static final int PERM_PRIORITY = 8;
    public static final int PERM_READ = 4;
    public static final int PERM_WRITE = 2;
    public static final int PERM_INHERIT = 1;

    private PermName() {
    }

    public static boolean isReadable(int perm) {
        return (perm & PERM_READ) != 0;
    }

    public static boolean isWriteable(int perm) {
        return (perm & PERM_WRITE) != 0;
    }

    public static boolean isInherited(int perm) {
        return (perm & PERM_INHERIT) != 0;
    }

    /** "RWX" style as mqadmin prints it: R, W, X for inherit, '-' for each missing bit. */
    public static String toText(int perm) {
        return (isReadable(perm) ? "R" : "-") + (isWriteable(perm) ? "W" : "-") + (isInherited(perm) ? "X" : "-");
    }

    /**
     * Parses mqadmin's {@code -p} value: "W", "R", "WR"/"RW" or a number 2, 4, 6.
     *
     * @throws IllegalArgumentException naming the text
     */
    public static int parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "W", "2" -> PERM_WRITE;
            case "R", "4" -> PERM_READ;
            case "WR", "RW", "6" -> PERM_READ | PERM_WRITE;
            default -> throw new IllegalArgumentException("permission must be W, R or WR (2, 4 or 6), not '" + text + "'");
        };
    }
}
