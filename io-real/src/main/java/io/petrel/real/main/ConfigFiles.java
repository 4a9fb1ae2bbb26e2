package io.petrel.real.main;

import io.petrel.config.ConfigContext;
import io.petrel.config.ConfigException;
import io.petrel.config.ConfigRegistry;
import io.petrel.config.ConfigValues;
import io.petrel.config.PropertiesText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    static ConfigValues bind(ConfigRegistry registry, String file, Map<String, String> overrides,
            ConfigContext context, PrintStream warnings) throws StartupError {
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
        try {
            ConfigValues values = registry.bind(properties, context, false);
            values.warnings().forEach(w -> warnings.println("WARN: " + w + (file == null ? "" : " in " + file)));
            return values;
        } catch (ConfigException e) {
            throw new StartupError("bad configuration" + (file == null ? "" : " in " + file) + ":\n  "
                    + String.join("\n  ", e.problems()));
        }
    }
}
