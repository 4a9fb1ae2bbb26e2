package io.petrel.real.main;

import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigKey;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.config.PropertiesText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a properties file into a registry's values, turning every problem into a clear message. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** A problem that should stop start-up; the message is for the operator. */
    static final class StartupError extends Exception {
        StartupError(String message) {
            super(message);
        }
    }

    /** Petrel accepts {@code ~/...} in any value (store paths in shipped conf files) and expands it here. */
    static void expandHome(Map<String, String> properties, String userHome) {
        properties.replaceAll((key, value) -> value.startsWith("~/") ? userHome + value.substring(1) : value);
    }

    /**
     * The properties a server starts from: {@code file}'s (none when null), then {@code overrides}
     * (command-line options), with {@code ~/} expanded.
     */
    static Map<String, String> read(String file, Map<String, String> overrides, ConfigContext context)
            throws StartupError {
        Map<String, String> properties = new LinkedHashMap<>();
        if (file != null) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new StartupError("config file " + file + " does not exist or is not a file");
            }
            try {
                properties.putAll(PropertiesText.parse(Files.readString(path, StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                throw new StartupError("cannot read config file " + file + ": " + e.getMessage());
            } catch (ConfigException e) {
                throw new StartupError("config file " + file + ": " + e.getMessage());
            }
        }
        properties.putAll(overrides);
        expandHome(properties, context.userHome());
        return properties;
    }

    /**
     * Binds {@code properties} to {@code registry}'s keys. Unknown keys and keys set without effect
     * become warnings in {@code notes}; bad values (including a key Petrel refuses, such as
     * enableDLegerCommitLog=true) stop start-up, every problem named.
     */
    static ConfigValues bind(ConfigRegistry registry, Map<String, String> properties, String file,
            ConfigContext context, StartupNotes notes) throws StartupError {
        try {
            ConfigValues values = registry.bind(properties, context, false);
            values.warnings().forEach(w -> notes.warn(w + (file == null ? "" : " in " + file)));
            values.noEffectWarnings().forEach(notes::warn);
            return values;
        } catch (ConfigException e) {
            e.warnings().forEach(w -> notes.warn(w + (file == null ? "" : " in " + file)));
            throw new StartupError("bad configuration" + (file == null ? "" : " in " + file) + ":\n  "
                    + String.join("\n  ", e.problems()));
        }
    }

    /**
     * What {@code -p} (every key) and {@code -m} (the important ones) print: {@code key=value} in
     * registry order, as RocketMQ prints them, so the output is itself a valid properties file. A
     * key Petrel accepts for compatibility but treats differently (thread pool sizes, Netty tuning,
     * features it does not have) is preceded by a {@code #} comment saying so.
     */
    static List<String> render(ConfigValues values, boolean importantOnly) {
        List<String> lines = new ArrayList<>();
        for (ConfigKey<?> key : values.registry().keys()) {
            if (importantOnly && !key.important()) {
                continue;
            }
            if (!key.petrelNote().isEmpty()) {
                lines.add("# " + key.name() + ": " + key.petrelNote());
            }
            lines.add(key.name() + "=" + values.formatted(key));
        }
        return lines;
    }
}
