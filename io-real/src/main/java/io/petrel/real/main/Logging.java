package io.petrel.real.main;

import java.io.File;

/**
 * Points slf4j-simple at a log file before the first logger exists. Must run first in main:
 * slf4j-simple reads its settings once.
 */
final class Logging {

    private Logging() {
    }

    /** Logs to {@code <logDir>/<name>.log}; returns the file's path. */
    static String toFile(String name) {
        String dir = Machine.logDir();
        new File(dir).mkdirs();
        String file = dir + File.separator + name + ".log";
        setIfAbsent("org.slf4j.simpleLogger.logFile", file);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss,SSS");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "true");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        return file;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** For short-lived tools: only warnings and errors, to {@code <logDir>/<name>.log}, never to stdout. */
    static String quietlyToFile(String name) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        return toFile(name);
    }
}
