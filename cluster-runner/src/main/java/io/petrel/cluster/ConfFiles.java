package io.petrel.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The shipped conf/ files as an operator edits them: a copy with some {@code key=value} lines
 * replaced (comments and every other line kept) and missing keys appended. The launcher writes
 * each node's file this way; process tests of {@code bin/} edit the shipped files with it too.
 */
public final class ConfFiles {

    private ConfFiles() {
    }

    /** Writes {@code shipped} to {@code target} with {@code values} replacing or adding lines. */
    public static Path edit(Path shipped, Path target, Map<String, String> values) throws IOException {
        Map<String, String> left = new LinkedHashMap<>(values);
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(shipped, StandardCharsets.ISO_8859_1)) {
            String key = keyOf(line);
            if (key != null && left.containsKey(key)) {
                lines.add(key + "=" + left.remove(key));
            } else {
                lines.add(line);
            }
        }
        left.forEach((k, v) -> lines.add(k + "=" + v));
        Files.createDirectories(target.getParent());
        return Files.write(target, lines, StandardCharsets.ISO_8859_1);
    }

    /** Writes a file of {@code values} alone, one {@code key=value} line each, in order. */
    public static Path write(Path target, Map<String, String> values) throws IOException {
        List<String> lines = new ArrayList<>();
        values.forEach((k, v) -> lines.add(k + "=" + v));
        Files.createDirectories(target.getParent());
        return Files.write(target, lines, StandardCharsets.ISO_8859_1);
    }

    /** The value {@code file} sets for {@code key}, trimmed, or {@code fallback} when it sets none. */
    public static String valueOf(Path file, String key, String fallback) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        return p.getProperty(key, fallback).trim();
    }

    /** The key a line sets, or null for comments and blank lines. */
    public static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("!") || !t.contains("=")) {
            return null;
        }
        return t.substring(0, t.indexOf('=')).strip();
    }
}
