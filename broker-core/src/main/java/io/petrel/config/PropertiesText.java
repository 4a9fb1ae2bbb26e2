package io.petrel.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads {@code .properties} text as RocketMQ does (java.util.Properties syntax: comments, escapes,
 * continuation lines) into a map sorted by key, so nothing downstream depends on hash order.
 */
public final class PropertiesText {

    private PropertiesText() {
    }

    public static Map<String, String> parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("malformed properties text: " + e.getMessage());
        }
        Map<String, String> sorted = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            sorted.put(name, properties.getProperty(name));
        }
        return new LinkedHashMap<>(sorted);
    }
}
