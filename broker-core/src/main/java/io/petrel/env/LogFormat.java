package io.petrel.env;

/** Fills {@code {}} placeholders the way {@link NodeLog} promises. */
public final class LogFormat {

    private LogFormat() {
    }

    /**
     * Replaces each {@code {}} with the next argument. A trailing {@link Throwable} that no
     * placeholder consumed is left for the caller (see {@link #trailingThrowable}).
     */
    public static String format(String message, Object... args) {
        if (args == null || args.length == 0 || message.indexOf("{}") < 0) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 16 * args.length);
        int argIndex = 0;
        int from = 0;
        int at;
        while ((at = message.indexOf("{}", from)) >= 0 && argIndex < args.length) {
            out.append(message, from, at).append(args[argIndex++]);
            from = at + 2;
        }
        out.append(message, from, message.length());
        return out.toString();
    }

    /** The last argument if it is a Throwable that no placeholder consumed, else null. */
    public static Throwable trailingThrowable(String message, Object... args) {
        if (args == null || args.length == 0 || !(args[args.length - 1] instanceof Throwable t)) {
            return null;
        }
        int placeholders = 0;
        for (int i = message.indexOf("{}"); i >= 0; i = message.indexOf("{}", i + 2)) {
            placeholders++;
        }
        return placeholders < args.length ? t : null;
    }
}
