package io.petrel.real.main;

import java.io.File;

/**
 * Points slf4j-simple at a log file before the first logger exists. Must run first in main:
 * slf4j-simple reads its settings once.
 */
final class Logging {

    private Logging() {
    }

    /** How many earlier logs of a server are kept ({@code name.log.1} is the newest). */
    private static final int KEPT_LOGS = 5;

    /**
     * A server's log: {@code <dir>/<name>.log}, slf4j-simple pointed at it. slf4j-simple truncates
     * the file it opens, so the previous run's log (the one that tells why a node crashed) is first
     * moved aside ({@link #rotate}). Returns the file's path.
     */
    static String serverLog(String dir, String name) {
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
            rotate(dir, name);
        }
        return toFile(dir, name);
    }

    /**
     * Moves the previous run's {@code <dir>/<name>.log} to {@code name.log.1}, shifting older ones
     * up to {@code name.log.5}, and returns the path of the (now absent) {@code name.log}.
     */
    static File rotate(String dir, String name) {
        new File(dir).mkdirs();
        File file = new File(dir, name + ".log");
        if (file.length() > 0) {
            for (int i = KEPT_LOGS - 1; i >= 1; i--) {
                File older = new File(file.getPath() + "." + i);
                if (older.exists() && !older.renameTo(new File(file.getPath() + "." + (i + 1)))) {
                    break;
                }
            }
            if (!file.renameTo(new File(file.getPath() + ".1"))) {
                System.err.println("WARN: could not keep the previous log " + file + "; it is overwritten");
            }
        }
        return file;
    }

    /** Logs to {@code <dir>/<name>.log}; returns the file's path. */
    static String toFile(String dir, String name) {
        new File(dir).mkdirs();
        String file = dir + File.separator + name + ".log";
        setIfAbsent("org.slf4j.simpleLogger.logFile", file);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", DATE_TIME_FORMAT);
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "true");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        return file;
    }

    /** The time stamp of every server log line (also of the lines a refused start writes itself). */
    static final String DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss,SSS";

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** For short-lived tools: only warnings and errors, to {@code <logDir>/<name>.log}, never to stdout. */
    static String quietlyToFile(String name) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        return toFile(Machine.logDir(), name);
    }
}
