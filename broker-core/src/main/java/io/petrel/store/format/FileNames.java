package io.petrel.store.format;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How store files are named: commit-log and consume-queue files by their 20-digit zero-padded start
 * offset ({@code 00000000001073741824}), index files by creation time {@code yyyyMMddHHmmssSSS} in
 * the broker's time zone. Stateless.
 */
public final class FileNames {

    private static final DateTimeFormatter INDEX_NAME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT);

    private FileNames() {
    }

    public static String offsetToFileName(long offset) {
        return String.format(Locale.ROOT, "%020d", offset);
    }

    /** The start offset a 20-digit name stands for, or -1 when the name is not one. */
    public static long fileNameToOffset(String name) {
        if (name.length() != 20) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static String indexFileName(long epochMs, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), zone).format(INDEX_NAME);
    }

    public static boolean isIndexFileName(String name) {
        if (name.length() != 17) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
